/* counts.c - see counts.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "error.h"
#include "record/clock.h"
#include "trace/counts.h"

/* -c alone counts into an array by number (bpf/snoop.bpf.c's counts): the
 * half of generation gen, for both ABIs. Entries read are zeroed with del,
 * ready for generation gen + 2. */
static int read_array(const struct tracer *t, __u32 gen, struct snoop_sum *vals, const struct snoop_sum *zeros,
		      int ncpu, struct summary *out, int del)
{
	struct snoop_sum_key key = { 0 };
	__u32 idx, k;
	int cpu, rc = 0, used;

	for (k = 0; k < 2 * SNOOP_MAX_SYSCALLS && rc == 0; k++) {
		idx = (gen & 1) * 2 * SNOOP_MAX_SYSCALLS + k;
		if (tracer_lookup(t, SNOOP_MAP_COUNTS, &idx, vals))
			return -1;
		key.nr = (__s32)(k % SNOOP_MAX_SYSCALLS);
		key.abi = k >= SNOOP_MAX_SYSCALLS ? SNOOP_REC_IA32 : 0;
		for (cpu = 0, used = 0; cpu < ncpu && rc == 0; cpu++) {
			used |= vals[cpu].calls != 0;
			rc = summary_add(out, &key, &vals[cpu]);
		}
		if (del && used && tracer_update(t, SNOOP_MAP_COUNTS, &idx, zeros))
			return -1;
	}
	return rc;
}

int counts_read(const struct tracer *t, __u32 gen, struct summary *out, int del)
{
	int ncpu = sbpf_cpu_slots(), cpu, rc = 0, more;
	struct snoop_sum_key key, next;
	struct snoop_sum *vals, *zeros;

	if (ncpu <= 0 || !(vals = calloc((size_t)ncpu, sizeof(*vals))))
		return -1;
	if (!(zeros = calloc((size_t)ncpu, sizeof(*zeros)))) {
		free(vals);
		return -1;
	}
	/* the lean -c variant's array */
	if (tracer_has(t, SNOOP_MAP_COUNTS))
		rc = read_array(t, gen, vals, zeros, ncpu, out, del);
	/* deleting the key being walked would restart the walk: step first */
	more = tracer_next_key(t, SNOOP_MAP_SUMMARY, NULL, &next) == 0;
	while (more && rc == 0) {
		key = next;
		more = tracer_next_key(t, SNOOP_MAP_SUMMARY, &key, &next) == 0;
		if (key.generation != gen || tracer_lookup(t, SNOOP_MAP_SUMMARY, &key, vals))
			continue;
		for (cpu = 0; cpu < ncpu && rc == 0; cpu++)
			rc = summary_add(out, &key, &vals[cpu]);
		if (del)
			tracer_delete(t, SNOOP_MAP_SUMMARY, &key);
	}
	free(vals);
	free(zeros);
	return rc;
}

/* Makes BPF count into generation gen from now on. */
static int count_into(const struct tracer *t, __u32 gen)
{
	struct snoop_config cfg;
	__u32 key = 0;

	if (tracer_lookup(t, SNOOP_MAP_CONFIG, &key, &cfg))
		return -1;
	cfg.generation = gen;
	return tracer_update(t, SNOOP_MAP_CONFIG, &key, &cfg);
}

uint64_t counts_uncounted(const struct tracer *t)
{
	return tracer_percpu_sum(t, SNOOP_MAP_UNCOUNTED, 0);
}

/* ---- -c's tables, printed ---- */

void counting_start(struct counting *c, struct tracer *t, struct sink *sink, int sort, int histogram,
		    unsigned interval_s)
{
	memset(c, 0, sizeof(*c));
	c->t = t;
	c->sink = sink;
	c->sort = sort;
	c->histogram = histogram;
	c->interval_ns = (uint64_t)interval_s * 1000000000u;
	c->next_ns = clock_now_ns(CLOCK_MONOTONIC) + c->interval_ns;
}

/* The table of generation gen (deleted from the map with del), after the
 * time of day with --interval, as bcc's syscount -i prints it. */
static void print_table(struct counting *c, __u32 gen, int del)
{
	struct summary sum = { 0 };
	char when[CLOCK_TEXT_MAX + 8];
	struct wallclock wc;

	if (counts_read(c->t, gen, &sum, del)) {
		error_msg("cannot read the summary map");
		c->failed = 1;
	} else {
		if (c->interval_ns && !c->sink->json) {
			wallclock_init(&wc, TIME_CLOCK, c->sink->clock.boot_ns);
			when[0] = '[';
			wallclock_text(&wc, clock_now_ns(CLOCK_MONOTONIC), when + 1);
			strcat(when, "]\n");
			sink_text(c->sink, when);
		}
		c->failed |= sink_summary(c->sink, &sum, c->sort, c->histogram) != 0;
		sink_flush(c->sink);
	}
	summary_free(&sum);
}

uint64_t counting_tick(void *arg, uint64_t now)
{
	struct counting *c = arg;

	if (c->grace) {   /* the old generation is whole now: its table */
		c->grace = 0;
		print_table(c, c->generation - 1, 1);
		return c->next_ns;
	}
	if (count_into(c->t, c->generation + 1)) {
		error_msg("--interval: cannot switch the summary map to a fresh generation");
		c->failed = 1;
		return 0;
	}
	c->generation++;
	c->grace = 1;
	while (c->next_ns <= now)
		c->next_ns += c->interval_ns;
	return now + COUNTS_GRACE_NS;
}

void counting_finish(struct counting *c, int per_process)
{
	uint64_t uncounted;

	if (c->grace) {
		c->grace = 0;
		print_table(c, c->generation - 1, 1);
	}
	print_table(c, c->generation, 0);
	if ((uncounted = counts_uncounted(c->t)))
		error_msg("-c: %llu calls not counted: the kernel's table (%d entries of a syscall%s) was full; the table above lacks them",
			  (unsigned long long)uncounted, SNOOP_SUM_ENTRIES, per_process ? " and a process: try without --per-process" : "");
}
