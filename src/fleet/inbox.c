/* inbox.c - see inbox.h. A message is an 8-byte head (its payload's size
 * and kind) and the payload, padded to 8 bytes, never split across the
 * ring's end: a message that does not fit before the end is put at the
 * start, behind a wrap head that fills the rest. */
#include <stdlib.h>
#include <string.h>
#include "fleet/inbox.h"

#define INBOX_WRAP 0xffffffffu

struct head {
	uint32_t size, kind;
};

static size_t padded(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

int inbox_init(struct inbox *in, size_t cap)
{
	size_t c = 64;

	while (c < cap)
		c *= 2;
	in->cap = c;
	atomic_init(&in->head, 0);
	atomic_init(&in->tail, 0);
	in->buf = malloc(c);   /* pages untouched until used */
	return in->buf ? 0 : -1;
}

void inbox_free(struct inbox *in)
{
	free(in->buf);
	in->buf = NULL;
}

static size_t parts_size(const struct inbox_part *parts, int np)
{
	size_t n = 0;
	int k;

	for (k = 0; k < np; k++)
		n += parts[k].n;
	return n;
}

int inbox_putv(struct inbox *in, uint32_t kind, const struct inbox_part *parts, int np, size_t keep)
{
	size_t tail = atomic_load_explicit(&in->tail, memory_order_relaxed);
	size_t head = atomic_load_explicit(&in->head, memory_order_acquire);
	size_t size = parts_size(parts, np), at = tail & (in->cap - 1), to_end = in->cap - at;
	size_t need = sizeof(struct head) + padded(size);
	struct head h = { (uint32_t)size, kind };
	int k;

	if (need + keep > in->cap / 2)
		return -1;
	if (need > to_end) {
		if (in->cap - (tail - head) < to_end + need + keep)
			return -1;
		memcpy(in->buf + at, &(struct head){ 0, INBOX_WRAP }, sizeof(struct head));
		tail += to_end;
		at = 0;
	} else if (in->cap - (tail - head) < need + keep) {
		return -1;
	}
	memcpy(in->buf + at, &h, sizeof(h));
	at += sizeof(h);
	for (k = 0; k < np; k++) {
		if (parts[k].n)
			memcpy(in->buf + at, parts[k].p, parts[k].n);
		at += parts[k].n;
	}
	/* the bytes before the position: the consumer sees them whole */
	atomic_store_explicit(&in->tail, tail + need, memory_order_release);
	return 0;
}

int inbox_put(struct inbox *in, uint32_t kind, const void *a, size_t an, const void *b, size_t bn, size_t keep)
{
	const struct inbox_part parts[2] = { { a, an }, { b, bn } };

	return inbox_putv(in, kind, parts, 2, keep);
}

int inbox_peek(struct inbox *in, uint32_t *kind, const void **data, size_t *size)
{
	size_t head = atomic_load_explicit(&in->head, memory_order_relaxed);
	size_t tail = atomic_load_explicit(&in->tail, memory_order_acquire);
	struct head h;

	while (head != tail) {
		memcpy(&h, in->buf + (head & (in->cap - 1)), sizeof(h));
		if (h.kind != INBOX_WRAP) {
			*kind = h.kind;
			*data = in->buf + (head & (in->cap - 1)) + sizeof(h);
			*size = h.size;
			return 1;
		}
		head += in->cap - (head & (in->cap - 1));
		atomic_store_explicit(&in->head, head, memory_order_release);
	}
	return 0;
}

void inbox_next(struct inbox *in)
{
	size_t head = atomic_load_explicit(&in->head, memory_order_relaxed);
	struct head h;

	memcpy(&h, in->buf + (head & (in->cap - 1)), sizeof(h));
	atomic_store_explicit(&in->head, head + sizeof(h) + padded(h.size), memory_order_release);
}

size_t inbox_used(struct inbox *in)
{
	return atomic_load_explicit(&in->tail, memory_order_acquire) -
	       atomic_load_explicit(&in->head, memory_order_acquire);
}
