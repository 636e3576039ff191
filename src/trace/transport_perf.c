/* transport_perf.c - TRANSPORT_PERF: a perf buffer per CPU on "events",
 * each CPU its own merge stream; growing makes new buffers (new fds). */
#include <stdio.h>
#include <stdlib.h>
#include <linux/types.h>
#include "progdesc.h"
#include "bpf/snoop.h"
#include "record/clock.h"
#include "trace/transport.h"

#define PERF_SAMPLE_HEAD 8   /* what a perf buffer adds to each sample */

/* libbcc's cookie for one CPU's buffer. */
struct perf_cpu {
	struct transport *t;
	int cpu;
};

static void on_sample(void *cookie, void *data, int size)
{
	struct perf_cpu *c = cookie;

	c->t->out.record(c->t->out.ctx, c->cpu, c->cpu, data, size < 0 ? 0 : (size_t)size, PERF_SAMPLE_HEAD);
}

/* perf's own loss note: the counts come from BPF's counter (exact, and
 * also right for the end of a burst), read once the current read is done. */
static void on_lost(void *cookie, uint64_t lost)
{
	struct perf_cpu *c = cookie;

	(void)lost;
	c->t->loss_seen = 1;
}

static void *cpu_cookie(void *ctx, int cpu)
{
	struct perf_cpu *cpus = ctx;

	return &cpus[cpu];
}

static int perf_open(struct transport *t, unsigned pages, unsigned wakeup_events, char *err, size_t errlen)
{
	struct perf_cpu *cpus = calloc(SBPF_MAX_CPUS, sizeof(*cpus));
	struct sbpf_buffer_cb cb = { on_sample, on_lost, cpu_cookie, cpus };
	int cpu, n;

	if (!cpus) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	t->priv = cpus;
	for (cpu = 0; cpu < SBPF_MAX_CPUS; cpu++)
		cpus[cpu] = (struct perf_cpu){ t, cpu };
	if (sbpf_open_buffers(t->b, snoop_maps[SNOOP_MAP_EVENTS].name, (int)pages, (int)wakeup_events, sizeof(struct snoop_record), &cb,
			      err, errlen))
		return -1;
	n = sbpf_buffer_count(t->b);
	t->can_grow = 1;
	t->streams = t->reserved_streams = sbpf_buffer_cpu(t->b, n - 1) + 1;
	t->head = PERF_SAMPLE_HEAD;
	t->kib = pages * 4;
	return 0;
}

static int perf_poll_fds(struct transport *t, int *fds, int max)
{
	int i;

	for (i = 0; i < sbpf_buffer_count(t->b) && i < max; i++)
		fds[i] = sbpf_buffer_fd(t->b, i);
	return i;
}

/* The time is taken before each buffer is read: whatever completed before
 * it is in hand once the buffer is. */
static void perf_read(struct transport *t)
{
	uint64_t at;
	int i;

	for (i = 0; i < sbpf_buffer_count(t->b); i++) {
		at = clock_now_ns(CLOCK_MONOTONIC);
		sbpf_buffer_read(t->b, i);
		t->out.horizon(t->out.ctx, sbpf_buffer_cpu(t->b, i), sbpf_buffer_cpu(t->b, i), at);
	}
}

/* One CPU's buffer after the other, every buffer read between two (the
 * kernel makes a buffer in about 3 ms a MiB, with nothing read
 * meanwhile). Some grew: they are in use (1: poll them), and the next
 * growth remakes every buffer from this size; err says why the rest did
 * not. None: -1. */
static int perf_grow(struct transport *t, unsigned pages, char *err, size_t errlen)
{
	int i;

	for (i = 0; i < sbpf_buffer_count(t->b); i++) {
		if (sbpf_grow_buffer(t->b, i, (int)pages, err, errlen))
			break;
		perf_read(t);
	}
	if (i == 0)
		return -1;
	t->kib = pages * 4;
	return 1;
}

/* The buffers are b's: sbpf_free closes them. */
static void perf_close(struct transport *t)
{
	(void)t;
}

const struct transport_ops transport_perf_ops = {
	perf_open, perf_poll_fds, perf_read, perf_grow, perf_close,
};
