/* queue.c - see queue.h. */
#include <stdlib.h>
#include <string.h>
#include "fleet/queue.h"

int queue_init(struct queue *q, size_t cap)
{
	memset(q, 0, sizeof(*q));
	q->cap = cap;
	q->lcap = cap / QUEUE_MIN_MESSAGE + 16;
	/* malloc of this size maps pages untouched: memory comes as it fills */
	q->buf = malloc(cap);
	q->lens = malloc(q->lcap * sizeof(*q->lens));
	if (q->buf && q->lens)
		return 0;
	queue_free(q);
	return -1;
}

void queue_free(struct queue *q)
{
	free(q->buf);
	free(q->lens);
	q->buf = NULL;
	q->lens = NULL;
}

/* n bytes at the tail, wrapping */
static void put(struct queue *q, const void *src, size_t n)
{
	size_t tail = (q->head + q->used) % q->cap, first = n < q->cap - tail ? n : q->cap - tail;

	memcpy(q->buf + tail, src, first);
	memcpy(q->buf, (const char *)src + first, n - first);
	q->used += n;
}

int queue_push(struct queue *q, const void *a, size_t an, const void *b, size_t bn, int record)
{
	size_t n = an + bn;

	if (!n || n >= QUEUE_RECORD || !queue_room(q, n, 1))
		return -1;
	q->records += !!record;
	put(q, a, an);
	put(q, b, bn);
	q->lens[(q->lhead + q->count++) % q->lcap] = (uint32_t)n | (record ? QUEUE_RECORD : 0);
	return 0;
}

/* bytes [off, off + n) of the ring's content as 1 or 2 iovecs */
static int span(const struct queue *q, size_t off, size_t n, struct iovec iov[2])
{
	size_t start = (q->head + off) % q->cap, first = n < q->cap - start ? n : q->cap - start;

	if (!n)
		return 0;
	iov[0] = (struct iovec){ q->buf + start, first };
	if (first == n)
		return 1;
	iov[1] = (struct iovec){ q->buf, n - first };
	return 2;
}

int queue_iov(const struct queue *q, struct iovec iov[2])
{
	return span(q, q->sent, q->used - q->sent, iov);
}

int queue_message(const struct queue *q, size_t k, size_t *off, struct iovec iov[2])
{
	size_t len = q->lens[(q->lhead + k) % q->lcap] & ~QUEUE_RECORD, at = *off;

	*off += len;
	return span(q, at, len, iov);
}

/* the oldest message leaves; 1 if it was a record */
static int pop(struct queue *q)
{
	uint32_t len = q->lens[q->lhead];

	q->head = (q->head + (len & ~QUEUE_RECORD)) % q->cap;
	q->used -= len & ~QUEUE_RECORD;
	q->lhead = (q->lhead + 1) % q->lcap;
	q->count--;
	q->sent = 0;
	q->records -= !!(len & QUEUE_RECORD);
	return !!(len & QUEUE_RECORD);
}

size_t queue_sent(struct queue *q, size_t n)
{
	size_t records = 0, len;

	n += q->sent;
	while (q->count && n >= (len = q->lens[q->lhead] & ~QUEUE_RECORD)) {
		n -= len;
		records += (size_t)pop(q);
	}
	q->sent = n;
	return records;
}

int queue_cut_partial(struct queue *q)
{
	return q->sent ? pop(q) : 0;
}
