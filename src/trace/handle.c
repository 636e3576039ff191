/* handle.c - see handle.h. */
#include <stdio.h>
#include <stdlib.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "error.h"
#include "trace/handle.h"

struct tracer *tracer_new(unsigned variant)
{
	struct tracer *t = calloc(1, sizeof(*t));

	if (t)
		t->variant = variant;
	return t;
}

int tracer_check_maps(const struct tracer *t, char *err, size_t errlen)
{
	int m, fd;

	for (m = 0; m < SNOOP_MAP_COUNT; m++) {
		fd = sbpf_map_fd(t->b, snoop_maps[m].name);
		if ((fd >= 0) != tracer_has(t, (enum snoop_map)m)) {
			snprintf(err, errlen, "BPF map %s: %s in the compiled program, %s by the description snoop was built with "
				 "(is the BPF source another version's?)", snoop_maps[m].name, fd >= 0 ? "present" : "missing",
				 fd >= 0 ? "not expected" : "expected");
			return -1;
		}
	}
	return 0;
}

void tracer_free(struct tracer *t)
{
	if (!t)
		return;
	sbpf_free(t->b);
	free(t);
}

/* Element access is BPF.h's, by the description's name: a map the
 * variant lacks is one the loaded object lacks (tracer_check_maps), which
 * fails with EBADF there. */
int tracer_lookup(const struct tracer *t, enum snoop_map m, const void *key, void *val)
{
	return sbpf_map_lookup(t->b, snoop_maps[m].name, key, val);
}

int tracer_update(const struct tracer *t, enum snoop_map m, const void *key, const void *val)
{
	return sbpf_map_update(t->b, snoop_maps[m].name, key, val);
}

int tracer_delete(const struct tracer *t, enum snoop_map m, const void *key)
{
	return sbpf_map_delete(t->b, snoop_maps[m].name, key);
}

int tracer_next_key(const struct tracer *t, enum snoop_map m, const void *key, void *next)
{
	return sbpf_map_next_key(t->b, snoop_maps[m].name, key, next);
}

int tracer_fill(const struct tracer *t, enum snoop_map m, const void *vals, uint32_t n)
{
	return sbpf_array_fill(t->b, snoop_maps[m].name, vals, n);
}

uint64_t tracer_percpu_sum(const struct tracer *t, enum snoop_map m, unsigned key)
{
	uint64_t per_cpu[SBPF_MAX_CPUS], sum = 0;
	int n = sbpf_percpu_u64(t->b, snoop_maps[m].name, key, per_cpu, SBPF_MAX_CPUS), cpu;

	for (cpu = 0; cpu < n; cpu++)
		sum += per_cpu[cpu];
	return sum;
}

void tracer_report(const struct tracer *t, int verbose)
{
	uint64_t runs, ns, n;
	const char *name;
	int i;

	if ((n = tracer_percpu_sum(t, SNOOP_MAP_UNSTORED, SNOOP_UNSTORED_TRACED)))
		error_msg("%llu process%s to trace went untraced, %s calls missing from the trace: the kernel's table of "
			  "traced processes was full (%d) or out of memory", (unsigned long long)n, n == 1 ? "" : "es",
			  n == 1 ? "its" : "their", SNOOP_MAX_TASKS);
	if ((n = tracer_percpu_sum(t, SNOOP_MAP_UNSTORED, SNOOP_UNSTORED_ENDING)))
		error_msg("%llu process%s ended without %s exit status or killing signal kept (%s end record%s show%s 0): "
			  "the kernel's table of endings was full (%d) or out of memory", (unsigned long long)n,
			  n == 1 ? "" : "es", n == 1 ? "its" : "their", n == 1 ? "its" : "their", n == 1 ? "" : "s",
			  n == 1 ? "s" : "", SNOOP_MAX_TASKS);
	for (i = 0; verbose && sbpf_prog_stats(t->b, i, &name, &runs, &ns) == 0; i++)
		if (runs && ns)
			verbose_msg(verbose, "BPF program %s: %llu runs, %.0f ns each", name,
				    (unsigned long long)runs, (double)ns / (double)runs);
}
