/* program.c - see program.h. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "error.h"
#include "trace/compile.h"
#include "trace/kheaders.h"
#include "trace/program.h"

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

static enum program_result compile(const char *text, const char **cflags, int verbose, const char *cache_dir,
				   struct bpfobj *o, char *err, size_t errlen)
{
	enum program_result rc = PROGRAM_OK;
	struct tmpdir_swap tmp;
	struct timespec t0;

	private_tmpdir(&tmp, cache_dir);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* without kernel headers libbcc would fail obscurely: say what to install */
	if (kheaders_check(err, errlen)) {
		rc = PROGRAM_FATAL;
	} else if (compile_bpf(text, cflags, verbose, o, err, errlen)) {
		kheaders_explain_failure(err, errlen);
		rc = PROGRAM_FAILED;
	}
	restore_tmpdir(&tmp);
	if (rc == PROGRAM_OK)
		verbose_msg(verbose, "compiled in %.3f s", seconds_since(&t0));
	return rc;
}

enum program_result program_obtain(struct bpfcache *cache, const char *text, const char **cflags, int verbose,
				   struct bpfobj *o, char *err, size_t errlen)
{
	enum program_result rc;
	struct timespec t0;
	char *key = NULL;
	size_t keylen = 0;

	bpfobj_init(o);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (cache && !(key = bpfcache_key(text, cflags, &keylen)))
		verbose_msg(verbose, "BPF cache: not used: out of memory for its key");
	if (key) {
		switch (bpfcache_get(cache, key, keylen, o, err, errlen)) {
		case BPFCACHE_OK:
			verbose_msg(verbose, "BPF cache: hit (read in %.3f s)", seconds_since(&t0));
			free(key);
			return PROGRAM_OK;
		case BPFCACHE_REFUSED:
			free(key);
			return PROGRAM_FATAL;
		case BPFCACHE_UNUSABLE:
			break;
		}
	}
	rc = compile(text, cflags, verbose, cache ? cache->dir : NULL, o, err, errlen);
	if (rc == PROGRAM_OK && key)
		bpfcache_put(cache, key, keylen, o);
	free(key);
	return rc;
}
