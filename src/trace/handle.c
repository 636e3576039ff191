/* handle.c - see handle.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <bcc/libbpf.h>
#include "error.h"
#include "trace/handle.h"

struct tracer *tracer_new(unsigned variant)
{
	struct tracer *t = calloc(1, sizeof(*t));
	int m;

	if (!t)
		return NULL;
	t->variant = variant;
	for (m = 0; m < SNOOP_MAP_COUNT; m++)
		t->map_fd[m] = -1;
	return t;
}

int tracer_bind_maps(struct tracer *t, char *err, size_t errlen)
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
		t->map_fd[m] = fd;
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

/* A map the variant lacks fails as a bad fd would. */
static int fd_of(const struct tracer *t, enum snoop_map m)
{
	if (t->map_fd[m] < 0)
		errno = EBADF;
	return t->map_fd[m];
}

int tracer_lookup(const struct tracer *t, enum snoop_map m, const void *key, void *val)
{
	int fd = fd_of(t, m);

	return fd < 0 || bpf_lookup_elem(fd, (void *)key, val) ? -1 : 0;
}

int tracer_update(const struct tracer *t, enum snoop_map m, const void *key, const void *val)
{
	int fd = fd_of(t, m);

	return fd < 0 || bpf_update_elem(fd, (void *)key, (void *)val, 0) ? -1 : 0;
}

int tracer_delete(const struct tracer *t, enum snoop_map m, const void *key)
{
	int fd = fd_of(t, m);

	return fd < 0 || bpf_delete_elem(fd, (void *)key) ? -1 : 0;
}

int tracer_next_key(const struct tracer *t, enum snoop_map m, const void *key, void *next)
{
	int fd = fd_of(t, m);

	return fd < 0 || bpf_get_next_key(fd, (void *)key, next) ? -1 : 0;
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
