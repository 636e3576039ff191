/* queue.h - a destination's bounded buffer: whole messages in a ring of
 * bytes, their lengths in a ring beside it, so that a stream can be sent
 * in a few large writes and a datagram socket one message per datagram,
 * and a connection that breaks mid-message can skip the rest of it. No
 * I/O: the transport (fleet/link.c) takes iovecs from it and says how
 * much went out. */
#ifndef SNOOP_QUEUE_H
#define SNOOP_QUEUE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#define QUEUE_MIN_MESSAGE 64    /* the lengths' ring holds cap / this many */
#define QUEUE_RECORD 0x80000000u   /* a length's flag: the message is a record */

struct queue {
	char *buf;
	size_t cap, head, used;      /* bytes: the oldest at head */
	uint32_t *lens;              /* per message: bytes | QUEUE_RECORD */
	size_t lcap, lhead, count;   /* messages */
	size_t sent;                 /* bytes of the oldest message already sent */
	size_t records;              /* messages that are records */
};

/* A queue of at most cap bytes (memory is taken as it is used). 0 or -1. */
int queue_init(struct queue *q, size_t cap);
void queue_free(struct queue *q);
/* One message: a then b (either may be empty). record: it is one of the
 * records (not a note). 0, or -1 when it does not fit: nothing added. */
int queue_push(struct queue *q, const void *a, size_t an, const void *b, size_t bn, int record);
/* The unsent bytes, oldest first, as at most 2 iovecs. */
int queue_iov(const struct queue *q, struct iovec iov[2]);
/* Message k (0: the oldest) as 1 or 2 iovecs into iov; their number.
 * *off: the byte offset of message k, which it advances to k + 1's
 * (walk a batch from k = 0, *off = 0). */
int queue_message(const struct queue *q, size_t k, size_t *off, struct iovec iov[2]);
/* n bytes went out: whole messages leave. The records among them. */
size_t queue_sent(struct queue *q, size_t n);
/* The connection broke: a message partly sent is given up (its rest
 * would break the next connection's framing). 1 if it was a record. */
int queue_cut_partial(struct queue *q);
/* Room for msgs more messages of bytes bytes in all? */
static inline int queue_room(const struct queue *q, size_t bytes, size_t msgs)
{
	return q->cap - q->used >= bytes && q->lcap - q->count >= msgs;
}
static inline int queue_empty(const struct queue *q) { return q->count == 0; }

#endif
