/* transport.h - how records come from the BPF program to the reader: one
 * interface (open, poll fds, read, lost counts, grow, close) over the
 * three kinds of buffer the program can be compiled with, as libbpf-tools'
 * compat.c does for perf and ring buffers:
 *
 *   TRANSPORT_PERF     a perf buffer per CPU on "events" (transport_perf.c)
 *   TRANSPORT_RINGBUF  one BPF ring buffer, "events" (transport_ringbuf.c)
 *   TRANSPORT_MAPPED   rings per CPU that snoop maps, "rings", with "events"
 *                      as their doorbell (transport_mapped.c, on rings.h)
 *
 * The kind is the caller's: the one the program was compiled for
 * (SNOOP_RINGBUF, SNOOP_MAPPED), never guessed from the maps.
 *
 * A transport hands its records to out, each with the merge stream it
 * belongs to: records of one stream come in completion order, and a
 * horizon says a stream has been read up to a time.
 */
#ifndef SNOOP_TRANSPORT_H
#define SNOOP_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>
#include "BPF.h"

enum transport_kind {
	TRANSPORT_PERF,
	TRANSPORT_RINGBUF,
	TRANSPORT_MAPPED,
};

/* The stream of a transport that delivers in one order for every CPU
 * (the ring buffer): nothing to merge. */
#define TRANSPORT_UNORDERED (-1)

/* Where a transport's records go. */
struct transport_out {
	/* A record of cpu's (valid during the call), for stream; head: the
	 * bytes its buffer spent on it besides. */
	void (*record)(void *ctx, int cpu, int stream, const void *rec, size_t size, size_t head);
	/* stream, of cpu's buffer, has been read up to t (taken before the
	 * read): nothing completing before t can still come from it. */
	void (*horizon)(void *ctx, int cpu, int stream, uint64_t t);
	/* stream has ended (a retired ring freed). */
	void (*end)(void *ctx, int stream);
	void *ctx;
	/* --lossless, else NULL: the program stops a process writing into a
	 * half-full buffer (SIGSTOP, bpf/snoop.h's SNOOP_RING_PAUSE), and this
	 * says that tgid's records up to its pause number seq, on cpu's
	 * buffer, have been read: it may go on unless it has paused since.
	 * Only TRANSPORT_MAPPED can (the others' open fails). */
	void (*paused)(void *ctx, int cpu, uint32_t tgid, uint32_t seq);
};

struct transport;

struct transport_ops {
	/* Opens the buffers of pages per CPU. 0, or -1 with err (the caller
	 * closes what was opened). */
	int (*open)(struct transport *t, unsigned pages, unsigned wakeup_events, char *err, size_t errlen);
	/* The fds that poll readable when records wait: how many, into fds. */
	int (*poll_fds)(struct transport *t, int *fds, int max);
	/* Reads every buffer: records and horizons to out. */
	void (*read)(struct transport *t);
	/* Grows every buffer to pages: 0, 1 when there are new fds to poll, or
	 * -1 with err (the buffers not done keep their size). */
	int (*grow)(struct transport *t, unsigned pages, char *err, size_t errlen);
	void (*close)(struct transport *t);
};

struct transport {
	const struct transport_ops *ops;
	enum transport_kind kind;
	struct sbpf *b;
	struct transport_out out;
	int can_grow;
	int streams;            /* merge streams: 0..streams-1 */
	int reserved_streams;   /* those worth memory ahead (the CPUs' own) */
	size_t head;            /* what the buffer adds to a record */
	unsigned kib;           /* per CPU now */
	int loss_seen;          /* the buffer said it lost: account now */
	uint64_t bells;         /* doorbells heard (mapped) */
	uint64_t bad;           /* frames that cannot be records (mapped) */
	uint64_t pauses;        /* processes stopped for the reader (mapped, --lossless) */
	char fault[160];        /* why a buffer could not be read on, or "" (mapped) */
	void *priv;             /* the kind's own state */
};

extern const struct transport_ops transport_perf_ops, transport_ringbuf_ops, transport_mapped_ops;

/* Opens the kind's buffers on b. 0, or -1 with err; transport_close
 * either way. */
int transport_open(struct transport *t, enum transport_kind kind, struct sbpf *b, const struct transport_out *out,
		   unsigned pages, unsigned wakeup_events, char *err, size_t errlen);
static inline int transport_poll_fds(struct transport *t, int *fds, int max)
{
	return t->ops->poll_fds(t, fds, max);
}
static inline void transport_read(struct transport *t)
{
	t->ops->read(t);
}
static inline int transport_grow(struct transport *t, unsigned pages, char *err, size_t errlen)
{
	return t->ops->grow(t, pages, err, errlen);
}
/* BPF's per-CPU counts of records lost (every kind counts them in
 * "dropped"): how many CPUs, into per_cpu, or -1. */
int transport_lost(struct transport *t, uint64_t *per_cpu, int max);
void transport_close(struct transport *t);
/* The kind's name as --buffer says it. */
const char *transport_name(enum transport_kind kind);

#endif
