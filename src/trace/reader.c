/* reader.c - see reader.h. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>
#include "error.h"
#include "progdesc.h"
#include "record/clock.h"
#include "trace/argv.h"
#include "trace/reader.h"
#include "trace/targets.h"

#define TAG_BUFFER 1   /* epoll data: a buffer has records */
#define TAG_PIDFD 2    /* the command is gone */
#define TAG_HOOK 3     /* one of the caller's fds */
#define MAX_FDS SBPF_MAX_CPUS

_Static_assert(GROWTH_MAX_CPUS == SBPF_MAX_CPUS, "the loss policy counts every CPU the buffers can have");

static uint64_t now_ns(void)
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
	if (r.flags & SNOOP_REC_FORK)
		sink_fork(rd->sink, r.ts_ns, r.pid, (uint32_t)r.args[0]);
	else
		sink_record(rd->sink, &r, mem, len);
}

/* A record of cpu's buffer (head: what the buffer adds to it): measured
 * for growth, then held in the merge until no other stream can still
 * deliver an earlier record. The ring buffer's one stream is in order
 * already. */
static void take(void *ctx, int cpu, int stream, const void *data, size_t size, size_t head)
{
	struct reader *rd = ctx;
	uint64_t done;

	if (size < sizeof(struct snoop_record)) {
		rd->short_samples++;
		return;
	}
	if (record_flags(data) & SNOOP_REC_ARGV_WHOLE)
		data = argv_join(&rd->argv, rd->b, data, &size);
	if (stream == TRANSPORT_UNORDERED) {
		write_record(rd, data, size);
		return;
	}
	done = merge_key(data, size);
	growth_take(&rd->growth, cpu, (uint64_t)size + head);
	if (merge_push(&rd->merge, stream, done, data, size))
		write_record(rd, data, size);   /* out of memory: unordered, not lost */
}

/* A buffer read: the merge's horizon, and the loss policy's measure of
 * how long its CPU had records (once a pass, on the CPU's own stream). */
static void horizon(void *ctx, int cpu, int stream, uint64_t t)
{
	struct reader *rd = ctx;

	merge_horizon(&rd->merge, stream, t);
	if (stream == cpu)
		growth_read(&rd->growth, cpu, t);
}

static void stream_end(void *ctx, int stream)
{
	merge_end(&((struct reader *)ctx)->merge, stream);
}

/* Whether a process --lossless stopped may go on now: 1 to send it its
 * SIGCONT, 0 to wait for its stop to be queued, -1 to forget it (it paused
 * again since: that later frame continues it, as this one's SIGCONT would
 * cancel the later stop; or it has ended). bpf/snoop.h's snoop_pauses. */
static int resume_ready(struct reader *rd, const struct reader_resume *r, uint64_t now)
{
	struct snoop_pauses p;

	if (sbpf_map_lookup(rd->b, snoop_maps[SNOOP_MAP_PAUSED].name, &r->tgid, &p))
		return -1;
	if ((p.sent & SNOOP_PAUSE_SEQ_MASK) != r->seq) {
		rd->resumes_later++;
		return -1;
	}
	/* every stop sent queued, or the tracepoint that counts them missed
	 * it (not attached, detached at the end): on after a while anyway */
	return (int32_t)(p.queued - p.sent) >= 0 || now - r->since_ns >= READER_PAUSE_QUEUED_NS;
}

/* Where tgid's last continued pause is in continued_at, or -1. */
static int find_continued(const struct reader *rd, uint32_t tgid)
{
	int i;

	for (i = 0; i < rd->ncontinued; i++)
		if (rd->continued_at[i].tgid == tgid)
			return i;
	return -1;
}

/* Remembers that tgid was continued at pause number seq (out of memory:
 * forgotten, and the sweep at the end sends it one SIGCONT more). */
static void note_continued(struct reader *rd, uint32_t tgid, uint32_t seq)
{
	struct reader_resume *grown;
	int i = find_continued(rd, tgid);

	if (i >= 0) {
		rd->continued_at[i].seq = seq;
		return;
	}
	if (rd->ncontinued == rd->continued_cap) {
		grown = realloc(rd->continued_at, sizeof(*grown) * (size_t)(rd->continued_cap * 2 + 16));
		if (!grown)
			return;
		rd->continued_at = grown;
		rd->continued_cap = rd->continued_cap * 2 + 16;
	}
	rd->continued_at[rd->ncontinued++] = (struct reader_resume){ tgid, seq, 0 };
}

/* Did snoop continue tgid at its last pause, sent? */
static int continued_last(void *ctx, uint32_t tgid, uint32_t sent)
{
	const struct reader *rd = ctx;
	int i = find_continued(rd, tgid);

	return i >= 0 && rd->continued_at[i].seq == sent;
}

/* The end, the programs detached and the rings drained: every process
 * whose last stop snoop did not continue (its frame published after the
 * last read, by a program still running at the detach) is continued. */
static void continue_the_rest(struct reader *rd)
{
	const struct timespec ms = { 0, 1000000 };

	nanosleep(&ms, NULL);   /* a program still running at the detach is done within it */
	rd->resumed += (uint64_t)guard_continue_paused(rd->b, continued_last, rd);
}

/* The processes --lossless stopped whose frames were read: their records
 * up to the stop are out of the rings (in the sink, or the merge until
 * its horizon). On they go once their stops are queued; the rest wait. */
static void resume_paused(struct reader *rd)
{
	uint64_t now = now_ns();
	int i, kept = 0, ready;

	for (i = 0; i < rd->nresume; i++) {
		ready = resume_ready(rd, &rd->resume[i], now);
		if (ready == 0)
			rd->resume[kept++] = rd->resume[i];
		else if (ready > 0 && kill((pid_t)rd->resume[i].tgid, SIGCONT) == 0) {
			rd->resumed++;
			note_continued(rd, rd->resume[i].tgid, rd->resume[i].seq);
		}
	}
	rd->nresume = kept;
}

/* Continues what can be until fewer than n wait: within
 * READER_PAUSE_QUEUED_NS, when every one waiting is ready. */
static void resume_until_below(struct reader *rd, int n)
{
	const struct timespec ms = { 0, 1000000 };

	for (resume_paused(rd); rd->nresume >= n; resume_paused(rd))
		nanosleep(&ms, NULL);
}

/* A pause frame read: its process goes on after this read's records are
 * released (read_all), or at once if too many wait. */
static void paused(void *ctx, int cpu, uint32_t tgid, uint32_t seq)
{
	struct reader *rd = ctx;
	struct reader_resume *r;
	int i;

	(void)cpu;
	for (i = 0; i < rd->nresume; i++)
		if (rd->resume[i].tgid == tgid) {
			r = &rd->resume[i];
			if ((int32_t)((seq - r->seq) << 1) > 0) {   /* the later pause (counts wrap at 2^31) */
				r->seq = seq;
				r->since_ns = now_ns();
			}
			return;
		}
	resume_until_below(rd, READER_RESUMES);
	rd->resume[rd->nresume++] = (struct reader_resume){ tgid, seq, now_ns() };
}

/* A CPU's records wait in the merge for at most about one round of
 * reading: a queue as large as its buffer holds that. Made present ahead
 * up to READER_MERGE_AHEAD only: for a larger buffer (the default on few
 * CPUs, or a --buffer-pages), all of it would stay in snoop's RSS and
 * cost every start its page faults (~0.2 ms a MiB by madvise, ~3 ms by
 * stores on these VMs), and a queue that needs more grows as it fills
 * while the buffer, larger than this, holds the records meanwhile. */
#define READER_MERGE_AHEAD (4u << 20)

static int open_merge(struct reader *rd, unsigned pages, char *err, size_t errlen)
{
	size_t ahead = (size_t)pages * 4096;

	if (!rd->t.streams)
		return 0;   /* one stream in order: nothing to merge */
	if (ahead > READER_MERGE_AHEAD)
		ahead = READER_MERGE_AHEAD;
	if (merge_init(&rd->merge, rd->t.streams) ||
	    merge_reserve(&rd->merge, rd->t.reserved_streams, ahead)) {
		snprintf(err, errlen, "out of memory for the per-CPU merge");
		return -1;
	}
	return 0;
}

static void say_opened(const struct reader *rd, const struct reader_buffers *cfg)
{
	int cpus = sbpf_buffer_count(rd->b);

	switch (cfg->kind) {
	case TRANSPORT_RINGBUF:
		verbose_msg(rd->verbose, "buffer: one ring buffer of %u KiB, wake-up every %u records of a CPU",
			    rd->t.kib, cfg->wakeup_events);
		break;
	case TRANSPORT_MAPPED:
		verbose_msg(rd->verbose, "buffers: %d CPUs x %u pages (%u KiB each), rings snoop maps (--buffer=mapped), doorbell every %u KiB",
			    cpus, cfg->pages, rd->t.kib, rd->t.kib / 8);
		break;
	case TRANSPORT_PERF:
		verbose_msg(rd->verbose, "buffers: %d CPUs x %u pages (%u KiB each), wake-up every %u records",
			    cpus, cfg->pages, rd->t.kib, cfg->wakeup_events);
		break;
	}
}

int reader_open(struct reader *rd, struct sbpf *b, struct sink *sink, const struct reader_buffers *cfg,
		char *err, size_t errlen)
{
	const struct transport_out out = { take, horizon, stream_end, rd, cfg->lossless ? paused : NULL };

	rd->b = b;
	rd->sink = sink;
	rd->cmd_status = -1;
	rd->max_pages = cfg->max_pages;
	rd->lossless_advice_pages = cfg->kind == TRANSPORT_MAPPED ? cfg->lossless_advice_pages : 0;
	if (argv_join_init(&rd->argv, b)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* the guard first: forked before the rings and the merge exist, it
	 * holds none of their memory */
	if ((cfg->lossless && guard_start(&rd->guard, b, err, errlen)) ||
	    transport_open(&rd->t, cfg->kind, b, &out, cfg->pages, cfg->wakeup_events, err, errlen) ||
	    open_merge(rd, cfg->pages, err, errlen))
		return -1;   /* the caller's reader_close frees what was made */
	growth_init(&rd->growth, cfg->pages, GROWTH_MAX_PAGES, rd->t.can_grow,
		    sizeof(struct snoop_record) + rd->t.head);
	say_opened(rd, cfg);
	return 0;
}

/* Reads every buffer, then writes what the merge can release. force: the
 * end, write everything held. The passes' lengths and the gaps between
 * them tell the loss policy whether snoop could run. */
static void read_all(struct reader *rd, int force)
{
	uint64_t start = now_ns();

	rd->reads++;
	if (rd->pass_end_ns && start - rd->pass_end_ns > rd->pass_gap_ns)
		rd->pass_gap_ns = start - rd->pass_end_ns;
	transport_read(&rd->t);
	merge_release(&rd->merge, force, write_record, rd);
	resume_paused(rd);
	rd->pass_end_ns = now_ns();
	if (rd->pass_end_ns - start > rd->pass_gap_ns)
		rd->pass_gap_ns = rd->pass_end_ns - start;
}

/* The marks the policy decided, in the stream where they happened. */
static void mark_losses(struct reader *rd)
{
	const struct growth_decision *d = &rd->decision;
	int cpu;

	for (cpu = 0; d->fresh && cpu < d->ncpus; cpu++)
		if (d->mark[cpu])
			sink_lost(rd->sink, d->mark[cpu], cpu);
}

static int read_lost(struct reader *rd, uint64_t *dropped)
{
	int n = transport_lost(&rd->t, dropped, SBPF_MAX_CPUS);

	return n < 0 ? 0 : n;
}

/* The buffers grown to pages as the policy asked, and the merge's queues
 * touched for bursts of that size once the larger buffers take the
 * records (touching tens of MiB takes tens of ms, which the old, full
 * buffers could not hold; failing is no loss: the queues also grow when
 * a burst needs it). 1 if there are new fds to poll. */
static int grow(struct reader *rd, unsigned pages)
{
	char err[512] = "";
	uint64_t start = now_ns();
	int rc = transport_grow(&rd->t, pages, err, sizeof(err));
	uint64_t made = now_ns() - start;

	if (err[0])
		verbose_msg(rd->verbose, "could not grow the buffers: %s", err);
	if (rc >= 0) {
		read_all(rd, 0);
		merge_reserve(&rd->merge, rd->t.reserved_streams, (size_t)pages * 4096);
		/* how long the reader was away from the old, full buffers */
		verbose_msg(rd->verbose, "records lost: buffers grown to %u pages (%u KiB) per CPU in %llu ms, the old ones read %llu ms later",
			    pages, rd->t.kib, (unsigned long long)(made / 1000000),
			    (unsigned long long)((now_ns() - start - made) / 1000000));
	}
	growth_done(&rd->growth, pages, rc >= 0);
	return rc > 0;
}

/* Did snoop get a SIGCONT since the last check? */
static int continued(struct reader *rd)
{
	if (!rd->continued || *rd->continued == rd->continued_seen)
		return 0;
	rd->continued_seen = *rd->continued;
	return 1;
}

/* The loss policy asked, with BPF's loss counters and the reader's
 * timing since the last check; its decisions applied. 1 if there are new
 * buffers to poll. */
static int check_losses(struct reader *rd)
{
	uint64_t dropped[SBPF_MAX_CPUS];
	struct growth_times t = { now_ns(), rd->wake_gap_ns, rd->pass_gap_ns, rd->pass_end_ns, continued(rd) };
	int n = read_lost(rd, dropped);

	rd->pass_gap_ns = 0;
	rd->t.loss_seen = 0;
	growth_check(&rd->growth, &t, dropped, n, &rd->decision);
	mark_losses(rd);
	return rd->decision.grow_to ? grow(rd, rd->decision.grow_to) : 0;
}

static int epoll_add(int ep, int fd, uint64_t data)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* Every buffer's fd in the epoll set (closing an old one removed it; one
 * that did not grow is there already). */
static int poll_buffers(struct reader *rd, int ep)
{
	int fds[MAX_FDS], i, n = transport_poll_fds(&rd->t, fds, MAX_FDS);

	for (i = 0; i < n; i++)
		if (epoll_add(ep, fds[i], TAG_BUFFER) && errno != EEXIST)
			return -1;
	return 0;
}

static void poll_hook(struct reader *rd, int ep)
{
	int fds[16], i, n = rd->hook.fds ? rd->hook.fds(rd->hook.arg, fds, 16) : 0;

	for (i = 0; i < n; i++)
		epoll_add(ep, fds[i], TAG_HOOK);
}

/* A buffer woke the reader: every buffer is read, so that the merge can
 * release. The pidfd: the command is gone, its status is snoop's. The
 * hook's fds: serviced after the records are in (the caller). */
static void on_ready(struct reader *rd, int ep, uint64_t tag, int *read, int *ended)
{
	if (tag == TAG_BUFFER) {
		if (!*read)
			read_all(rd, 0);
		*read = 1;
	} else if (tag == TAG_PIDFD) {
		epoll_ctl(ep, EPOLL_CTL_DEL, rd->cmd->pidfd, NULL);
		if (rd->cmd_status < 0)
			rd->cmd_status = command_reap(rd->cmd, 0);
		*ended = 1;
	}
}

/* Is anything left to trace? -n waits for processes that have not started
 * yet; otherwise the traced map and the command tell. */
static int done(struct reader *rd)
{
	if (rd->cmd && rd->cmd_status < 0)
		return 0;
	if (rd->until_command)   /* -a: the machine's processes go on; the command ended */
		return 1;
	return !rd->until_stopped && !targets_remain(rd->b);
}

/* The periodic work: drain, account, flush; and, without a pidfd (Linux <
 * 5.3, or under Valgrind), notice the command's end. */
static void tick(struct reader *rd, int ep)
{
	read_all(rd, 0);
	if (check_losses(rd))
		poll_buffers(rd, ep);
	sink_flush(rd->sink);
	if (rd->cmd && rd->cmd_status < 0)
		rd->cmd_status = command_reap(rd->cmd, 0);
}

static int open_epoll(struct reader *rd)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0 || poll_buffers(rd, ep)) {
		perror_msg("epoll");
		if (ep >= 0)
			close(ep);
		return -1;
	}
	if (rd->cmd && rd->cmd->pidfd >= 0)
		epoll_add(ep, rd->cmd->pidfd, TAG_PIDFD);
	poll_hook(rd, ep);
	return ep;
}

/* How long to wait for the buffers: READER_DRAIN_MS, or less when the
 * timer is due sooner. */
static int wait_ms(const struct reader *rd, uint64_t now)
{
	uint64_t ms;

	if (rd->nresume)
		return 1;   /* stopped processes wait for their stops to be queued: soon */
	if (!rd->timer || !rd->timer_at)
		return READER_DRAIN_MS;
	ms = rd->timer_at > now ? (rd->timer_at - now + 999999) / 1000000 : 0;
	return ms < READER_DRAIN_MS ? (int)ms : READER_DRAIN_MS;
}

/* One epoll_wait over the buffers (woken once per wakeup_events records,
 * or a doorbell), the command's pidfd and the hook's fds; a full drain,
 * a loss check and a flush every READER_DRAIN_MS. */
int reader_run(struct reader *rd)
{
	struct epoll_event evs[64];
	uint64_t last = now_ns(), woke = last, now;
	int ep = open_epoll(rd), i, n, read, hook_ready, ended;

	if (ep < 0)
		return -1;
	/* records made since the attach, whose wake-up may have come before
	 * the epoll set was there to hear it */
	read_all(rd, 0);
	while (!*rd->stop && !sink_failed(rd->sink)) {
		n = epoll_wait(ep, evs, 64, wait_ms(rd, woke));
		if (n < 0 && errno != EINTR) {
			perror_msg("epoll_wait");
			break;
		}
		now = now_ns();
		rd->wakeups += n > 0;
		rd->wake_gap_ns = now - woke;
		for (i = 0, read = 0, hook_ready = 0, ended = 0; i < n; i++) {
			on_ready(rd, ep, evs[i].data.u64, &read, &ended);
			hook_ready |= evs[i].data.u64 == TAG_HOOK;
		}
		if (rd->t.loss_seen && check_losses(rd))
			poll_buffers(rd, ep);
		if (rd->timer && rd->timer_at && now >= rd->timer_at)
			rd->timer_at = rd->timer(rd->timer_arg, now);
		/* the command's end is asked about at once, not after an idle
		 * interval: a short command's snoop ends with it */
		if (n == 0 || ended || now - last >= READER_DRAIN_MS * 1000000ull) {
			tick(rd, ep);
			last = now;
			if (done(rd))
				break;
		}
		/* what the records just read queued goes out now, in one batch */
		if (rd->hook.ready)
			rd->hook.ready(rd->hook.arg, hook_ready);
		woke = now_ns();
	}
	close(ep);
	return 0;
}

void reader_drain(struct reader *rd)
{
	uint64_t dropped[SBPF_MAX_CPUS];

	read_all(rd, 1);
	resume_until_below(rd, 1);   /* no process left stopped */
	growth_account(&rd->growth, dropped, read_lost(rd, dropped), &rd->decision);
	mark_losses(rd);
}

void reader_close(struct reader *rd)
{
	if (rd->guard.pid > 0 && rd->all_read)
		continue_the_rest(rd);
	guard_release(&rd->guard, rd->all_read);
	free(rd->continued_at);
	rd->continued_at = NULL;
	argv_join_free(&rd->argv);
	merge_free(&rd->merge);
	memset(&rd->merge, 0, sizeof(rd->merge));
	transport_close(&rd->t);
}

/* A process faster than snoop's reader can drain (a storm on every CPU)
 * outruns any buffer, and a stopped snoop reads nothing; --lossless makes
 * the process wait instead, if accepted with rings of pages per CPU
 * (those the advice names). */
static int lossless_would_do(const struct reader *rd, unsigned pages)
{
	return rd->lossless_advice_pages && pages >= rd->lossless_advice_pages;
}

static const char *lossless_advice(const struct reader *rd, unsigned pages)
{
	return lossless_would_do(rd, pages) ? ", or --lossless to make the traced processes wait for snoop" : "";
}

/* "cpu 0: 12, cpu 3: 4" into buf. */
static void lost_per_cpu(const struct growth *g, char *buf, size_t len)
{
	size_t used = 0;
	int cpu;

	buf[0] = '\0';
	for (cpu = 0; cpu < GROWTH_MAX_CPUS && used < len; cpu++)
		if (g->lost[cpu])
			used += (size_t)snprintf(buf + used, len - used, "%scpu %d: %llu", used ? ", " : "", cpu,
						 (unsigned long long)g->lost[cpu]);
}

void reader_report(const struct reader *rd)
{
	const struct growth *g = &rd->growth;
	uint64_t bad = rd->short_samples + rd->t.bad, lost;
	unsigned suggest = g->pages * 4 > rd->max_pages ? rd->max_pages : g->pages * 4;
	char per_cpu[1024];

	verbose_msg(rd->verbose, "reader: %llu wake-ups by the buffers, %llu reads of every buffer, %llu doorbells",
		    (unsigned long long)rd->wakeups, (unsigned long long)rd->reads, (unsigned long long)rd->t.bells);
	if (rd->t.out.paused)
		verbose_msg(rd->verbose, "--lossless: traced processes stopped %llu times for the reader (pause frames read); SIGCONTs sent %llu, frames passed over for a later one of the same process %llu",
			    (unsigned long long)rd->t.pauses, (unsigned long long)rd->resumed,
			    (unsigned long long)rd->resumes_later);
	if (bad)   /* the BPF side never sends these: say so if it did */
		error_msg("ignored %llu samples too short to be records (is bpf/snoop.h the one snoop was built with?)",
			  (unsigned long long)bad);
	if (rd->t.fault[0])
		error_msg("%s", rd->t.fault);
	if (g->stall_lost)
		error_msg("lost %llu records while snoop could not run for %.1f s (stopped by a signal or a debugger, or the machine suspended): no buffer size prevents that%s",
			  (unsigned long long)g->stall_lost, (double)g->longest_stall_ns / 1e9,
			  lossless_would_do(rd, g->pages) ? "; --lossless would have made the traced processes wait for snoop" : "");
	if (rd->sink->lost <= g->stall_lost)
		return;
	lost = rd->sink->lost - g->stall_lost;
	lost_per_cpu(g, per_cpu, sizeof(per_cpu));
	if (!rd->t.can_grow)
		error_msg("lost %llu records: the ring buffer was full (it cannot grow while tracing); use --buffer=perf, whose buffers grow",
			  (unsigned long long)lost);
	else if (g->grown)
		error_msg("lost %llu records (%s) until the buffers grew to %u pages per CPU; start with --buffer-pages=%u next time%s",
			  (unsigned long long)lost, per_cpu, g->pages, g->pages, lossless_advice(rd, g->pages));
	else
		error_msg("lost %llu records (%s): the buffer was full; try --buffer-pages=%u%s",
			  (unsigned long long)lost, per_cpu, suggest, lossless_advice(rd, suggest));
}
