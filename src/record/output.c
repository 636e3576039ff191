/* output.c - see output.h. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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
	o->truncate_first = 0;
	o->w = NULL;
	o->buf = malloc(cap);
	return o->buf ? 0 : -1;
}

/* After a failed write of buf[0..done): keep only whole records in the file. */
static void cut_partial_record(int fd, char unit_end, const char *buf, off_t start, size_t done)
{
	size_t keep = 0, i;

	if (unit_end)
		for (i = done; i > 0; i--)
			if (buf[i - 1] == unit_end) {
				keep = i;
				break;
			}
	if (keep < done && ftruncate(fd, start + (off_t)keep) == 0)
		lseek(fd, start + (off_t)keep, SEEK_SET);
}

int output_failed(const struct output *o)
{
	return __atomic_load_n(&o->error, __ATOMIC_ACQUIRE) != 0;
}

/* write(2) of buf[0..len) whole; on failure the error is kept (and a
 * regular file cut back to its last whole record). 0 or -1. */
static int write_buffer(struct output *o, int fd, char *buf, size_t len)
{
	off_t start = -1;
	size_t done = 0;
	ssize_t n;

	if (output_failed(o))
		return -1;
	if (o->truncate_first) {
		o->truncate_first = 0;
		if (ftruncate(fd, 0)) {
			__atomic_store_n(&o->error, errno, __ATOMIC_RELEASE);
			return -1;
		}
	}
	if (o->regular)
		start = lseek(fd, 0, SEEK_CUR);
	while (done < len) {
		n = write(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (start >= 0)
				cut_partial_record(fd, o->unit_end, buf, start, done);
			__atomic_store_n(&o->error, n < 0 ? errno : EIO, __ATOMIC_RELEASE);
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

/* ---- the writer thread (output_async) ---- */

struct writer {
	pthread_t thread;
	/* its own copy of the output's fd: libbcc's chatter catch (BPF.h)
	 * points fd 2 elsewhere for a moment, and a write of the
	 * thread's then would go there */
	int fd;
	pthread_mutex_t lock;
	pthread_cond_t changed;          /* a buffer queued, written, or stop */
	char *queue[OUTPUT_ASYNC_BUFFERS];
	size_t queue_len[OUTPUT_ASYNC_BUFFERS];
	int head, count, busy, stop;
	char *spare[OUTPUT_ASYNC_BUFFERS + 1];
	int nspare, made;                /* buffers made, the one being filled included */
};

static void *writer_main(void *arg)
{
	struct output *o = arg;
	struct writer *w = o->w;
	char *buf;
	size_t len;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->count && !w->stop)
			pthread_cond_wait(&w->changed, &w->lock);
		if (!w->count)
			break;
		buf = w->queue[w->head];
		len = w->queue_len[w->head];
		w->busy = 1;
		pthread_mutex_unlock(&w->lock);
		write_buffer(o, w->fd, buf, len);
		pthread_mutex_lock(&w->lock);
		w->head = (w->head + 1) % OUTPUT_ASYNC_BUFFERS;
		w->count--;
		w->busy = 0;
		w->spare[w->nspare++] = buf;
		pthread_cond_broadcast(&w->changed);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Queues the buffer being filled and takes an empty one: a spare, a new
 * one while fewer than the bound exist, else the next one written. */
static void hand_off(struct output *o)
{
	struct writer *w = o->w;
	char *fresh;

	pthread_mutex_lock(&w->lock);
	while (w->count == OUTPUT_ASYNC_BUFFERS)
		pthread_cond_wait(&w->changed, &w->lock);
	w->queue[(w->head + w->count) % OUTPUT_ASYNC_BUFFERS] = o->buf;
	w->queue_len[(w->head + w->count) % OUTPUT_ASYNC_BUFFERS] = o->len;
	w->count++;
	pthread_cond_broadcast(&w->changed);
	if (!w->nspare && w->made <= OUTPUT_ASYNC_BUFFERS && (fresh = malloc(o->cap))) {
		w->spare[w->nspare++] = fresh;
		w->made++;
	}
	while (!w->nspare)
		pthread_cond_wait(&w->changed, &w->lock);
	o->buf = w->spare[--w->nspare];
	o->len = 0;
	pthread_mutex_unlock(&w->lock);
}

/* Until every queued buffer is written. */
static void wait_written(struct writer *w)
{
	pthread_mutex_lock(&w->lock);
	while (w->count || w->busy)
		pthread_cond_wait(&w->changed, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

int output_async(struct output *o)
{
	struct writer *w = calloc(1, sizeof(*w));

	if (!w)
		return -1;
	w->fd = fcntl(o->fd, F_DUPFD_CLOEXEC, 3);
	if (w->fd < 0) {
		free(w);
		return -1;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->changed, NULL);
	w->made = 1;
	o->w = w;
	if (pthread_create(&w->thread, NULL, writer_main, o)) {
		o->w = NULL;
		close(w->fd);
		pthread_cond_destroy(&w->changed);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return -1;
	}
	return 0;
}

int output_flush(struct output *o)
{
	if (o->w) {
		if (o->len)
			hand_off(o);
		wait_written(o->w);
		return output_failed(o) ? -1 : 0;
	}
	if (write_buffer(o, o->fd, o->buf, o->len))
		return -1;
	o->len = 0;
	return 0;
}

void output_push(struct output *o)
{
	if (!o->w)
		output_flush(o);
	else if (o->len && !output_failed(o))
		hand_off(o);
}

char *output_reserve(struct output *o, size_t n)
{
	if (o->cap - o->len < n) {
		if (o->w && !output_failed(o))
			hand_off(o);
		else if (output_flush(o))
			return NULL;
	}
	return output_failed(o) ? NULL : o->buf + o->len;
}

void output_free(struct output *o)
{
	struct writer *w = o->w;

	if (w) {
		pthread_mutex_lock(&w->lock);
		w->stop = 1;
		pthread_cond_broadcast(&w->changed);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
		while (w->nspare)
			free(w->spare[--w->nspare]);
		close(w->fd);
		pthread_cond_destroy(&w->changed);
		pthread_mutex_destroy(&w->lock);
		free(w);
		o->w = NULL;
	}
	free(o->buf);
	o->buf = NULL;
}
