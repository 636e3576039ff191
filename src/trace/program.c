/* program.c - see program.h. */
#include <stdio.h>
#include <stdlib.h>
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

static enum program_result compile(const char *text, const char **cflags, int verbose, struct bpfobj *o,
				   char *err, size_t errlen)
{
	struct timespec t0;

	/* without kernel headers libbcc would fail obscurely: say what to install */
	if (kheaders_check(err, errlen))
		return PROGRAM_FATAL;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (compile_bpf(text, cflags, verbose, o, err, errlen)) {
		kheaders_explain_failure(err, errlen);
		return PROGRAM_FAILED;
	}
	verbose_msg(verbose, "compiled in %.3f s", seconds_since(&t0));
	return PROGRAM_OK;
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
	rc = compile(text, cflags, verbose, o, err, errlen);
	if (rc == PROGRAM_OK && key)
		bpfcache_put(cache, key, keylen, o);
	free(key);
	return rc;
}
