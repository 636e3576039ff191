/* rings.h - the per-CPU record rings snoop maps into its own memory
 * (--buffer=mapped, bpf/snoop.h's SNOOP_MAPPED): made, put in the BPF
 * program's map of maps, read in place, and swapped for larger ones when
 * records were lost.
 *
 * The BPF side writes a record with plain stores and moves the ring's head;
 * reading one is a look at head and a walk over the frames up to it, then
 * a store of the tail. No system call per read: the only wake-up is the
 * doorbell the BPF side rings on "events" every bell_every bytes.
 */
#ifndef SNOOP_RINGS_H
#define SNOOP_RINGS_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "BPF.h"
#include "bpf/snoop.h"

struct ring {
	int cpu, fd;
	uint8_t *mem;                  /* the map, mapped: entry 0 the head */
	size_t len;
	struct snoop_ring_head *h;
	uint64_t mask, tail;           /* chunks - 1; where reading got to */
};

struct rings {
	struct ring r[SBPF_MAX_CPUS];  /* one per online CPU */
	int n;
	unsigned chunks;               /* per CPU, now */
	uint64_t bad;                  /* frames that cannot be records (never from our program) */
};

/* A record as fn gets it: cpu's, size bytes at rec (valid during the call). */
typedef void (*ring_record_fn)(void *ctx, int cpu, const void *rec, size_t size);

/* Chunks that hold bytes: a power of two, at least 2. */
unsigned rings_chunks(uint64_t bytes);
/* Makes a ring of rings_chunks(bytes) for every online CPU and puts each
 * in b's "rings" map. 0, or -1 with err. */
int rings_open(struct rings *rs, struct sbpf *b, uint64_t bytes, char *err, size_t errlen);
/* Hands fn every record ring i holds now, then frees their room. */
uint64_t rings_read(struct rings *rs, int i, ring_record_fn fn, void *ctx);
/* Replaces every ring with one of rings_chunks(bytes): the new ones are
 * put in place, then, once no BPF program can still be writing to an old
 * one, the old ones are read to the end (through fn) and freed. No record
 * is lost or reordered on the way. 0, or -1 with err (nothing changed for
 * the CPUs not done yet). */
int rings_grow(struct rings *rs, struct sbpf *b, uint64_t bytes, ring_record_fn fn, void *ctx,
	       char *err, size_t errlen);
void rings_close(struct rings *rs);

#endif
