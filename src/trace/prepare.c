/* prepare.c - see prepare.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include "BPF.h"
#include "error.h"
#include "trace/attach.h"
#include "trace/ktypes.h"
#include "trace/prepare.h"
#include "trace/program.h"
#include "trace/tracefs.h"
#include "trace/variant.h"

/* The runs whose programs are prepared: what their options add. */
static const struct {
	const char *shown;
	enum summary_mode summary;
} runs[] = {
	{ "snoop ...", SUMMARY_NONE },
	{ "snoop -c ...", SUMMARY_ONLY },
	{ "snoop -C ...", SUMMARY_TOO },
};

#define NRUNS (sizeof(runs) / sizeof(runs[0]))

/* The kernel's version (5.11+: what the per-CPU slots' variant needs,
 * BPF atomics and mmapable arrays) decides between a run's two variants;
 * loading would tell, but --prepare loads nothing. */
static int kernel_runs_cpu_slots(void)
{
	struct utsname u;

	/* a release that does not parse: the slots, as loading tries first */
	return uname(&u) || sbpf_release_at_least(u.release, 5, 11) != 0;
}

/* One variant into the cache, and its line. 0, or 1 after the error. */
static int prepare_one(struct bpfcache *cache, const char *text, unsigned v, const char *shown, int verbose)
{
	const char *cflags[VARIANT_CFLAGS_MAX];
	struct bpfobj *obj = malloc(sizeof(*obj));
	struct program_outcome out;
	char name[256], err[4096];
	enum program_result got;

	if (!obj)
		return error_msg("--prepare: out of memory"), 1;
	variant_text(v, name, sizeof(name));
	variant_cflags(v, cflags);
	got = program_obtain(cache, text, cflags, verbose, obj, &out, err, sizeof(err));
	bpfobj_free(obj);
	free(obj);
	if (got != PROGRAM_OK)
		return error_msg("%s", err), 1;
	if (out.hit)
		printf("snoop --prepare: %s (%s): already cached in %s\n", name, shown, out.entry);
	else if (out.stored)
		printf("snoop --prepare: %s (%s): compiled in %.1f s, cached in %s\n", name, shown, out.seconds, out.entry);
	else
		return error_msg("--prepare: %s: compiled but not stored in %s (fix: see why with -v)", name, out.entry), 1;
	fflush(stdout);
	return 0;
}

/* Whether a run's lifecycle takes the classic tracepoints (no BTF), as
 * tracer.c decides it. */
static int lifecycle_classic(void)
{
	unsigned pid_off, tgid_off, filename_off;
	char why[512];

	ktypes_lifecycle_offsets(&pid_off, &tgid_off, &filename_off, why, sizeof(why));
	return attach_lifecycle_classic(pid_off, filename_off);
}

static int prepare_all(const struct options *o, struct bpfcache *cache, const char *text)
{
	int group_dead = tracefs_exit_has_group_dead(), hash = o->inflight_hash || !kernel_runs_cpu_slots();
	int classic = lifecycle_classic();
	unsigned done[NRUNS], v, enter_id, exit_id;
	int tp_btf = ktypes_syscall_tracepoints(&enter_id, &exit_id, NULL, 0) == 0;
	struct options run;
	size_t i, j, n = 0;

	for (i = 0; i < NRUNS; i++) {
		run = *o;
		run.summary = runs[i].summary;
		v = variant_choose(&run, hash, group_dead, tp_btf, classic);
		for (j = 0; j < n && done[j] != v; j++)
			;
		if (j < n)
			continue;   /* the same program as a run before */
		if (prepare_one(cache, text, v, runs[i].shown, o->verbose))
			return 1;
		done[n++] = v;
	}
	return 0;
}

int tracer_prepare(const struct options *o)
{
	struct bpf_source src;
	struct bpfcache cache, *use;
	int rc;

	if (tracefs_ensure(o->verbose) || program_source(o->bpf_dir, o->verbose, &src))
		return 1;
	if (program_cache(0, o->cache_dir, o->verbose, &cache, &use)) {
		bpfsrc_free(&src);
		return 1;
	}
	if (!use) {
		error_msg("--prepare: no cache to fill in %s: it cannot be created or read (fix: see why with -v, or give --cache-dir)",
			  o->cache_dir ? o->cache_dir : SNOOP_CACHE_DIR);
		bpfsrc_free(&src);
		return 1;
	}
	rc = prepare_all(o, use, src.text);
	bpfcache_close(use);
	bpfsrc_free(&src);
	return rc;
}
