/* merge.h - the per-CPU record streams merged into one, in the order the
 * calls completed.
 *
 * Each CPU's buffer holds its records in the order they completed on that
 * CPU. A thread that migrates leaves its earlier records in one CPU's
 * buffer and its later ones in another's; reading the buffers one after the
 * other would let it overtake itself. So records are held here, one queue
 * per CPU, and released in completion order (exit time: entry time +
 * duration; entry time for calls that never return) once no CPU can still
 * deliver an earlier one: each CPU's horizon says up to when it has been
 * read. A thread's calls do not overlap, so completion order is also the
 * order of their entry times.
 *
 * Pure: no kernel, no I/O. The reader copies samples in, the sink gets them
 * out.
 */
#ifndef SNOOP_MERGE_H
#define SNOOP_MERGE_H

#include <stddef.h>
#include <stdint.h>

struct merge_queue;

struct merge {
	struct merge_queue *q;   /* one per CPU */
	int ncpus;
	int *busy;               /* CPUs whose queue holds records */
	int nbusy;
	uint64_t held;           /* records held now */
};

/* Queues for CPUs 0..ncpus-1. 0, or -1 when out of memory. */
int merge_init(struct merge *m, int ncpus);
void merge_free(struct merge *m);
/* Makes queues 0..nqueues-1 hold at least bytes now (their pages present
 * now, not faulted in a burst; the others grow when they must). 0, or -1
 * when out of memory. */
int merge_reserve(struct merge *m, int nqueues, size_t bytes);

/* The completion time by which a sample is ordered (a struct snoop_record
 * and its memory); 0 for a sample too short to be one. */
uint64_t merge_key(const void *sample, size_t size);
/* Holds a copy of a sample from cpu's buffer, by its key (merge_key). 0,
 * or -1 when out of memory (the sample is then not held). */
int merge_push(struct merge *m, int cpu, uint64_t key, const void *sample, size_t size);
/* cpu has been read completely: nothing that completes before t can still
 * come from it. */
void merge_horizon(struct merge *m, int cpu, uint64_t t);
/* cpu's stream has ended: its horizon no longer holds the others back
 * (until merge_horizon starts it again). Its held samples stay. */
void merge_end(struct merge *m, int cpu);
/* Hands fn every held sample that completes before every CPU's horizon,
 * and with force every one, in completion order. Returns how many. */
uint64_t merge_release(struct merge *m, int force,
		       void (*fn)(void *ctx, const void *sample, size_t size), void *ctx);

#endif
