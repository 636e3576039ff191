/* The loss and growth policy (trace/growth.h), driven by a fake transport:
 * per-CPU buffers of the policy's size, filled by bursts the tests write,
 * read when the test's reader runs, on a clock the tests keep. Nothing
 * here depends on the machine's load or timing. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "trace/growth.h"

#define MS 1000000ull
#define CPUS 2
#define REC 100           /* bytes a record takes in the buffer */
#define SPAN 10000        /* ms a test can run */

/* The fake transport and reader. */
struct sim {
	struct growth g;
	struct growth_decision d;
	uint64_t now_ms;
	uint64_t fill[CPUS];                 /* bytes in each CPU's buffer */
	uint32_t waiting[CPUS][SPAN];        /* records in the buffer, by the ms they completed */
	uint64_t first_waiting[CPUS];
	uint64_t dropped[CPUS];              /* what BPF counts */
	uint64_t marked[CPUS];               /* what the reader marked in the stream */
	uint64_t last_read_ms, last_check_ms, last_wake_ms;
	unsigned growths, largest_step;
	int continued;
};

static struct sim *sim_new(unsigned pages, int can_grow)
{
	struct sim *s = calloc(1, sizeof(*s));

	cr_assert(s);
	growth_init(&s->g, pages, GROWTH_MAX_PAGES, can_grow, REC);
	return s;
}

/* n records completed on cpu in this ms: into its buffer, or lost when full. */
static void produce(struct sim *s, int cpu, unsigned n)
{
	uint64_t cap = (uint64_t)s->g.pages * 4096;

	while (n--) {
		if (s->fill[cpu] + REC > cap) {
			s->dropped[cpu]++;
			continue;
		}
		s->fill[cpu] += REC;
		s->waiting[cpu][s->now_ms]++;
	}
}

/* The reader's pass over every buffer: each record measured. */
static void read_all(struct sim *s)
{
	uint64_t ms;
	unsigned i;
	int cpu;

	for (cpu = 0; cpu < CPUS; cpu++) {
		for (ms = s->first_waiting[cpu]; ms <= s->now_ms; ms++)
			for (i = 0; i < s->waiting[cpu][ms]; i++)
				growth_take(&s->g, cpu, REC);
		growth_read(&s->g, cpu, s->now_ms * MS);
		memset(&s->waiting[cpu][s->first_waiting[cpu]], 0,
		       (s->now_ms + 1 - s->first_waiting[cpu]) * sizeof(uint32_t));
		s->first_waiting[cpu] = s->now_ms;
		s->fill[cpu] = 0;
	}
	s->last_read_ms = s->now_ms;
}

/* The reader's loss check, its decisions applied as reader.c does. */
static void check(struct sim *s)
{
	struct growth_times t = { s->now_ms * MS, (s->now_ms - s->last_wake_ms) * MS, 0, s->last_read_ms * MS,
				  s->continued };
	unsigned before = s->g.pages;
	int cpu;

	s->continued = 0;
	growth_check(&s->g, &t, s->dropped, CPUS, &s->d);
	for (cpu = 0; cpu < CPUS; cpu++)
		s->marked[cpu] += s->d.mark[cpu];
	if (s->d.grow_to) {
		cr_assert_gt(s->d.grow_to, before);
		if (s->d.grow_to / before > s->largest_step)
			s->largest_step = s->d.grow_to / before;
		read_all(s);   /* a growth drains the old buffers */
		growth_done(&s->g, s->d.grow_to, 1);
		s->growths++;
	}
	s->last_check_ms = s->now_ms;
}

/* One ms: rate[cpu] records completed on each CPU; the reader, unless
 * held, reads every read_every ms and checks every GROWTH_DRAIN_MS. */
static void step(struct sim *s, const unsigned *rate, unsigned read_every, int held)
{
	int cpu;

	for (cpu = 0; cpu < CPUS; cpu++)
		produce(s, cpu, rate[cpu]);
	if (!held && s->now_ms - s->last_read_ms >= read_every) {
		read_all(s);
		if (s->now_ms - s->last_check_ms >= GROWTH_DRAIN_MS)
			check(s);
		s->last_wake_ms = s->now_ms;
	}
	s->now_ms++;
}

static void run(struct sim *s, unsigned ms, unsigned rate0, unsigned rate1, unsigned read_every)
{
	const unsigned rate[CPUS] = { rate0, rate1 };

	while (ms--)
		step(s, rate, read_every, 0);
}

static uint64_t lost(const struct sim *s)
{
	return s->dropped[0] + s->dropped[1];
}

static uint64_t marked(const struct sim *s)
{
	return s->marked[0] + s->marked[1];
}

Test(growth_pages, at_least_doubles)
{
	cr_expect_eq(growth_pages(1, 16384, 0), 2);
	cr_expect_eq(growth_pages(256, 16384, 4096), 512, "a burst that needed little still doubles");
}

Test(growth_pages, holds_what_the_burst_needed)
{
	cr_expect_eq(growth_pages(1, 16384, 8 * 1024 * 1024), 2048, "8 MiB: 2048 pages");
	cr_expect_eq(growth_pages(1, 16384, 8 * 1024 * 1024 + 1), 4096, "rounded up to a power of two");
	cr_expect_eq(growth_pages(4, 16384, 5 * 4096), 8);
}

Test(growth_pages, stops_at_the_maximum)
{
	cr_expect_eq(growth_pages(1, 16384, 1ull << 40), 16384);
	cr_expect_eq(growth_pages(16384, 16384, 1ull << 40), 16384);
	cr_expect_eq(growth_pages(8192, 16384, 0), 16384);
}

/* t_grow without the machine: 1M records/s on one CPU from 1-page
 * buffers, a pause, the same burst again. The first loses and makes the
 * buffers grow to one drain interval of it (10 MB: 4096 pages), in steps
 * of at most GROWTH_STEP; the second loses nothing. Every loss marked. */
Test(growth, a_burst_grows_the_buffers_and_the_next_burst_loses_nothing)
{
	struct sim *s = sim_new(1, 1);
	uint64_t first;

	run(s, 1000, 1000, 0, 5);
	first = lost(s);
	run(s, 500, 0, 0, 5);
	cr_expect_gt(first, 0, "1-page buffers held a 100 MB/s burst");
	cr_expect_eq(s->g.pages, 4096, "grown to %u pages, not 4096", s->g.pages);
	cr_expect_leq(s->largest_step, GROWTH_STEP);
	cr_expect_eq(s->growths, 3, "1 -> 16 -> 256 -> 4096");
	run(s, 1000, 1000, 0, 5);
	run(s, 200, 0, 0, 5);
	cr_expect_eq(lost(s), first, "the second burst lost %llu", (unsigned long long)(lost(s) - first));
	cr_expect_eq(marked(s), lost(s), "every loss marked once");
	cr_expect_eq(s->g.stall_lost, 0);
	free(s);
}

/* The same under load: a reader that runs only every 60 ms (a busy CPU
 * taking its turns) still reads within a drain interval, so the buffers
 * sized for one hold the second burst. */
Test(growth, a_reader_slowed_by_a_busy_cpu_still_loses_nothing_the_second_time)
{
	struct sim *s = sim_new(1, 1);
	uint64_t first;

	run(s, 1000, 1000, 0, 60);
	run(s, 500, 0, 0, 60);
	first = lost(s);
	cr_expect_gt(first, 0);
	run(s, 1000, 1000, 0, 60);
	run(s, 200, 0, 0, 60);
	cr_expect_eq(lost(s), first, "the second burst lost %llu", (unsigned long long)(lost(s) - first));
	cr_expect_eq(marked(s), lost(s));
	free(s);
}

/* A burst that a CPU hog (making no calls) moves between the two CPUs
 * every 50 ms: each CPU's rate is measured while the burst was there, so
 * the buffers grow as for a burst on one CPU, and a reader that runs only
 * every 60 ms loses nothing of the next burst. */
Test(growth, a_burst_a_busy_cpu_moves_between_cpus_is_sized_by_its_own_rate)
{
	struct sim *s = sim_new(1, 1);
	uint64_t first;
	int i;

	for (i = 0; i < 20; i++)
		run(s, 50, i % 2 ? 0 : 1000, i % 2 ? 1000 : 0, 5);
	run(s, 500, 0, 0, 5);
	first = lost(s);
	cr_expect_gt(first, 0);
	cr_expect_eq(s->g.pages, 4096, "grown to %u pages, not 4096", s->g.pages);
	for (i = 0; i < 20; i++)
		run(s, 50, i % 2 ? 1000 : 0, i % 2 ? 0 : 1000, 60);
	run(s, 200, 0, 0, 5);
	cr_expect_eq(lost(s), first, "the second burst lost %llu", (unsigned long long)(lost(s) - first));
	cr_expect_eq(s->marked[0], s->dropped[0], "marked on the CPU that lost them");
	cr_expect_eq(s->marked[1], s->dropped[1]);
	free(s);
}

/* The same burst beside a slow steady stream on both CPUs: each CPU's
 * window then spans the time the burst spent on the other too, and the
 * buffers grow to hold half a drain interval of it at least (the power
 * of two above), which a reader that runs every 60 ms does not fill.
 * Every loss is marked on the CPU that lost it. */
Test(growth, a_burst_hopping_cpus_beside_a_steady_stream_is_sized_by_its_own_rate)
{
	struct sim *s = sim_new(1, 1);
	uint64_t first;
	int i;

	for (i = 0; i < 20; i++)
		run(s, 50, i % 2 ? 5 : 1000, i % 2 ? 1000 : 5, 5);
	run(s, 500, 5, 5, 5);
	first = lost(s);
	cr_expect_gt(first, 0);
	cr_expect_geq(s->g.pages, 2048, "grown to %u pages", s->g.pages);
	for (i = 0; i < 20; i++)
		run(s, 50, i % 2 ? 1000 : 5, i % 2 ? 5 : 1000, 60);
	cr_expect_eq(lost(s), first, "the second burst lost %llu", (unsigned long long)(lost(s) - first));
	run(s, 200, 0, 0, 5);
	cr_expect_eq(marked(s), lost(s));
	cr_expect_eq(s->d.ncpus, CPUS);
	cr_expect_eq(s->marked[0], s->dropped[0], "marked on the CPU that lost them");
	cr_expect_eq(s->marked[1], s->dropped[1]);
	free(s);
}

/* Growth stops at GROWTH_MAX_PAGES however large the burst. */
Test(growth, growth_is_capped)
{
	struct sim *s = sim_new(1, 1);

	run(s, 1500, 40000, 0, 5);   /* 4 GB/s */
	cr_expect_eq(s->g.pages, GROWTH_MAX_PAGES);
	run(s, 500, 40000, 0, 5);
	cr_expect_eq(s->g.pages, GROWTH_MAX_PAGES);
	cr_expect_eq(marked(s), lost(s));
	free(s);
}

/* The steps toward the target come check after check, loss or not: one
 * loss is enough to reach the burst's size. */
Test(growth, steps_toward_the_target_without_further_losses)
{
	struct growth *g = calloc(1, sizeof(*g));
	struct growth_decision *d = calloc(1, sizeof(*d));
	struct growth_times t = { 10 * MS, 100 * MS, 0, 9 * MS, 0 };
	uint64_t dropped[CPUS] = { 1000, 0 };
	unsigned expect[] = { 16, 256, 4096, 16384 }, i;

	growth_init(g, 1, GROWTH_MAX_PAGES, 1, REC);
	growth_read(g, 0, 0);
	for (i = 0; i < 100000; i++)   /* 1 GB/s for 10 ms */
		growth_take(g, 0, REC);
	growth_read(g, 0, 10 * MS);
	for (i = 0; i < 4; i++) {
		growth_check(g, &t, dropped, CPUS, d);
		cr_expect_eq(d->grow_to, expect[i], "step %u: %u", i, d->grow_to);
		cr_expect_eq(d->fresh, i == 0 ? 1000 : 0);
		growth_done(g, d->grow_to, 1);
	}
	growth_check(g, &t, dropped, CPUS, d);
	cr_expect_eq(d->grow_to, 0, "at the target: no more growth");
	cr_expect_eq(g->grown, 4);
	free(g);
	free(d);
}

/* snoop stopped (SIGSTOP) for 1.5 s mid-burst: a gap between the reader's
 * wake-ups. Its losses, and those while it empties the full buffers
 * (GROWTH_STALL_GRACE_MS), are the stop's: counted apart, no growth. */
Test(growth, a_stopped_reader_is_blamed_and_the_buffers_keep_their_size)
{
	struct sim *s = sim_new(4096, 1);
	const unsigned rate[CPUS] = { 1000, 0 };
	int i;

	run(s, 300, 1000, 0, 5);
	cr_expect_eq(lost(s), 0, "4096 pages hold 100 MB/s");
	for (i = 0; i < 1500; i++)
		step(s, rate, 5, 1);
	run(s, 400, 1000, 0, 5);
	cr_expect_gt(lost(s), 0);
	cr_expect_eq(s->g.stall_lost, lost(s), "%llu of %llu lost blamed on the stop",
		     (unsigned long long)s->g.stall_lost, (unsigned long long)lost(s));
	cr_expect_geq(s->g.longest_stall_ns, 1500 * MS);
	cr_expect_eq(s->g.pages, 4096, "grown for a stop");
	cr_expect_eq(marked(s), lost(s));
	free(s);
}

/* Losses after the grace period are the buffer's again. */
Test(growth, losses_after_the_grace_period_grow_the_buffers)
{
	struct growth *g = calloc(1, sizeof(*g));
	struct growth_decision *d = calloc(1, sizeof(*d));
	struct growth_times t = { 2000 * MS, 1500 * MS, 0, 1999 * MS, 0 };
	uint64_t dropped[CPUS] = { 100, 0 };

	growth_init(g, 64, GROWTH_MAX_PAGES, 1, REC);
	growth_check(g, &t, dropped, CPUS, d);
	cr_expect_eq(d->stalled_ns, 1500 * MS);
	cr_expect_eq(d->grow_to, 0);
	t = (struct growth_times){ 2400 * MS, 100 * MS, 0, 2399 * MS, 0 };
	dropped[0] = 200;
	growth_check(g, &t, dropped, CPUS, d);
	cr_expect_eq(d->stalled_ns, 1500 * MS, "within the grace period: still the stop's");
	t = (struct growth_times){ 2600 * MS, 100 * MS, 0, 2599 * MS, 0 };
	dropped[0] = 300;
	growth_check(g, &t, dropped, CPUS, d);
	cr_expect_eq(d->stalled_ns, 0);
	cr_expect_eq(d->fresh, 100);
	cr_expect_gt(d->grow_to, 64);
	cr_expect_eq(g->stall_lost, 200);
	free(g);
	free(d);
}

/* A SIGSTOP in the middle of a pass over busy buffers shows no gap
 * between wake-ups, only a long pass; the SIGCONT tells it from a reader
 * held up by a slow disk, which larger buffers do help. */
Test(growth, a_long_pass_is_a_stall_only_after_a_sigcont)
{
	struct growth *g = calloc(1, sizeof(*g));
	struct growth_decision *d = calloc(1, sizeof(*d));
	struct growth_times t = { 5000 * MS, 20 * MS, 1500 * MS, 4990 * MS, 0 };
	uint64_t dropped[CPUS] = { 0, 100 };

	growth_init(g, 64, GROWTH_MAX_PAGES, 1, REC);
	growth_check(g, &t, dropped, CPUS, d);
	cr_expect_eq(d->stalled_ns, 0, "held up, not stopped");
	cr_expect_gt(d->grow_to, 64);
	cr_expect_eq(d->mark[1], 100);
	growth_done(g, d->grow_to, 1);

	growth_init(g, 64, GROWTH_MAX_PAGES, 1, REC);
	t.continued = 1;
	growth_check(g, &t, dropped, CPUS, d);
	cr_expect_eq(d->stalled_ns, 1500 * MS, "stopped mid-pass");
	cr_expect_eq(d->grow_to, 0);
	cr_expect_eq(g->stall_lost, 100);
	free(g);
	free(d);
}

/* The kernel refused the memory: the buffers keep their size, and the next
 * loss tries again. */
Test(growth, a_refused_growth_is_tried_again_on_the_next_loss)
{
	struct growth *g = calloc(1, sizeof(*g));
	struct growth_decision *d = calloc(1, sizeof(*d));
	struct growth_times t = { 1000 * MS, 100 * MS, 0, 999 * MS, 0 };
	uint64_t dropped[CPUS] = { 10, 0 };

	growth_init(g, 8, GROWTH_MAX_PAGES, 1, REC);
	growth_check(g, &t, dropped, CPUS, d);
	cr_assert_gt(d->grow_to, 8);
	growth_done(g, d->grow_to, 0);
	cr_expect_eq(g->pages, 8);
	cr_expect_eq(g->grown, 0);
	growth_check(g, &t, dropped, CPUS, d);
	cr_expect_eq(d->grow_to, 0, "no loss, no retry");
	dropped[0] = 20;
	growth_check(g, &t, dropped, CPUS, d);
	cr_expect_gt(d->grow_to, 8);
	free(g);
	free(d);
}

/* The ring buffer cannot grow: its losses are marked, nothing more. */
Test(growth, a_buffer_that_cannot_grow_only_marks)
{
	struct sim *s = sim_new(1, 0);

	run(s, 500, 1000, 1000, 5);
	run(s, 200, 0, 0, 5);
	cr_expect_gt(lost(s), 0);
	cr_expect_eq(s->growths, 0);
	cr_expect_eq(s->g.pages, 1);
	cr_expect_eq(marked(s), lost(s));
	free(s);
}

/* A CPU that lost records but delivered none is sized by the record size
 * the transport gave. */
Test(growth, a_cpu_that_delivered_nothing_counts_its_losses_at_the_record_size)
{
	struct growth *g = calloc(1, sizeof(*g));

	growth_init(g, 1, GROWTH_MAX_PAGES, 1, REC);
	g->lost[1] = 50000;   /* 5 MB in under a millisecond: 500 GB/s for 100 ms, say */
	cr_expect_eq(growth_burst_bytes(g), 50000ull * REC * 100);
	free(g);
}
