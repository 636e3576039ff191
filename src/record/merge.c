/* merge.c - see merge.h. */
#include <linux/types.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "bpf/snoop.h"
#include "record/merge.h"

#define QUEUE_START (64 * 1024)   /* bytes; a queue doubles when a burst needs it */

/* A held sample: its key and size, then its bytes, padded to 8. */
struct entry {
	uint64_t key;
	uint32_t size, pad;
};

struct merge_queue {
	uint8_t *buf;
	size_t cap, head, tail;   /* entries live in buf[head, tail) */
	uint64_t horizon;         /* nothing completing before it can still come */
	int live;                 /* read at least once: its horizon counts */
};

static size_t entry_bytes(size_t size)
{
	return sizeof(struct entry) + ((size + 7) & ~(size_t)7);
}

int merge_init(struct merge *m, int ncpus)
{
	memset(m, 0, sizeof(*m));
	m->q = calloc((size_t)ncpus, sizeof(*m->q));
	m->busy = calloc((size_t)ncpus, sizeof(*m->busy));
	if (!m->q || !m->busy) {
		merge_free(m);
		return -1;
	}
	m->ncpus = ncpus;
	return 0;
}

void merge_free(struct merge *m)
{
	int i;

	for (i = 0; m->q && i < m->ncpus; i++)
		free(m->q[i].buf);
	free(m->q);
	free(m->busy);
	memset(m, 0, sizeof(*m));
}

uint64_t merge_key(const void *sample, size_t size)
{
	const uint8_t *p = sample;
	uint64_t ts, duration;
	uint32_t flags;

	if (size < sizeof(struct snoop_record))
		return 0;
	/* the three fields alone: perf data is only 4-byte aligned */
	memcpy(&ts, p + offsetof(struct snoop_record, ts_ns), sizeof(ts));
	memcpy(&duration, p + offsetof(struct snoop_record, duration_ns), sizeof(duration));
	memcpy(&flags, p + offsetof(struct snoop_record, flags), sizeof(flags));
	return (flags & SNOOP_REC_NORETURN) ? ts : ts + duration;
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   /* Linux 5.14; older C libraries lack the name */
#endif

/* The pages of [p, p + n) made present, writable. One madvise asks the
 * kernel to fault them all in (Linux 5.14+): a page fault taken by a store
 * is several microseconds on these VMs, so touching 8 MiB page by page
 * took ~23 ms, against ~1.6 ms for the madvise. The ragged ends, and every
 * page on a kernel without it, are touched by stores. */
static void make_present(uint8_t *p, size_t n)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t to = ((uintptr_t)p + n) & ~(page - 1);

	if (to <= from || madvise((void *)from, to - from, MADV_POPULATE_WRITE)) {
		memset(p, 0, n);
		return;
	}
	memset(p, 0, from - (uintptr_t)p);
	memset((void *)to, 0, (uintptr_t)p + n - to);
}

/* The queue's memory is made present when it is made: faulting megabytes
 * in the middle of a burst stalled the reader long enough to lose
 * records. The reader reserves up to 4 MiB ahead (trace/reader.c's
 * open_merge): a queue that grows past it mid-burst does so while its
 * CPU's ring, larger than that, holds the records. */
static int grow_queue(struct merge_queue *q, size_t cap)
{
	uint8_t *buf = realloc(q->buf, cap);

	if (!buf)
		return -1;
	make_present(buf + q->cap, cap - q->cap);
	q->buf = buf;
	q->cap = cap;
	return 0;
}

int merge_reserve(struct merge *m, int nqueues, size_t bytes)
{
	int i;

	for (i = 0; i < nqueues && i < m->ncpus; i++)
		if (m->q[i].cap < bytes && grow_queue(&m->q[i], bytes))
			return -1;
	return 0;
}

/* Room for n more bytes at the tail: compact, or grow. */
static int make_room(struct merge_queue *q, size_t n)
{
	size_t cap;

	if (q->cap - q->tail >= n)
		return 0;
	/* moving the held records pays only when it frees half the queue:
	 * otherwise every push could move them all again */
	if (q->head && q->head >= q->cap / 2) {
		memmove(q->buf, q->buf + q->head, q->tail - q->head);
		q->tail -= q->head;
		q->head = 0;
		if (q->cap - q->tail >= n)
			return 0;
	}
	for (cap = q->cap ? q->cap * 2 : QUEUE_START; cap - q->tail < n; cap *= 2)
		;
	return grow_queue(q, cap);
}

int merge_push(struct merge *m, int cpu, uint64_t key, const void *sample, size_t size)
{
	struct merge_queue *q = &m->q[cpu];
	struct entry e = { .key = key, .size = (uint32_t)size };

	if (make_room(q, entry_bytes(size)))
		return -1;
	if (q->head == q->tail)
		m->busy[m->nbusy++] = cpu;
	memcpy(q->buf + q->tail, &e, sizeof(e));
	memcpy(q->buf + q->tail + sizeof(e), sample, size);
	q->tail += entry_bytes(size);
	q->live = 1;
	/* a CPU's records complete in the order they are in its buffer */
	if (e.key > q->horizon)
		q->horizon = e.key;
	m->held++;
	return 0;
}

void merge_horizon(struct merge *m, int cpu, uint64_t t)
{
	struct merge_queue *q = &m->q[cpu];

	q->live = 1;
	if (t > q->horizon)
		q->horizon = t;
}

void merge_end(struct merge *m, int cpu)
{
	m->q[cpu].live = 0;
	m->q[cpu].horizon = 0;
}

static uint64_t lowest_horizon(const struct merge *m)
{
	uint64_t low = UINT64_MAX;
	int i;

	for (i = 0; i < m->ncpus; i++)
		if (m->q[i].live && m->q[i].horizon < low)
			low = m->q[i].horizon;
	return low;
}

static const struct entry *head_of(const struct merge_queue *q)
{
	return (const struct entry *)(q->buf + q->head);
}

/* The busy CPU whose next record completes first (index into busy[]). */
static int earliest(const struct merge *m)
{
	int i, best = 0;

	for (i = 1; i < m->nbusy; i++)
		if (head_of(&m->q[m->busy[i]])->key < head_of(&m->q[m->busy[best]])->key)
			best = i;
	return best;
}

uint64_t merge_release(struct merge *m, int force,
		       void (*fn)(void *ctx, const void *sample, size_t size), void *ctx)
{
	uint64_t low = force ? UINT64_MAX : lowest_horizon(m), n = 0;
	struct merge_queue *q;
	const struct entry *e;
	int b;

	while (m->nbusy) {
		b = earliest(m);
		q = &m->q[m->busy[b]];
		e = head_of(q);
		if (!force && e->key >= low)
			break;
		fn(ctx, e + 1, e->size);
		q->head += entry_bytes(e->size);
		if (q->head == q->tail) {
			q->head = q->tail = 0;
			m->busy[b] = m->busy[--m->nbusy];
		}
		m->held--;
		n++;
	}
	return n;
}
