/* output.h - the record stream: one preallocated buffer, written with
 * write(2) when it cannot take another record or when the reader is idle. */
#ifndef SNOOP_OUTPUT_H
#define SNOOP_OUTPUT_H

#include <stddef.h>

struct output {
	int fd;
	char *buf;
	size_t len, cap;
	int error;        /* errno of the first failed write; nothing is written after it */
};

int output_init(struct output *o, int fd, size_t cap);
/* Room for n bytes at the end of the buffer, flushing first if needed.
 * NULL after a write error. */
char *output_reserve(struct output *o, size_t n);
static inline void output_commit(struct output *o, size_t n) { o->len += n; }
/* Write everything buffered. 0, or -1 with o->error set. */
int output_flush(struct output *o);
void output_free(struct output *o);

#endif
