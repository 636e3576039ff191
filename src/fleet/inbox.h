/* inbox.h - what the reader hands --to's thread (fleet/fleet.c): whole
 * messages in a ring of bytes, one producer and one consumer, no lock.
 * The reader only copies a record, its line and where the line's fields
 * are in (a few hundred bytes); the formatting as RFC 5424, the queues
 * and the sockets are the thread's, so that neither a slow collector nor
 * the work of sending takes the reader's time, which its kernel buffers
 * would pay in lost records. Full: the message is refused (the caller counts a drop). */
#ifndef SNOOP_INBOX_H
#define SNOOP_INBOX_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct inbox {
	char *buf;
	size_t cap;                  /* bytes, a power of two */
	_Atomic size_t head, tail;   /* consumer's and producer's positions, ever growing */
};

/* A ring of cap bytes (rounded up to a power of two). 0 or -1. */
int inbox_init(struct inbox *in, size_t cap);
void inbox_free(struct inbox *in);
/* Bytes of a message, from one place */
struct inbox_part {
	const void *p;
	size_t n;
};
/* Producer: a message of kind, its bytes the np parts one after the
 * other, if keep bytes stay free after it (room kept for rarer, more
 * precious messages). 0, or -1 when full (nothing added) or too large
 * for the ring. */
int inbox_putv(struct inbox *in, uint32_t kind, const struct inbox_part *parts, int np, size_t keep);
/* The same, of two parts: a then b. */
int inbox_put(struct inbox *in, uint32_t kind, const void *a, size_t an, const void *b, size_t bn, size_t keep);
/* Consumer: the oldest message, in place (its bytes stay until
 * inbox_next): 1 with its kind, bytes and size; 0 when empty. */
int inbox_peek(struct inbox *in, uint32_t *kind, const void **data, size_t *size);
/* Consumer: the oldest message is done with. */
void inbox_next(struct inbox *in);
/* Bytes waiting (either side may ask). */
size_t inbox_used(struct inbox *in);

#endif
