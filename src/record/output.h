/* output.h - the record stream: one preallocated buffer, written with
 * write(2) when it cannot take another record or when the reader is idle.
 *
 * Live, the writes are a thread's (output_async): a disk that stalls a
 * write(2) for tens of ms then holds up full buffers in memory, not the
 * reader, whose kernel buffers would fill meanwhile and lose records. */
#ifndef SNOOP_OUTPUT_H
#define SNOOP_OUTPUT_H

#include <stddef.h>

struct writer;

struct output {
	int fd;
	char *buf;
	size_t len, cap;
	int error;        /* errno of the first failed write; nothing is written after it */
	char unit_end;    /* text: '\n'; binary: 0 (whole flushes are the unit) */
	int regular;      /* a regular file: a failed write can be cut back */
	int truncate_first;   /* its old contents go at the first write, not at the
			       * open: freeing a large file's blocks takes ext4
			       * tens of ms, which the writer thread can wait and
			       * the reader cannot (and a failed start leaves the
			       * file as it was) */
	struct writer *w; /* output_async's thread, or NULL: writes are the caller's */
};

#define OUTPUT_ASYNC_BUFFERS 32   /* full buffers a stalled write may hold up (16 MiB) */

/* unit_end: the byte that ends a record ('\n' for text), or 0.
 * truncate_first starts 0: the caller sets it. */
int output_init(struct output *o, int fd, size_t cap, char unit_end);
/* Room for n bytes at the end of the buffer, flushing first if needed.
 * NULL after a write error. */
char *output_reserve(struct output *o, size_t n);
static inline void output_commit(struct output *o, size_t n) { o->len += n; }
/* Write everything buffered. 0, or -1 with o->error set. A failed write
 * (a full disk) to a regular file leaves it ending with a whole record:
 * the part of a record that got written is cut off again. */
int output_flush(struct output *o);
/* From now on buffers are written by a thread of their own, in order; at
 * most OUTPUT_ASYNC_BUFFERS wait, then output_reserve waits. 0, or -1 (the
 * writes stay the caller's). */
int output_async(struct output *o);
/* Hands what is buffered to the writer thread without waiting for the
 * write (output_flush without a thread). */
void output_push(struct output *o);
/* Has a write failed (the writer thread's too)? */
int output_failed(const struct output *o);
void output_free(struct output *o);

#endif
