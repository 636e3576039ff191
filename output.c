/* output.c - see output.h. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include "output.h"

int output_init(struct output *o, int fd, size_t cap)
{
	o->fd = fd;
	o->len = 0;
	o->cap = cap;
	o->error = 0;
	o->buf = malloc(cap);
	return o->buf ? 0 : -1;
}

int output_flush(struct output *o)
{
	size_t done = 0;
	ssize_t n;

	if (o->error)
		return -1;
	while (done < o->len) {
		n = write(o->fd, o->buf + done, o->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			o->error = n < 0 ? errno : EIO;
			return -1;
		}
		done += (size_t)n;
	}
	o->len = 0;
	return 0;
}

char *output_reserve(struct output *o, size_t n)
{
	if (o->cap - o->len < n && output_flush(o))
		return NULL;
	return o->error ? NULL : o->buf + o->len;
}

void output_free(struct output *o)
{
	free(o->buf);
	o->buf = NULL;
}
