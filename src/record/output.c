/* output.c - see output.h. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "record/output.h"

int output_init(struct output *o, int fd, size_t cap, char unit_end)
{
	struct stat st;

	o->fd = fd;
	o->unit_end = unit_end;
	/* asked once: the kind of file does not change while snoop writes it */
	o->regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	o->len = 0;
	o->cap = cap;
	o->error = 0;
	o->buf = malloc(cap);
	return o->buf ? 0 : -1;
}

/* After a failed write of buf[0..done): keep only whole records in the file. */
static void cut_partial_record(struct output *o, off_t start, size_t done)
{
	size_t keep = 0, i;

	if (o->unit_end)
		for (i = done; i > 0; i--)
			if (o->buf[i - 1] == o->unit_end) {
				keep = i;
				break;
			}
	if (keep < done && ftruncate(o->fd, start + (off_t)keep) == 0)
		lseek(o->fd, start + (off_t)keep, SEEK_SET);
}

int output_flush(struct output *o)
{
	off_t start = -1;
	size_t done = 0;
	ssize_t n;

	if (o->error)
		return -1;
	if (o->regular)
		start = lseek(o->fd, 0, SEEK_CUR);
	while (done < o->len) {
		n = write(o->fd, o->buf + done, o->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			o->error = n < 0 ? errno : EIO;
			if (start >= 0)
				cut_partial_record(o, start, done);
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
