/* losses.c - the reader's loss accounting and its dynamic high-water mark:
 * what BPF counted lost is marked in the stream where it happened; a loss
 * that was not snoop's own stall makes the buffers grow to hold the burst;
 * at exit, what was lost and the --buffer-pages to start with. The reading
 * itself is reader.c's (trace/reader.h). */
#include <stdio.h>
#include "error.h"
#include "opts.h"
#include "trace/reader.h"

/* Marks in the stream what BPF's per-CPU counters say was lost since the
 * last call; returns how many. */
uint64_t reader_account_losses(struct reader *rd)
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

/* The merge's queues touched for bursts of the new size, once the larger
 * buffers take the records: touching tens of MiB takes tens of ms, which
 * the old, full buffers could not hold. Failing is no loss: the queues
 * also grow when a burst needs it. */
static void reserve_merge(struct reader *rd, unsigned pages)
{
	reader_read_all(rd, 0);
	merge_reserve(&rd->merge, rd->reserved_streams, (size_t)pages * 4096);
}

/* Growth of the rings snoop maps; nothing to poll anew (the doorbells stay). */
static int grow_rings(struct reader *rd, unsigned pages)
{
	char err[512];

	reader_reap_rings(rd, UINT64_MAX);   /* retired by the last growth: gone now */
	if (rings_grow(rd->rings, rd->b, (uint64_t)pages * 4096, reader_now_ns(), reader_take_old, rd, err, sizeof(err))) {
		verbose_msg(rd->verbose, "could not grow the rings: %s", err);
		return -1;
	}
	return 0;
}

/* Growth of the perf buffers: 1 if some grew (the caller polls their new
 * fds), -1 if none did. */
static int grow_perf(struct reader *rd, unsigned pages)
{
	char err[512];
	int i;

	for (i = 0; i < sbpf_buffer_count(rd->b); i++) {
		if (sbpf_grow_buffer(rd->b, i, (int)pages, err, sizeof(err))) {
			verbose_msg(rd->verbose, "could not grow the buffers: %s", err);
			break;
		}
		reader_read_all(rd, 0);
	}
	/* some grew: they are in use (poll them); the next growth remakes
	 * every buffer from this size */
	return i == 0 ? -1 : 1;
}

/* One step toward grow_target: at most READER_GROW_STEP times at once
 * (the kernel makes a buffer in about 3 ms a MiB, with nothing read
 * meanwhile: hence the step, and the other buffers read between two
 * CPUs' new buffers). The next steps come at the next ticks, loss or
 * not: a burst that stopped losing at the first step's size (a few ms of
 * records) would otherwise leave the buffers there, and the next burst
 * lost again. 1 if the caller must poll new buffers. */
static int grow_step(struct reader *rd)
{
	unsigned pages = rd->grow_target;
	int rc;

	if (pages > rd->pages * READER_GROW_STEP)
		pages = rd->pages * READER_GROW_STEP;
	rc = rd->rings ? grow_rings(rd, pages) : grow_perf(rd, pages);
	if (rc < 0) {
		rd->grow_target = rd->pages;   /* the kernel refused: try again on a new loss */
	} else {
		reserve_merge(rd, pages);
		rd->pages = pages;
		rd->grown++;
		verbose_msg(rd->verbose, "records lost: buffers grown to %u pages (%u KiB) per CPU", pages,
			    rd->rings ? rd->rings->chunks * (SNOOP_RING_CHUNK / 1024) : pages * 4);
	}
	start_window(rd);
	return rc > 0;
}

/* The dynamic high-water mark: records were lost, so the buffers grow to
 * hold one drain interval of the burst (burst_bytes), at least doubling,
 * up to READER_GROW_MAX_PAGES. A fixed factor (4x) left the buffers at
 * whatever survived the bursts seen so far: a burst that had lost little
 * made them grow little, and the next one lost again. */
static int grow_on_loss(struct reader *rd)
{
	unsigned target;

	if (rd->ring || rd->pages >= READER_GROW_MAX_PAGES)
		return 0;   /* the ring cannot grow while attached; reader_report says so */
	target = reader_grow_pages(rd->pages, READER_GROW_MAX_PAGES, burst_bytes(rd));
	if (target > rd->grow_target)
		rd->grow_target = target;
	return grow_step(rd);
}

/* How long snoop could not run (0: it could) up to now: a gap between
 * two wake-ups (stalled_ns: a stop, a suspend), or, after a SIGCONT, the
 * longest pass over the buffers or time between two since the last check,
 * or since the last pass: a SIGSTOP in the middle of a busy loop's pass
 * shows no gap between wake-ups, and its losses made the buffers grow.
 * Without the SIGCONT such a gap is the reader held up (a slow disk),
 * which larger buffers do help. */
static uint64_t stall_gap(struct reader *rd, uint64_t now)
{
	uint64_t gap = rd->stalled_ns, g = rd->gap_ns;

	rd->gap_ns = 0;
	if (!rd->continued || *rd->continued == rd->continued_seen)
		return gap;
	rd->continued_seen = *rd->continued;
	if (rd->pass_end_ns && now - rd->pass_end_ns > g)
		g = now - rd->pass_end_ns;
	return g >= READER_STALL_MS * 1000000ull && g > gap ? g : gap;
}

/* The stall, also for READER_STALL_GRACE_MS after it: the buffers it
 * filled go on refusing records until the reader has emptied them. */
static uint64_t stall_ns(struct reader *rd)
{
	uint64_t now = reader_now_ns(), gap = stall_gap(rd, now);

	if (gap) {
		rd->stall_ns = gap;
		rd->stall_grace_until_ns = now + READER_STALL_GRACE_MS * 1000000ull;
		return gap;
	}
	return now < rd->stall_grace_until_ns ? rd->stall_ns : 0;
}

/* Losses while snoop itself could not run (stopped, suspended) say nothing
 * about the buffer size: counted apart, and the buffers keep their size. */
int reader_check_losses(struct reader *rd)
{
	uint64_t fresh, stalled = stall_ns(rd);   /* every check: the gaps are since the last one */

	rd->loss_seen = 0;
	fresh = reader_account_losses(rd);
	if (!fresh) {
		if (rd->grow_target > rd->pages)
			return grow_step(rd);
		start_window(rd);
		return 0;
	}
	if (stalled) {
		rd->stall_lost += fresh;
		if (stalled > rd->longest_stall_ns)
			rd->longest_stall_ns = stalled;
		start_window(rd);
		return 0;
	}
	return grow_on_loss(rd);
}

void reader_report(const struct reader *rd)
{
	char per_cpu[1024];
	size_t used = 0;
	int i, cpu;

	uint64_t bad = rd->short_samples + (rd->rings ? rd->rings->bad : 0);

	verbose_msg(rd->verbose, "reader: %llu wake-ups by the buffers, %llu reads of every buffer, %llu doorbells",
		    (unsigned long long)rd->wakeups, (unsigned long long)rd->reads, (unsigned long long)rd->bells);

	if (bad)   /* the BPF side never sends these: say so if it did */
		error_msg("ignored %llu samples too short to be records (is bpf/snoop.h the one snoop was built with?)",
			  (unsigned long long)bad);
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
