/* reader.c - see reader.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include "error.h"
#include "opts.h"
#include "trace/reader.h"
#include "trace/tracer.h"

#define TAG_PIDFD (1ULL << 32)   /* epoll data: the pidfd, beside buffer indexes */
#define TAG_RINGBUF (1ULL << 33)
#define TAG_FLEET (1ULL << 34)   /* --to's sockets need attention */
#define PERF_SAMPLE_HEAD 8       /* what a perf buffer adds to each sample */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
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

/* A perf buffer's sample: measured for growth, then held in the merge
 * until no other CPU can still deliver an earlier record. */
static void on_sample(void *cookie, void *data, int size)
{
	struct reader_cpu *c = cookie;
	struct reader *rd = c->rd;
	uint64_t done;

	if (size < (int)sizeof(struct snoop_record)) {
		rd->short_samples++;
		return;
	}
	/* the burst's span, from when the calls completed: entry times are not
	 * in order (long calls, held ones) */
	done = merge_key(data, (size_t)size);
	if (!c->window_records++ || done < c->window_first_ns)
		c->window_first_ns = done;
	if (done > c->window_last_ns)
		c->window_last_ns = done;
	c->window_bytes += (uint64_t)size + PERF_SAMPLE_HEAD;
	if (merge_push(&rd->merge, c->cpu, done, data, (size_t)size))
		write_record(rd, data, (size_t)size);   /* out of memory: unordered, not lost */
}

/* The ring buffer is one stream in submission order: nothing to merge. */
static int on_ring_sample(void *ctx, void *data, size_t size)
{
	write_record(ctx, data, size);
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

int reader_open(struct reader *rd, struct sbpf *b, struct sink *sink, unsigned pages,
		unsigned wakeup_events, char *err, size_t errlen)
{
	const struct sbpf_buffer_cb cb = { on_sample, on_lost, cpu_cookie, rd };
	int cpu;

	rd->b = b;
	rd->sink = sink;
	rd->cmd_status = -1;

	for (cpu = 0; cpu < SBPF_MAX_CPUS; cpu++) {
		rd->cpus[cpu].rd = rd;
		rd->cpus[cpu].cpu = cpu;
	}
	if (sbpf_map_is_ringbuf(b, "events")) {
		rd->ring = 1;
		if (sbpf_open_ringbuf(b, "events", on_ring_sample, rd, err, errlen))
			return -1;
		verbose_msg(rd->verbose, "buffer: one ring buffer of %d KiB, wake-up every %u records of a CPU",
			    SNOOP_RING_PAGES * 4, wakeup_events);
		return 0;
	}
	if (sbpf_open_buffers(b, "events", (int)pages, (int)wakeup_events, sizeof(struct snoop_record),
			      &cb, err, errlen))
		return -1;
	/* a CPU's records wait in the merge for at most about one round of
	 * reading: a queue as large as its buffer holds that */
	if (merge_init(&rd->merge, sbpf_buffer_cpu(b, sbpf_buffer_count(b) - 1) + 1) ||
	    merge_reserve(&rd->merge, (size_t)pages * 4096)) {
		snprintf(err, errlen, "out of memory for the per-CPU merge");
		return -1;
	}
	rd->pages = pages;
	verbose_msg(rd->verbose, "buffers: %d CPUs x %u pages (%u KiB each), wake-up every %u records",
		    sbpf_buffer_count(b), pages, pages * 4, wakeup_events);
	return 0;
}

/* Reads every buffer, then writes what the merge can release: the time
 * is taken before each buffer is read, so whatever completed before it is
 * in hand. force: the end, write everything held. */
static void read_all(struct reader *rd, int force)
{
	uint64_t t;
	int i;

	for (i = 0; i < sbpf_buffer_count(rd->b); i++) {
		t = now_ns();
		sbpf_buffer_read(rd->b, i);
		merge_horizon(&rd->merge, sbpf_buffer_cpu(rd->b, i), t);
	}
	sbpf_ringbuf_read(rd->b);
	merge_release(&rd->merge, force, write_record, rd);
}

/* Marks in the stream what BPF's per-CPU counters say was lost since the
 * last call; returns how many. */
static uint64_t account_losses(struct reader *rd)
{
	int n = sbpf_percpu_u64(rd->b, "dropped", 0, rd->dropped, SBPF_MAX_CPUS), cpu;
	uint64_t fresh = 0;

	for (cpu = 0; cpu < n; cpu++) {
		if (rd->dropped[cpu] <= rd->lost[cpu])
			continue;
		sink_lost(rd->sink, rd->dropped[cpu] - rd->lost[cpu], cpu);
		fresh += rd->dropped[cpu] - rd->lost[cpu];
		rd->lost[cpu] = rd->dropped[cpu];
	}
	return fresh;
}

unsigned reader_grow_pages(unsigned pages, unsigned max, uint64_t needed_bytes)
{
	uint64_t want = pages * 2ull, need_pages = (needed_bytes + 4095) / 4096;

	while (want < need_pages && want < max)
		want *= 2;
	return want > max ? max : (unsigned)want;
}

/* The bytes of buffer the worst CPU's burst needs: what it brought since
 * the last calm moment (records delivered, and those lost at the size of
 * the delivered ones) at the rate it brought them (from the records' own
 * times), for one drain interval. The reader drains every READER_DRAIN_MS
 * however busy it is, so a buffer that holds that much loses nothing to a
 * stall shorter than the interval. */
static uint64_t burst_bytes(const struct reader *rd)
{
	uint64_t worst = 0, need, per_record, span;
	const struct reader_cpu *c;
	int cpu;

	for (cpu = 0; cpu < SBPF_MAX_CPUS; cpu++) {
		c = &rd->cpus[cpu];
		per_record = c->window_records ? c->window_bytes / c->window_records
					       : sizeof(struct snoop_record) + PERF_SAMPLE_HEAD;
		need = c->window_bytes + (rd->lost[cpu] - rd->window_lost[cpu]) * per_record;
		span = c->window_records ? c->window_last_ns - c->window_first_ns : 0;
		if (span < 1000000)   /* under 1 ms: too short to tell a rate */
			span = 1000000;
		need = need / span * (READER_DRAIN_MS * 1000000ull) +
		       need % span * (READER_DRAIN_MS * 1000000ull) / span;   /* no overflow */
		if (need > worst)
			worst = need;
	}
	return worst;
}

/* A calm moment: the next burst is measured from here. */
static void start_window(struct reader *rd)
{
	int cpu;


	for (cpu = 0; cpu < SBPF_MAX_CPUS; cpu++) {
		rd->cpus[cpu].window_bytes = rd->cpus[cpu].window_records = 0;
		rd->cpus[cpu].window_last_ns = 0;
		rd->window_lost[cpu] = rd->lost[cpu];
	}
}

/* The dynamic high-water mark: records were lost, so the perf buffers grow
 * to hold one drain interval of the burst (burst_bytes), at least
 * doubling, at most READER_GROW_STEP times at once, up to
 * READER_GROW_MAX_PAGES. A fixed factor (4x) left the buffers at whatever
 * survived the bursts seen so far: a burst that had lost little made them
 * grow little, and the next one lost again. The kernel makes a buffer in
 * about 3 ms a MiB, with nothing read meanwhile: hence the step limit, and
 * the other buffers read between two CPUs' new buffers.
 * 1 if they grew: the caller polls the new buffers' fds. */
static int grow_on_loss(struct reader *rd)
{
	char err[512];
	unsigned pages;
	int i;

	if (rd->ring || rd->pages >= READER_GROW_MAX_PAGES)
		return 0;   /* the ring cannot grow while attached; reader_report says so */
	pages = reader_grow_pages(rd->pages, READER_GROW_MAX_PAGES, burst_bytes(rd));
	if (pages > rd->pages * READER_GROW_STEP)
		pages = rd->pages * READER_GROW_STEP;
	if (merge_reserve(&rd->merge, (size_t)pages * 4096))
		return 0;
	for (i = 0; i < sbpf_buffer_count(rd->b); i++) {
		if (sbpf_grow_buffer(rd->b, i, (int)pages, err, sizeof(err))) {
			verbose_msg(rd->verbose, "could not grow the buffers: %s", err);
			break;
		}
		read_all(rd, 0);
	}
	if (i == 0)
		return 0;
	/* some grew: they are in use (poll them); the next growth remakes
	 * every buffer from this size */
	rd->pages = pages;
	rd->grown++;
	verbose_msg(rd->verbose, "records lost: buffers grown to %u pages (%u KiB) per CPU", pages, pages * 4);
	return 1;
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

/* Losses while snoop itself could not run (stopped, suspended) say nothing
 * about the buffer size: counted apart, and the buffers keep their size. */
static void check_losses(struct reader *rd, int ep)
{
	uint64_t fresh;

	rd->loss_seen = 0;
	fresh = account_losses(rd);
	if (!fresh) {
		start_window(rd);
		return;
	}
	if (rd->stalled_ns) {
		rd->stall_lost += fresh;
		if (rd->stalled_ns > rd->longest_stall_ns)
			rd->longest_stall_ns = rd->stalled_ns;
		start_window(rd);
		return;
	}
	if (grow_on_loss(rd)) {
		poll_buffers(rd, ep);
		start_window(rd);
	}
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
			read_all(rd, 0);
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
	return !rd->until_stopped && !tracer_targets_remain(rd->b);
}

/* The periodic work: drain, account, flush; and, without a pidfd (Linux <
 * 5.3, or under Valgrind), notice the command's end. */
static void tick(struct reader *rd, int ep)
{
	read_all(rd, 0);
	check_losses(rd, ep);
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
	uint64_t last = now_ns(), woke = last, now, next_every = last + rd->every_ns;
	int ep = epoll_create1(EPOLL_CLOEXEC), i, n, read, fleet_ready, ring_fd = sbpf_ringbuf_fd(rd->b);

	if (ep < 0 || poll_buffers(rd, ep) || (ring_fd >= 0 && epoll_add(ep, ring_fd, TAG_RINGBUF))) {
		perror_msg("epoll");
		if (ep >= 0)
			close(ep);
		return -1;
	}
	if (rd->cmd && rd->cmd->pidfd >= 0)
		epoll_add(ep, rd->cmd->pidfd, TAG_PIDFD);
	if (rd->fleet)
		epoll_add(ep, fleet_fd(rd->fleet), TAG_FLEET);
	while (!*rd->stop && !sink_failed(rd->sink)) {
		n = epoll_wait(ep, evs, 64, READER_DRAIN_MS);
		if (n < 0 && errno != EINTR) {
			perror_msg("epoll_wait");
			break;
		}
		now = now_ns();
		rd->stalled_ns = now - woke >= READER_STALL_MS * 1000000ull ? now - woke : 0;
		for (i = 0, read = 0, fleet_ready = 0; i < n; i++) {
			on_ready(rd, ep, evs[i].data.u64, &read);
			fleet_ready |= !!(evs[i].data.u64 & TAG_FLEET);
		}
		if (rd->loss_seen)
			check_losses(rd, ep);
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
		woke = now_ns();
	}
	close(ep);
	return 0;
}

void reader_drain(struct reader *rd)
{
	read_all(rd, 1);
	account_losses(rd);
}

void reader_close(struct reader *rd)
{
	merge_free(&rd->merge);
}

void reader_report(const struct reader *rd)
{
	char per_cpu[1024];
	size_t used = 0;
	int i, cpu;

	if (rd->short_samples)   /* the BPF side never sends these: say so if it did */
		error_msg("ignored %llu samples too short to be records (is bpf/snoop.h the one snoop was built with?)",
			  (unsigned long long)rd->short_samples);
	if (rd->stall_lost)
		error_msg("lost %llu records while snoop could not run for %.1f s (stopped by a signal or a debugger, or the machine suspended): no buffer size prevents that",
			  (unsigned long long)rd->stall_lost, (double)rd->longest_stall_ns / 1e9);
	if (rd->sink->lost <= rd->stall_lost)
		return;
	per_cpu[0] = '\0';
	for (i = 0; i < sbpf_buffer_count(rd->b) && used < sizeof(per_cpu); i++) {
		cpu = sbpf_buffer_cpu(rd->b, i);
		if (rd->lost[cpu])
			used += (size_t)snprintf(per_cpu + used, sizeof(per_cpu) - used, "%scpu %d: %llu",
						 used ? ", " : "", cpu, (unsigned long long)rd->lost[cpu]);
	}
	if (rd->ring)
		error_msg("lost %llu records: the ring buffer was full (it cannot grow while tracing); use --buffer=perf, whose buffers grow",
			  (unsigned long long)(rd->sink->lost - rd->stall_lost));
	else if (rd->grown)
		error_msg("lost %llu records (%s) until the buffers grew to %u pages per CPU; start with --buffer-pages=%u next time",
			  (unsigned long long)(rd->sink->lost - rd->stall_lost), per_cpu, rd->pages, rd->pages);
	else
		error_msg("lost %llu records (%s): the buffer was full; try --buffer-pages=%u",
			  (unsigned long long)(rd->sink->lost - rd->stall_lost), per_cpu,
			  rd->pages * 4 > OPTS_MAX_PAGES ? OPTS_MAX_PAGES : rd->pages * 4);
}
