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
	/* the map's address range, reserved whole; mapped from its start up
	 * to mapped only (entry 0, the head, first): a mapped page counts in
	 * snoop's RSS, so a ring is mapped as far as its reader has reached,
	 * the reach four times as far each time (few mappings) */
	uint8_t *mem;
	size_t len, mapped;
	size_t hole_end;               /* a mapping up to here was refused (0: none): read no further */
	struct snoop_ring_head *h;
	uint64_t mask, tail;           /* chunks - 1; where reading got to */
};

struct rings {
	struct ring r[SBPF_MAX_CPUS];  /* one per online CPU */
	/* r[i]'s ring before the last growth (fd -1: none), still read for
	 * RINGS_RETIRE_NS: a program that found it before the swap may still
	 * be writing its record there */
	struct ring old[SBPF_MAX_CPUS];
	uint64_t retired_ns;           /* when the old ones were swapped out */
	int n;
	unsigned chunks;               /* per CPU, now */
	uint64_t bad;                  /* frames that cannot be records (never from our program) */
	/* --lossless: a ring's pause_at (bpf/snoop.h), half its chunks; 0: off */
	int lossless;
	/* a pause frame read: tgid's pause number seq (bpf/snoop.h), with the
	 * ctx of the read's fn; NULL: ignored */
	void (*paused)(void *ctx, int cpu, uint32_t tgid, uint32_t seq);
	uint64_t pauses;               /* pause frames read */
	/* why a ring could not be mapped further, or "": its reading stopped
	 * there; the records the full ring refused are counted lost, and the
	 * growth that follows (unless at its largest) gives the CPU a new ring */
	char fault[160];
};

#define RINGS_RETIRE_NS 1000000000ull   /* a program runs for microseconds */

/* A record as fn gets it: cpu's, size bytes at rec (valid during the call). */
typedef void (*ring_record_fn)(void *ctx, int cpu, const void *rec, size_t size);

/* Mapped at first: the head and the first chunks, all a short run uses. */
#define RINGS_FIRST_MAP (256u << 10)

/* Chunks that hold bytes: a power of two, at least 2. */
unsigned rings_chunks(uint64_t bytes);
/* Makes a ring of rings_chunks(bytes) for every online CPU and puts each
 * in b's "rings" map; lossless: each stops the processes writing when
 * half full. 0, or -1 with err. */
int rings_open(struct rings *rs, struct sbpf *b, uint64_t bytes, int lossless, char *err, size_t errlen);
/* Maps the ring of chunks in fd (an mmapable array of chunks + 1
 * elements, or a file laid out as one) for cpu: its range reserved, its
 * first RINGS_FIRST_MAP bytes mapped, its head set. 0, or -1 with err
 * (the range reserved stays in r->mem, NULL if none, for the caller to
 * unmap; fd stays open). */
int ring_map(struct ring *r, int cpu, int fd, unsigned chunks, char *err, size_t errlen);
/* Hands fn every record ring i holds now (and rs->paused every pause
 * frame, in its place among them), then frees their room. */
uint64_t rings_read(struct rings *rs, int i, ring_record_fn fn, void *ctx);
/* The same for ring i's retired ring, if it has one (0 records if not). */
uint64_t rings_read_old(struct rings *rs, int i, ring_record_fn fn, void *ctx);
/* Is there a retired ring for ring i? */
int rings_have_old(const struct rings *rs, int i);
/* Replaces every ring with one of rings_chunks(bytes): the new ones take
 * the records from now on; the old ones are retired (read on by
 * rings_read_old) and freed by rings_reap once nothing can still write to
 * them. The reader is never held up: a grace period here took 50 ms, time
 * in which the full old rings lost records. Rings still retired from an
 * earlier growth are read (through fn) and freed first. 0, or -1 with err
 * (the CPUs not done keep their rings). */
int rings_grow(struct rings *rs, struct sbpf *b, uint64_t bytes, uint64_t now_ns, ring_record_fn fn,
	       void *ctx, char *err, size_t errlen);
/* Frees the retired rings once RINGS_RETIRE_NS have passed, after a last
 * read through fn: 1 if it did (their streams have ended), else 0. */
int rings_reap(struct rings *rs, uint64_t now_ns, ring_record_fn fn, void *ctx);
void rings_close(struct rings *rs);

#endif
