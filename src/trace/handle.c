/* handle.c - see handle.h. */
#include <stdio.h>
#include <stdlib.h>
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

void tracer_report(const struct tracer *t, int verbose)
{
	uint64_t runs, ns;
	const char *name;
	int i;

	for (i = 0; verbose && sbpf_prog_stats(t->b, i, &name, &runs, &ns) == 0; i++)
		if (runs && ns)
			verbose_msg(verbose, "BPF program %s: %llu runs, %.0f ns each", name,
				    (unsigned long long)runs, (double)ns / (double)runs);
}
