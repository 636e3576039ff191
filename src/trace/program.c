/* program.c - see program.h. */
#include <ftw.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "error.h"
#include "trace/cachekey.h"
#include "trace/compile.h"
#include "trace/compile_child.h"
#include "trace/kallsyms.h"
#include "trace/kheaders.h"
#include "trace/program.h"
#include "trace/variant.h"

#ifndef SNOOP_BPF_DIR
#define SNOOP_BPF_DIR "/usr/local/share/snoop/bpf"
#endif

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* libbcc before 0.30 (CVE-2024-2314) takes $TMPDIR/kheaders-RELEASE for
 * the kernel's headers whoever made it, and extracts the kernel's own copy
 * (CONFIG_IKHEADERS) there: /tmp's would let any user choose what root
 * compiles. While libbcc compiles, TMPDIR is a directory only root can
 * write (the cache's, or a new one removed after); the command gets the
 * environment it was given. */
struct tmpdir_swap {
	char *old;        /* TMPDIR before, or NULL */
	char made[64];    /* the directory made for this compile, or "" */
};

static void private_tmpdir(struct tmpdir_swap *t, const char *cache_dir)
{
	const char *old = getenv("TMPDIR");

	t->old = old ? strdup(old) : NULL;
	t->made[0] = '\0';
	if (!cache_dir) {
		snprintf(t->made, sizeof(t->made), "/tmp/snoop-bcc-XXXXXX");
		if (!mkdtemp(t->made))
			t->made[0] = '\0';
	}
	/* no directory: no place for the kernel's copy, rather than /tmp's */
	setenv("TMPDIR", cache_dir ? cache_dir : t->made[0] ? t->made : "/nonexistent", 1);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void restore_tmpdir(struct tmpdir_swap *t)
{
	if (t->old)
		setenv("TMPDIR", t->old, 1);
	else
		unsetenv("TMPDIR");
	free(t->old);
	if (t->made[0])
		nftw(t->made, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* What one compile needs; run in the compiler process (or, for an object
 * that must stay in its process, in this one). */
struct compile_job {
	const char *text;
	const char **cflags;
	int verbose;
	const char *cache_dir;
	int in_child;   /* in the compile child, whose mount namespace may change */
	int part;       /* 0: the whole program; 1, 2: that part of a split compile */
};

/* libbcc reads all of /proc/kallsyms twice per compile for two symbols
 * (trace/kallsyms.h): the child gives it their lines only, when this
 * libbcc's lookups are known. Otherwise it reads them all, as before. */
static void narrow_kallsyms(int verbose)
{
	const char *const *names = NULL;
	char why[256], list[256] = "";
	size_t used = 0;
	int major, minor, i;

	if (compile_libbcc_version(&major, &minor, why, sizeof(why)))
		;
	else if (!(names = kallsyms_libbcc_lookups(major, minor)))
		snprintf(why, sizeof(why), "the symbols libbcc %d.%d looks up are not known to snoop", major, minor);
	else if (kallsyms_narrow(names, why, sizeof(why)) == 0) {
		for (i = 0; names[i] && used < sizeof(list); i++)
			used += (size_t)snprintf(list + used, sizeof(list) - used, " %s", names[i]);
		verbose_msg(verbose, "BPF compile: /proc/kallsyms narrowed to what libbcc %d.%d looks up:%s", major, minor,
			    list);
		return;
	}
	verbose_msg(verbose, "BPF compile: libbcc reads all of /proc/kallsyms: %s", why);
}

static int compile_job_run(void *arg, struct bpfobj *o, char *err, size_t errlen)
{
	const struct compile_job *j = arg;
	enum program_result rc = PROGRAM_OK;
	struct tmpdir_swap tmp;

	bpfobj_init(o);
	if (j->in_child)
		narrow_kallsyms(j->verbose && j->part < 2);   /* said once */
	private_tmpdir(&tmp, j->cache_dir);
	/* without kernel headers libbcc would fail obscurely: say what to install */
	if (kheaders_check(err, errlen)) {
		rc = PROGRAM_FATAL;
	} else if (compile_bpf(j->text, j->cflags, j->verbose, o, err, errlen)) {
		kheaders_explain_failure(err, errlen);
		rc = PROGRAM_FAILED;
	}
	restore_tmpdir(&tmp);
	return (int)rc;
}

/* Tasks running or runnable on the machine now, this one included
 * (/proc/stat's procs_running), or -1. */
static int running_tasks(void)
{
	FILE *f = fopen("/proc/stat", "re");
	char line[256];
	int n = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "procs_running %d", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n;
}

/* SNOOP_COMPILE_SPLIT: "always" or "never" overrides the choice below
 * (tests and a user who knows the machine), unset or "auto" leaves it. */
enum split_mode { SPLIT_AUTO, SPLIT_ALWAYS, SPLIT_NEVER, SPLIT_BAD };

static enum split_mode split_mode(void)
{
	const char *v = getenv("SNOOP_COMPILE_SPLIT");

	if (!v || !*v || !strcmp(v, "auto"))
		return SPLIT_AUTO;
	if (!strcmp(v, "always"))
		return SPLIT_ALWAYS;
	return strcmp(v, "never") ? SPLIT_BAD : SPLIT_NEVER;
}

/* Whether a compile is split in two children (compile_parts): this
 * process may run on two CPUs and, at one of five looks, no other task
 * runs on them. On a
 * machine already busy the second child's copy of the parse only takes
 * CPU from the first: measured, no faster than one child, ~0.3 s more
 * CPU. *why: what -v says when it is not. */
static int parts_worth_it(char *why, size_t whylen)
{
	struct timespec pause = { 0, 2000000 };
	cpu_set_t cpus;
	int running = -1, now, n, i;

	why[0] = '\0';
	switch (split_mode()) {
	case SPLIT_ALWAYS:
		return 1;
	case SPLIT_NEVER:
		snprintf(why, whylen, "SNOOP_COMPILE_SPLIT=never");
		return 0;
	default:
		break;
	}
	if (sched_getaffinity(0, sizeof(cpus), &cpus) || (n = CPU_COUNT(&cpus)) < 2)
		return 0;
	/* one look can catch a kworker's or a shell's few microseconds: busy
	 * means busy in each of five looks 2 ms apart (seen here: one look
	 * alone refused the split in 2 cold starts of 6, each then ~0.4 s
	 * slower) */
	for (i = 0; i < 5; i++) {
		if (i)
			nanosleep(&pause, NULL);
		now = running_tasks();
		if (now < n)
			return 1;
		if (running < 0 || now < running)
			running = now;
	}
	snprintf(why, whylen, "at least %d tasks running on its %d CPUs in 5 looks 2 ms apart", running, n);
	return 0;
}

/* The job's flags and the one that says part (1 or 2), into flags[]. */
static void part_flags(const char **cflags, int part, const char *flags[VARIANT_CFLAGS_MAX + 1])
{
	int n = 0;

	while (cflags[n] && n < VARIANT_CFLAGS_MAX - 1) {
		flags[n] = cflags[n];
		n++;
	}
	flags[n++] = part == 1 ? "-DSNOOP_PART1" : "-DSNOOP_PART2";
	flags[n] = NULL;
}

/* The job compiled in two children at once, each one part of the
 * programs (SNOOP_PART1, SNOOP_PART2 in bpf/snoop.bpf.c), merged: both
 * parse the whole source, and LLVM's code generation, half of a compile,
 * is shared out. 0, a child's status, or -1 with err as
 * compile_child_run; COMPILE_PARTS_DIFFER when the parts do not merge
 * (a source not split as snoop's is), with why in err. */
#define COMPILE_PARTS_DIFFER (-3)
static int compile_parts(const struct compile_job *job, struct bpfobj *o, struct compile_child_stats st[2], char *err,
			 size_t errlen)
{
	const char *flags[2][VARIANT_CFLAGS_MAX + 1];
	struct compile_job parts[2] = { *job, *job };
	struct compile_child c[2];
	struct bpfobj *second = malloc(sizeof(*second));
	char err2[4096];
	int rc[2] = { -1, -1 }, i;

	st[0].peak_rss_kib = st[1].peak_rss_kib = 0;
	st[0].cpu_s = st[1].cpu_s = 0;
	bpfobj_init(o);
	if (!second)
		return snprintf(err, errlen, "BPF compile failed: out of memory"), -1;
	for (i = 0; i < 2; i++) {
		part_flags(job->cflags, i + 1, flags[i]);
		parts[i].cflags = flags[i];
		parts[i].part = i + 1;
	}
	if (compile_child_start(compile_job_run, &parts[0], &c[0], err, errlen))
		return free(second), -1;
	if (compile_child_start(compile_job_run, &parts[1], &c[1], err2, sizeof(err2)) == 0)
		rc[1] = compile_child_finish(&c[1], second, &st[1], err2, sizeof(err2));
	rc[0] = compile_child_finish(&c[0], o, &st[0], err, errlen);
	if (rc[0] == 0 && rc[1] != 0)
		snprintf(err, errlen, "%s", err2);
	if (rc[0] == 0 && rc[1] == 0 && bpfobj_merge(o, second, err, errlen))
		rc[0] = COMPILE_PARTS_DIFFER;
	else if (rc[0] == 0)
		rc[0] = rc[1];
	bpfobj_free(second);
	free(second);
	if (rc[0] != 0)
		bpfobj_free(o);
	return rc[0];
}

/* In a child process, so that this one never holds clang's memory
 * (trace/compile_child.h), or two (compile_parts); *seconds: how long it
 * took. */
static enum program_result compile(const char *text, const char **cflags, int verbose, const char *cache_dir,
				   struct bpfobj *o, double *seconds, char *err, size_t errlen)
{
	struct compile_job job = { text, cflags, verbose, cache_dir, 1, 0 };
	struct compile_child_stats st[2];
	struct timespec t0;
	char where[128], busy[96];
	int rc = COMPILE_PARTS_DIFFER, split;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	split = parts_worth_it(busy, sizeof(busy));
	if (busy[0])
		verbose_msg(verbose, "BPF compile: in one child, not split in two: %s", busy);
	if (split) {
		rc = compile_parts(&job, o, st, err, errlen);
		snprintf(where, sizeof(where),
			 "in two child processes at once, their peak RSS %ld and %ld MiB, CPU %.2f and %.2f s",
			 st[0].peak_rss_kib / 1024, st[1].peak_rss_kib / 1024, st[0].cpu_s, st[1].cpu_s);
		if (rc == COMPILE_PARTS_DIFFER)
			verbose_msg(verbose, "BPF compile: its two parts do not merge (%s): compiling it whole", err);
	}
	if (rc == COMPILE_PARTS_DIFFER) {
		rc = compile_child_run(compile_job_run, &job, o, &st[0], err, errlen);
		snprintf(where, sizeof(where), "in a child process, its peak RSS %ld MiB, CPU %.2f s",
			 st[0].peak_rss_kib / 1024, st[0].cpu_s);
	}
	if (rc == COMPILE_CHILD_IN_PROCESS) {
		verbose_msg(verbose, "BPF compile: the object keeps a map by fd: compiling again in this process");
		job.in_child = 0;
		rc = compile_job_run(&job, o, err, errlen);
		snprintf(where, sizeof(where), "in this process");
	}
	*seconds = seconds_since(&t0);
	if (rc == PROGRAM_OK)
		verbose_msg(verbose, "compiled in %.3f s (%s)", *seconds, where);
	return rc < 0 ? PROGRAM_FAILED : (enum program_result)rc;
}

enum program_result program_obtain(struct bpfcache *cache, const char *text, const char **cflags, int verbose,
				   struct bpfobj *o, struct program_outcome *out, char *err, size_t errlen)
{
	struct program_outcome none;
	enum program_result rc;
	struct timespec t0;
	char *key = NULL;
	size_t keylen = 0;

	if (!out)
		out = &none;
	memset(out, 0, sizeof(*out));
	bpfobj_init(o);
	if (split_mode() == SPLIT_BAD)
		return snprintf(err, errlen, "SNOOP_COMPILE_SPLIT=%s: use always, never or auto (or unset it)",
				getenv("SNOOP_COMPILE_SPLIT")), PROGRAM_FATAL;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (cache && !(key = cachekey_make(text, cflags, &keylen)))
		verbose_msg(verbose, "BPF cache: not used: out of memory for its key");
	if (key) {
		bpfcache_path(cache, key, keylen, out->entry, sizeof(out->entry));
		switch (bpfcache_get(cache, key, keylen, o, err, errlen)) {
		case BPFCACHE_OK:
			verbose_msg(verbose, "BPF cache: hit (read in %.3f s)", seconds_since(&t0));
			free(key);
			out->hit = 1;
			return PROGRAM_OK;
		case BPFCACHE_REFUSED:
			free(key);
			return PROGRAM_FATAL;
		case BPFCACHE_UNUSABLE:
			break;
		}
	}
	rc = compile(text, cflags, verbose, cache ? cache->dir : NULL, o, &out->seconds, err, errlen);
	if (rc == PROGRAM_OK && key)
		out->stored = bpfcache_put(cache, key, keylen, o) == 0;
	free(key);
	return rc;
}

int program_cache(int no_cache, const char *dir, int verbose, struct bpfcache *cache, struct bpfcache **use)
{
	char err[4096];

	*use = NULL;
	if (no_cache) {
		verbose_msg(verbose, "BPF cache: off (--no-cache)");
		return 0;
	}
	switch (bpfcache_open(cache, dir ? dir : SNOOP_CACHE_DIR, verbose, err, sizeof(err))) {
	case BPFCACHE_OK:
		*use = cache;
		return 0;
	case BPFCACHE_REFUSED:
		return error_msg("%s", err), -1;
	case BPFCACHE_UNUSABLE:
		break;
	}
	return 0;
}

int program_source(const char *bpf_dir, int verbose, struct bpf_source *src)
{
	const char *dir = bpf_dir ? bpf_dir : getenv("SNOOP_BPF_DIR");
	const char *installed[3] = { SNOOP_BPF_DIR, NULL, NULL };
	char exe[4096], beside[4096], err[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (dir && !*dir)
		dir = NULL;
	if (n > 0) {
		exe[n] = '\0';
		if (bpfsrc_beside(exe, beside, sizeof(beside)) == 0 && strcmp(beside, SNOOP_BPF_DIR)) {
			installed[0] = beside;
			installed[1] = SNOOP_BPF_DIR;
		}
	}
	if (bpfsrc_load(dir, installed, src, err, sizeof(err)))
		return error_msg("%s", err), -1;
	if (src->embedded && src->skipped[0])
		verbose_msg(verbose, "BPF source: embedded (copy built into snoop; %s)", src->skipped);
	else if (src->embedded)
		verbose_msg(verbose, "BPF source: embedded (copy built into snoop; installed sources not found in %s%s%s)",
			    installed[0], installed[1] ? " nor " : "", installed[1] ? installed[1] : "");
	else
		verbose_msg(verbose, "BPF source: %s%s%s%s", src->origin, src->skipped[0] ? " (passed over: " : "",
			    src->skipped, src->skipped[0] ? ")" : "");
	return 0;
}
