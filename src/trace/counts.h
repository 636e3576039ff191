/* counts.h - -c's counts as the kernel keeps them: the per-CPU summary map
 * read into a struct summary (record/summary.h), and --interval's switch
 * to a fresh generation of entries so none is lost between two reads. */
#ifndef SNOOP_COUNTS_H
#define SNOOP_COUNTS_H

#include <stdint.h>
#include "BPF.h"
#include "record/sink.h"
#include "record/summary.h"
#include "trace/handle.h"

/* Adds the entries of generation gen, every CPU's share, to out; deletes
 * them from the map with del. 0, or -1 (out of memory, map unreadable). */
int counts_read(const struct tracer *t, __u32 gen, struct summary *out, int del);
/* Calls the kernel could not count: its table was full. */
uint64_t counts_uncounted(const struct tracer *t);

/* -c / -C: the tables printed through a sink, at the end and with
 * --interval every interval. An interval switches BPF to a fresh
 * generation of entries, and its table is read COUNTS_GRACE_NS later, once
 * no program can still be adding to it (one runs for microseconds): no
 * call falls between two tables, and the reader reads on meanwhile. */
#define COUNTS_GRACE_NS 20000000ull
struct counting {
	struct tracer *t;
	struct sink *sink;
	int sort, histogram;       /* -S, --histogram */
	uint64_t interval_ns;      /* --interval, 0: none */
	uint64_t next_ns;          /* the current interval's end (CLOCK_MONOTONIC) */
	__u32 generation;          /* BPF counts into this one */
	int grace;                 /* generation - 1 waits for its grace to end */
	int failed;                /* a table could not be read or written */
};
void counting_start(struct counting *c, struct tracer *t, struct sink *sink, int sort, int histogram,
		    unsigned interval_s);
/* The reader's timer (reader.h) for --interval: switches the generation or
 * prints the previous one; returns when it wants to be called next. */
uint64_t counting_tick(void *c, uint64_t now);
/* The last table: what the current generation holds (and one still in its
 * grace); then, on stderr, the calls the kernel's full table could not
 * count. */
void counting_finish(struct counting *c, int per_process);

#endif
