/* counts.c - see counts.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

int counts_next_generation(struct sbpf *b, __u32 *gen)
{
	struct timespec grace = { 0, 20 * 1000 * 1000 };
	struct snoop_config cfg;
	__u32 key = 0;

	if (sbpf_map_lookup(b, "config", &key, &cfg))
		return -1;
	cfg.generation = *gen + 1;
	if (sbpf_map_update(b, "config", &key, &cfg))
		return -1;
	/* a program that read the old generation finishes in microseconds */
	nanosleep(&grace, NULL);
	(*gen)++;
	return 0;
}

uint64_t counts_uncounted(const struct tracer *t)
{
	uint64_t per_cpu[SBPF_MAX_CPUS], sum = 0;
	int n = sbpf_percpu_u64(t->b, snoop_maps[SNOOP_MAP_UNCOUNTED].name, 0, per_cpu, SBPF_MAX_CPUS), cpu;

	for (cpu = 0; cpu < n; cpu++)
		sum += per_cpu[cpu];
	return sum;
}
