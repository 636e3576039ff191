/* growth.c - see growth.h. */
#include <string.h>
#include "trace/growth.h"

#define MS 1000000ull

void growth_init(struct growth *g, unsigned pages, unsigned max_pages, int can_grow, uint64_t record_bytes)
{
	memset(g, 0, sizeof(*g));
	g->pages = g->target = pages;
	g->max_pages = max_pages;
	g->can_grow = can_grow;
	g->record_bytes = record_bytes;
}

unsigned growth_pages(unsigned pages, unsigned max, uint64_t needed_bytes)
{
	uint64_t want = pages * 2ull, need_pages = (needed_bytes + 4095) / 4096;

	while (want < need_pages && want < max)
		want *= 2;
	return want > max ? max : (unsigned)want;
}

/* What the worst CPU brought since the last calm moment (records
 * delivered, and those lost at the size of the delivered ones) at the rate
 * it brought them (over the time its buffer had records to read), for one
 * drain interval.
 * The reader drains every GROWTH_DRAIN_MS however busy it is, so a buffer
 * that holds that much loses nothing to a hold-up shorter than that. */
uint64_t growth_burst_bytes(const struct growth *g)
{
	uint64_t worst = 0, need, per_record, span;
	const struct growth_window *w;
	int cpu;

	for (cpu = 0; cpu < GROWTH_MAX_CPUS; cpu++) {
		w = &g->cpus[cpu];
		per_record = w->records ? w->bytes / w->records : g->record_bytes;
		need = w->bytes + (g->lost[cpu] - g->window_lost[cpu]) * per_record;
		span = w->busy_ns;
		if (span < MS)   /* under 1 ms: too short to tell a rate */
			span = MS;
		need = need / span * (GROWTH_DRAIN_MS * MS) +
		       need % span * (GROWTH_DRAIN_MS * MS) / span;   /* no overflow */
		if (need > worst)
			worst = need;
	}
	return worst;
}

/* A calm moment: the next burst is measured from here (the time since
 * each buffer's last read is the next window's). */
static void start_window(struct growth *g)
{
	int cpu;

	for (cpu = 0; cpu < GROWTH_MAX_CPUS; cpu++)
		g->cpus[cpu].bytes = g->cpus[cpu].records = g->cpus[cpu].busy_ns = 0;
	memcpy(g->window_lost, g->lost, sizeof(g->lost));
}

void growth_account(struct growth *g, const uint64_t *dropped, int ncpus, struct growth_decision *d)
{
	int cpu;

	d->ncpus = ncpus < GROWTH_MAX_CPUS ? ncpus : GROWTH_MAX_CPUS;
	d->fresh = 0;
	d->stalled_ns = 0;
	d->grow_to = 0;
	for (cpu = 0; cpu < d->ncpus; cpu++) {
		d->mark[cpu] = dropped[cpu] > g->lost[cpu] ? dropped[cpu] - g->lost[cpu] : 0;
		d->fresh += d->mark[cpu];
		g->lost[cpu] += d->mark[cpu];
	}
}

/* How long snoop could not run (0: it could): a gap between two wake-ups
 * (a stop, a suspend), or, after a SIGCONT, the longest pass over the
 * buffers or time between two since the last check, or since the last
 * pass: a SIGSTOP in the middle of a busy loop's pass shows no gap between
 * wake-ups. Without the SIGCONT such a gap is the reader held up (a slow
 * disk), which larger buffers do help. */
static uint64_t stall_gap(const struct growth_times *t)
{
	uint64_t gap = t->wake_gap_ns >= GROWTH_STALL_MS * MS ? t->wake_gap_ns : 0, g = t->pass_gap_ns;

	if (!t->continued)
		return gap;
	if (t->pass_end_ns && t->now_ns - t->pass_end_ns > g)
		g = t->now_ns - t->pass_end_ns;
	return g >= GROWTH_STALL_MS * MS && g > gap ? g : gap;
}

/* The stall, also for GROWTH_STALL_GRACE_MS after it: the buffers it
 * filled go on refusing records until the reader has emptied them. */
static uint64_t stall_ns(struct growth *g, const struct growth_times *t)
{
	uint64_t gap = stall_gap(t);

	if (gap) {
		g->stall_ns = gap;
		g->stall_grace_until_ns = t->now_ns + GROWTH_STALL_GRACE_MS * MS;
		return gap;
	}
	return t->now_ns < g->stall_grace_until_ns ? g->stall_ns : 0;
}

/* One step toward target: at most GROWTH_STEP times at once (the kernel
 * makes a buffer in about 3 ms a MiB, with nothing read meanwhile). The
 * next steps come at the next checks, loss or not: a burst that stopped
 * losing at the first step's size (a few ms of records) would otherwise
 * leave the buffers there, and the next burst lost again. */
static unsigned next_step(const struct growth *g)
{
	uint64_t step = (uint64_t)g->pages * GROWTH_STEP;

	return g->target > step ? (unsigned)step : g->target;
}

/* Losses while snoop itself could not run (stopped, suspended) say
 * nothing about the buffer size: counted apart, and the buffers keep their
 * size. Others make the buffers grow to hold one drain interval of the
 * burst (growth_burst_bytes), at least doubling, up to max_pages: a fixed
 * factor left them at whatever survived the bursts seen so far, and the
 * next one lost again. */
void growth_check(struct growth *g, const struct growth_times *t, const uint64_t *dropped, int ncpus,
		  struct growth_decision *d)
{
	uint64_t stalled = stall_ns(g, t);   /* every check: the gaps are since the last one */
	unsigned target;

	growth_account(g, dropped, ncpus, d);
	if (!d->fresh) {
		if (g->target > g->pages)
			d->grow_to = next_step(g);
		else
			start_window(g);
		return;
	}
	if (stalled) {
		d->stalled_ns = stalled;
		g->stall_lost += d->fresh;
		if (stalled > g->longest_stall_ns)
			g->longest_stall_ns = stalled;
		start_window(g);
		return;
	}
	if (!g->can_grow || g->pages >= g->max_pages)
		return;   /* the ring cannot grow while attached; the report says so */
	target = growth_pages(g->pages, g->max_pages, growth_burst_bytes(g));
	if (target > g->target)
		g->target = target;
	d->grow_to = next_step(g);
}

void growth_done(struct growth *g, unsigned pages, int ok)
{
	if (ok) {
		g->pages = pages;
		g->grown++;
	} else {
		g->target = g->pages;   /* the kernel refused: try again on a new loss */
	}
	start_window(g);
}
