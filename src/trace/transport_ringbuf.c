/* transport_ringbuf.c - TRANSPORT_RINGBUF: one BPF ring buffer, "events",
 * shared by every CPU and read in submission order (nothing to merge). It
 * cannot grow while the program is attached. */
#include <stdio.h>
#include <linux/types.h>
#include "progdesc.h"
#include "bpf/snoop.h"
#include "trace/transport.h"

#define RINGBUF_HEAD 8   /* BPF_RINGBUF_HDR_SZ */

static int on_sample(void *ctx, void *data, size_t size)
{
	struct transport *t = ctx;

	t->out.record(t->out.ctx, 0, TRANSPORT_UNORDERED, data, size, RINGBUF_HEAD);
	return 0;
}

static int ringbuf_open(struct transport *t, unsigned pages, unsigned wakeup_events, char *err, size_t errlen)
{
	(void)pages, (void)wakeup_events;   /* its size is the program's; the program wakes */
	if (sbpf_open_ringbuf(t->b, snoop_maps[SNOOP_MAP_EVENTS].name, on_sample, t, err, errlen))
		return -1;
	t->head = RINGBUF_HEAD;
	t->kib = SNOOP_RING_PAGES * 4;
	return 0;
}

static int ringbuf_poll_fds(struct transport *t, int *fds, int max)
{
	int fd = sbpf_ringbuf_fd(t->b);

	if (fd < 0 || max < 1)
		return 0;
	fds[0] = fd;
	return 1;
}

static void ringbuf_read(struct transport *t)
{
	sbpf_ringbuf_read(t->b);
}

static int ringbuf_grow(struct transport *t, unsigned pages, char *err, size_t errlen)
{
	(void)t, (void)pages;
	snprintf(err, errlen, "the ring buffer cannot grow while attached");
	return -1;
}

/* The ring buffer is b's: sbpf_free closes it. */
static void ringbuf_close(struct transport *t)
{
	(void)t;
}

const struct transport_ops transport_ringbuf_ops = {
	ringbuf_open, ringbuf_poll_fds, ringbuf_read, ringbuf_grow, ringbuf_close,
};
