/* counts.c - see counts.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "trace/counts.h"

int counts_read(struct sbpf *b, __u32 gen, struct summary *out, int del)
{
	int ncpu = sbpf_possible_cpus(), cpu, rc = 0, more;
	struct snoop_sum_key key, next;
	struct snoop_sum *vals;

	if (ncpu <= 0 || !(vals = calloc((size_t)ncpu, sizeof(*vals))))
		return -1;
	/* deleting the key being walked would restart the walk: step first */
	more = sbpf_map_next_key(b, "summary", NULL, &next) == 0;
	while (more && rc == 0) {
		key = next;
		more = sbpf_map_next_key(b, "summary", &key, &next) == 0;
		if (key.generation != gen || sbpf_map_lookup(b, "summary", &key, vals))
			continue;
		for (cpu = 0; cpu < ncpu && rc == 0; cpu++)
			rc = summary_add(out, &key, &vals[cpu]);
		if (del)
			sbpf_map_delete(b, "summary", &key);
	}
	free(vals);
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
