/* reader.c - see reader.h. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <linux/bpf.h>
#include <time.h>
#include "error.h"
#include "fleet/fleet.h"
#include "opts.h"
#include "record/clock.h"
#include "trace/argv.h"
#include "trace/reader.h"
#include "trace/targets.h"
#include "trace/tracer.h"

#define TAG_PIDFD (1ULL << 32)   /* epoll data: the pidfd, beside buffer indexes */
#define TAG_RINGBUF (1ULL << 33)
#define TAG_FLEET (1ULL << 34)   /* --to's sockets need attention */

uint64_t reader_now_ns(void)
{
	return clock_now_ns(CLOCK_MONOTONIC);
}

static uint32_t record_flags(const void *data)
{
	uint32_t flags;

	memcpy(&flags, (const uint8_t *)data + offsetof(struct snoop_record, flags), sizeof(flags));
	return flags;
}

/* A checked record to the sink (straight from a buffer, or out of the merge). */
static void write_record(void *ctx, const void *data, size_t size)
{
	struct reader *rd = ctx;
	struct snoop_record r;
	const uint8_t *mem;
	size_t len;

	if (sink_check(data, size, &r, &mem, &len)) {
		rd->short_samples++;   /* never from our program: count, do not guess */
		return;
	}
	sink_record(rd->sink, &r, mem, len);
}

/* A CPU's record (head: what its buffer adds to it): measured for
 * growth, then held in the merge until no other CPU can still deliver an
 * earlier record. */
static void take(struct reader_cpu *c, const void *data, size_t size, size_t head, int stream)
{
	struct reader *rd = c->rd;
	uint64_t done;

	if (size < sizeof(struct snoop_record)) {
		rd->short_samples++;
		return;
	}
	if (record_flags(data) & SNOOP_REC_ARGV_WHOLE)
		data = argv_join(&rd->argv, rd->b, data, &size);
	/* the burst's span, from when the calls completed: entry times are not
	 * in order (long calls, held ones) */
	done = merge_key(data, size);
	if (!c->window_records++ || done < c->window_first_ns)
		c->window_first_ns = done;
	if (done > c->window_last_ns)
		c->window_last_ns = done;
	c->window_bytes += (uint64_t)size + head;
	if (merge_push(&rd->merge, stream, done, data, size))
		write_record(rd, data, size);   /* out of memory: unordered, not lost */
}

static void on_sample(void *cookie, void *data, int size)
{
	struct reader_cpu *c = cookie;

	take(c, data, size < 0 ? 0 : (size_t)size, PERF_SAMPLE_HEAD, c->cpu);
}

static void on_ring_record(void *ctx, int cpu, const void *rec, size_t size)
{
	struct reader *rd = ctx;

	take(&rd->cpus[cpu], rec, size, SNOOP_RING_FRAME, cpu);
}

/* A retired ring's record: a stream of its own, merged by time with the
 * CPU's new ring (a late writer's record may be older than ones there). */
void reader_take_old(void *ctx, int cpu, const void *rec, size_t size)
{
	struct reader *rd = ctx;

	take(&rd->cpus[cpu], rec, size, SNOOP_RING_FRAME, rd->old_streams + cpu);
}

/* The retired rings are gone: their streams hold nothing back any more. */
void reader_reap_rings(struct reader *rd, uint64_t now)
{
	int i;

	if (!rings_reap(rd->rings, now, reader_take_old, rd))
		return;
	for (i = 0; i < rd->rings->n; i++)
		merge_end(&rd->merge, rd->old_streams + rd->rings->r[i].cpu);
}

/* --buffer=mapped: a sample on "events" is the doorbell, nothing more. */
static void on_doorbell(void *cookie, void *data, int size)
{
	struct reader_cpu *c = cookie;

	(void)data, (void)size;
	c->rd->bells++;
}

/* The ring buffer is one stream in submission order: nothing to merge. */
static int on_ring_sample(void *ctx, void *data, size_t size)
{
	struct reader *rd = ctx;
	const void *rec = data;

	if (size >= sizeof(struct snoop_record) && (record_flags(data) & SNOOP_REC_ARGV_WHOLE))
		rec = argv_join(&rd->argv, rd->b, data, &size);
	write_record(ctx, rec, size);
	return 0;
}

/* perf's own loss note: the counts come from BPF's counter (exact, and
 * also right for the end of a burst), read once the current read is done. */
static void on_lost(void *cookie, uint64_t lost)
{
	struct reader_cpu *c = cookie;

	(void)lost;
	c->rd->loss_seen = 1;
}

static void *cpu_cookie(void *ctx, int cpu)
{
	struct reader *rd = ctx;

	return &rd->cpus[cpu];
}

/* A CPU's records wait in the merge for at most about one round of
 * reading: a queue as large as its buffer holds that. Streams from
 * reserved on (retired rings) are rare and small: no memory ahead. */
static int open_merge(struct reader *rd, int streams, int reserved, unsigned pages, char *err, size_t errlen)
{
	rd->reserved_streams = reserved;
	if (merge_init(&rd->merge, streams) || merge_reserve(&rd->merge, reserved, (size_t)pages * 4096)) {
		snprintf(err, errlen, "out of memory for the per-CPU merge");
		return -1;
	}
	rd->pages = pages;
	return 0;
}

/* --buffer=mapped: the rings, and a one-page perf buffer per CPU that the
 * BPF side rings as a doorbell (each sample wakes the reader). */
static int open_rings(struct reader *rd, struct sbpf *b, unsigned pages, char *err, size_t errlen)
{
	const struct sbpf_buffer_cb bell = { on_doorbell, on_lost, cpu_cookie, rd };

	rd->rings = calloc(1, sizeof(*rd->rings));
	if (!rd->rings) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (rings_open(rd->rings, b, (uint64_t)pages * 4096, err, errlen) ||
	    sbpf_open_buffers(b, "events", 1, 1, sizeof(uint64_t), &bell, err, errlen))
		return -1;   /* the caller's reader_close frees the rings made */
	/* streams: each CPU's ring, then each CPU's retired ring */
	rd->old_streams = rd->rings->r[rd->rings->n - 1].cpu + 1;
	if (open_merge(rd, 2 * rd->old_streams, rd->old_streams, pages, err, errlen))
		return -1;
	verbose_msg(rd->verbose, "buffers: %d CPUs x %u pages (%u KiB each), rings snoop maps (--buffer=mapped), doorbell every %u KiB",
		    rd->rings->n, pages, rd->rings->chunks * (SNOOP_RING_CHUNK / 1024),
		    rd->rings->chunks * (SNOOP_RING_CHUNK / 1024) / 8);
	return 0;
}

int reader_open(struct reader *rd, struct sbpf *b, struct sink *sink, unsigned pages,
		unsigned wakeup_events, char *err, size_t errlen)
{
	const struct sbpf_buffer_cb cb = { on_sample, on_lost, cpu_cookie, rd };
	int cpu;

	rd->b = b;
	rd->sink = sink;
	rd->cmd_status = -1;
	if (argv_join_init(&rd->argv, b)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rd->rings = NULL;   /* a variant tried before may have had them (reader_close freed them) */

	for (cpu = 0; cpu < SBPF_MAX_CPUS; cpu++) {
		rd->cpus[cpu].rd = rd;
		rd->cpus[cpu].cpu = cpu;
	}
	if (sbpf_map_type(b, "events") == BPF_MAP_TYPE_RINGBUF) {
		rd->ring = 1;
		if (sbpf_open_ringbuf(b, "events", on_ring_sample, rd, err, errlen))
			return -1;
		verbose_msg(rd->verbose, "buffer: one ring buffer of %d KiB, wake-up every %u records of a CPU",
			    SNOOP_RING_PAGES * 4, wakeup_events);
		return 0;
	}
	if (sbpf_map_fd(b, "rings") >= 0)
		return open_rings(rd, b, pages, err, errlen);
	if (sbpf_open_buffers(b, "events", (int)pages, (int)wakeup_events, sizeof(struct snoop_record),
			      &cb, err, errlen))
		return -1;
	if (open_merge(rd, sbpf_buffer_cpu(b, sbpf_buffer_count(b) - 1) + 1,
		       sbpf_buffer_cpu(b, sbpf_buffer_count(b) - 1) + 1, pages, err, errlen))
		return -1;
	verbose_msg(rd->verbose, "buffers: %d CPUs x %u pages (%u KiB each), wake-up every %u records",
		    sbpf_buffer_count(b), pages, pages * 4, wakeup_events);
	return 0;
}

/* Ring i, and its retired ring after a growth: read before and after the
 * new one, so that a record written there before one in the new ring is
 * in hand when that one is. */
static void read_ring(struct reader *rd, int i)
{
	int cpu = rd->rings->r[i].cpu, old = rings_have_old(rd->rings, i);
	uint64_t t = reader_now_ns();

	rings_read_old(rd->rings, i, reader_take_old, rd);
	rings_read(rd->rings, i, on_ring_record, rd);
	merge_horizon(&rd->merge, cpu, t);
	if (old) {
		rings_read_old(rd->rings, i, reader_take_old, rd);
		merge_horizon(&rd->merge, rd->old_streams + cpu, t);
	}
}

/* Reads every buffer, then writes what the merge can release: the time
 * is taken before each buffer is read, so whatever completed before it is
 * in hand. force: the end, write everything held. */
void reader_read_all(struct reader *rd, int force)
{
	uint64_t t, start = reader_now_ns();
	int i;

	rd->reads++;
	if (rd->pass_end_ns && start - rd->pass_end_ns > rd->gap_ns)
		rd->gap_ns = start - rd->pass_end_ns;
	/* the rings' doorbells emptied first: one rung while the rings are
	 * read wakes the reader again */
	for (i = 0; rd->rings && i < sbpf_buffer_count(rd->b); i++)
		sbpf_buffer_read(rd->b, i);
	for (i = 0; rd->rings && i < rd->rings->n; i++)
		read_ring(rd, i);
	for (i = 0; !rd->rings && i < sbpf_buffer_count(rd->b); i++) {
		t = reader_now_ns();
		sbpf_buffer_read(rd->b, i);
		merge_horizon(&rd->merge, sbpf_buffer_cpu(rd->b, i), t);
	}
	sbpf_ringbuf_read(rd->b);
	merge_release(&rd->merge, force, write_record, rd);
	rd->pass_end_ns = reader_now_ns();
	if (rd->pass_end_ns - start > rd->gap_ns)
		rd->gap_ns = rd->pass_end_ns - start;
}

static int epoll_add(int ep, int fd, uint64_t data)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* Every perf buffer in the epoll set (closing an old one removed it; one
 * that did not grow is there already). */
static int poll_buffers(struct reader *rd, int ep)
{
	int i;

	for (i = 0; i < sbpf_buffer_count(rd->b); i++)
		if (epoll_add(ep, sbpf_buffer_fd(rd->b, i), (uint64_t)i) && errno != EEXIST)
			return perror_msg("epoll"), -1;
	return 0;
}

/* A buffer woke the reader: every buffer is read, so that the merge can
 * release. The pidfd: the command is gone, its status is snoop's. --to's
 * sockets: serviced after the records are in (the caller). */
static void on_ready(struct reader *rd, int ep, uint64_t data, int *read)
{
	if (data & TAG_FLEET)
		return;
	if (!(data & TAG_PIDFD)) {
		if (!*read)
			reader_read_all(rd, 0);
		*read = 1;
		return;
	}
	epoll_ctl(ep, EPOLL_CTL_DEL, rd->cmd->pidfd, NULL);
	if (rd->cmd_status < 0)
		rd->cmd_status = command_reap(rd->cmd, 0);
}

/* Is anything left to trace? -n waits for processes that have not started
 * yet; otherwise the traced map and the command tell. */
static int done(struct reader *rd)
{
	if (rd->cmd && rd->cmd_status < 0)
		return 0;
	return !rd->until_stopped && !targets_remain(rd->b);
}

/* The periodic work: drain, account, flush; and, without a pidfd (Linux <
 * 5.3, or under Valgrind), notice the command's end. */
static void tick(struct reader *rd, int ep)
{
	reader_read_all(rd, 0);
	if (rd->rings)
		reader_reap_rings(rd, reader_now_ns());
	if (reader_check_losses(rd))
		poll_buffers(rd, ep);
	sink_flush(rd->sink);
	if (rd->cmd && rd->cmd_status < 0)
		rd->cmd_status = command_reap(rd->cmd, 0);
}

/* One epoll_wait over every per-CPU buffer (woken once per wakeup_events
 * records) and the command's pidfd; a full drain and a flush every
 * READER_DRAIN_MS. */
int reader_run(struct reader *rd)
{
	struct epoll_event evs[64];
	uint64_t last = reader_now_ns(), woke = last, now, next_every = last + rd->every_ns;
	int ep = epoll_create1(EPOLL_CLOEXEC), i, n, read, fleet_ready, ring_fd = sbpf_ringbuf_fd(rd->b);

	if (ep < 0 || poll_buffers(rd, ep) || (ring_fd >= 0 && epoll_add(ep, ring_fd, TAG_RINGBUF))) {
		perror_msg("epoll");
		if (ep >= 0)
			close(ep);
		return -1;
	}
	if (rd->cmd && rd->cmd->pidfd >= 0)
		epoll_add(ep, rd->cmd->pidfd, TAG_PIDFD);
	if (rd->fleet && fleet_fd(rd->fleet) >= 0)
		epoll_add(ep, fleet_fd(rd->fleet), TAG_FLEET);
	/* records made since the attach, whose wake-up may have come before
	 * the epoll set was there to hear it */
	reader_read_all(rd, 0);
	while (!*rd->stop && !sink_failed(rd->sink)) {
		n = epoll_wait(ep, evs, 64, READER_DRAIN_MS);
		if (n < 0 && errno != EINTR) {
			perror_msg("epoll_wait");
			break;
		}
		now = reader_now_ns();
		rd->wakeups += n > 0;
		rd->stalled_ns = now - woke >= READER_STALL_MS * 1000000ull ? now - woke : 0;
		for (i = 0, read = 0, fleet_ready = 0; i < n; i++) {
			on_ready(rd, ep, evs[i].data.u64, &read);
			fleet_ready |= !!(evs[i].data.u64 & TAG_FLEET);
		}
		if (rd->loss_seen && reader_check_losses(rd))
			poll_buffers(rd, ep);
		if (rd->every && now >= next_every) {
			rd->every(rd->every_arg);
			next_every += rd->every_ns;
		}
		if (n == 0 || now - last >= READER_DRAIN_MS * 1000000ull) {
			tick(rd, ep);
			last = now;
			if (done(rd))
				break;
		}
		/* what the records just read queued goes out now, in one batch */
		if (rd->fleet)
			fleet_service(rd->fleet, fleet_ready);
		woke = reader_now_ns();
	}
	close(ep);
	return 0;
}

void reader_drain(struct reader *rd)
{
	reader_read_all(rd, 1);
	reader_account_losses(rd);
}

void reader_close(struct reader *rd)
{
	argv_join_free(&rd->argv);
	merge_free(&rd->merge);
	if (rd->rings) {
		rings_close(rd->rings);
		free(rd->rings);
		rd->rings = NULL;
	}
}
