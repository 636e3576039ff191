/* transport_mapped.c - TRANSPORT_MAPPED: the rings snoop maps, one per CPU
 * (rings.h), read in place; a one-page perf buffer per CPU on "events" is
 * their doorbell (each sample wakes the reader, and says nothing more).
 * Merge streams: each CPU's ring, then each CPU's retired ring after a
 * growth (a late writer's record there may be older than ones in the new
 * ring). Growing swaps rings in the map: the doorbells' fds stay. */
#include <stdio.h>
#include <stdlib.h>
#include <linux/types.h>
#include "progdesc.h"
#include "bpf/snoop.h"
#include "record/clock.h"
#include "trace/rings.h"
#include "trace/transport.h"

struct mapped {
	struct rings rings;
	int old_streams;   /* the merge stream of cpu's retired ring - cpu */
};

static struct rings *rings_of(struct transport *t)
{
	return &((struct mapped *)t->priv)->rings;
}

static void on_record(void *ctx, int cpu, const void *rec, size_t size)
{
	struct transport *t = ctx;

	t->out.record(t->out.ctx, cpu, cpu, rec, size, SNOOP_RING_FRAME);
}

static void on_old_record(void *ctx, int cpu, const void *rec, size_t size)
{
	struct transport *t = ctx;
	struct mapped *m = t->priv;

	t->out.record(t->out.ctx, cpu, m->old_streams + cpu, rec, size, SNOOP_RING_FRAME);
}

static void on_paused(void *ctx, int cpu, uint32_t tgid, uint32_t seq)
{
	struct transport *t = ctx;

	t->out.paused(t->out.ctx, cpu, tgid, seq);
}

static void on_doorbell(void *cookie, void *data, int size)
{
	struct transport *t = cookie;

	(void)data, (void)size;
	t->bells++;
}

static void on_lost(void *cookie, uint64_t lost)
{
	struct transport *t = cookie;

	(void)lost;
	t->loss_seen = 1;
}

static void *bell_cookie(void *ctx, int cpu)
{
	(void)cpu;
	return ctx;
}

static int mapped_open(struct transport *t, unsigned pages, unsigned wakeup_events, char *err, size_t errlen)
{
	const struct sbpf_buffer_cb bell = { on_doorbell, on_lost, bell_cookie, t };
	struct mapped *m = calloc(1, sizeof(*m));

	(void)wakeup_events;   /* the BPF side rings every eighth of a ring */
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	t->priv = m;
	if (t->out.paused)
		m->rings.paused = on_paused;
	if (rings_open(&m->rings, t->b, (uint64_t)pages * 4096, t->out.paused != NULL, err, errlen) ||
	    sbpf_open_buffers(t->b, snoop_maps[SNOOP_MAP_EVENTS].name, 1, 1, sizeof(uint64_t), &bell, err, errlen))
		return -1;
	m->old_streams = m->rings.r[m->rings.n - 1].cpu + 1;
	t->can_grow = 1;
	t->streams = 2 * m->old_streams;
	t->reserved_streams = m->old_streams;   /* retired rings are rare and small */
	t->head = SNOOP_RING_FRAME;
	t->kib = m->rings.chunks * (SNOOP_RING_CHUNK / 1024);
	return 0;
}

static int mapped_poll_fds(struct transport *t, int *fds, int max)
{
	int i;

	for (i = 0; i < sbpf_buffer_count(t->b) && i < max; i++)
		fds[i] = sbpf_buffer_fd(t->b, i);
	return i;
}

/* Ring i, and its retired ring after a growth: read before and after the
 * new one, so that a record written there before one in the new ring is
 * in hand when that one is. */
static void read_ring(struct transport *t, int i)
{
	struct mapped *m = t->priv;
	int cpu = m->rings.r[i].cpu, old = rings_have_old(&m->rings, i);
	uint64_t at = clock_now_ns(CLOCK_MONOTONIC);

	rings_read_old(&m->rings, i, on_old_record, t);
	rings_read(&m->rings, i, on_record, t);
	t->out.horizon(t->out.ctx, cpu, cpu, at);
	if (old) {
		rings_read_old(&m->rings, i, on_old_record, t);
		t->out.horizon(t->out.ctx, cpu, m->old_streams + cpu, at);
	}
}

/* Frees the retired rings due by now (UINT64_MAX: all); their streams end. */
static void reap(struct transport *t, uint64_t now)
{
	struct mapped *m = t->priv;
	int i;

	if (!rings_reap(&m->rings, now, on_old_record, t))
		return;
	for (i = 0; i < m->rings.n; i++)
		t->out.end(t->out.ctx, m->old_streams + m->rings.r[i].cpu);
}

/* The doorbells emptied first: one rung while the rings are read wakes
 * the reader again. */
static void mapped_read(struct transport *t)
{
	struct rings *rs = rings_of(t);
	int i;

	for (i = 0; i < sbpf_buffer_count(t->b); i++)
		sbpf_buffer_read(t->b, i);
	for (i = 0; i < rs->n; i++)
		read_ring(t, i);
	reap(t, clock_now_ns(CLOCK_MONOTONIC));
	t->bad = rs->bad;
	t->pauses = rs->pauses;
	if (rs->fault[0] && !t->fault[0])
		snprintf(t->fault, sizeof(t->fault), "%s", rs->fault);
}

static int mapped_grow(struct transport *t, unsigned pages, char *err, size_t errlen)
{
	struct rings *rs = rings_of(t);

	reap(t, UINT64_MAX);   /* retired by the last growth: gone now */
	if (rings_grow(rs, t->b, (uint64_t)pages * 4096, clock_now_ns(CLOCK_MONOTONIC), on_old_record, t, err,
		       errlen))
		return -1;
	t->kib = rs->chunks * (SNOOP_RING_CHUNK / 1024);
	return 0;
}

/* The rings are snoop's; the doorbells are b's (sbpf_free closes them). */
static void mapped_close(struct transport *t)
{
	if (t->priv)
		rings_close(rings_of(t));
}

const struct transport_ops transport_mapped_ops = {
	mapped_open, mapped_poll_fds, mapped_read, mapped_grow, mapped_close,
};
