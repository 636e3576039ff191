/* program.h - the compiled program of one variant (its text and compiler
 * flags): read from the cache when an entry has it, else compiled by
 * libbcc and stored there. -v says which, and how long it took; and where
 * the text and the cache are found. */
#ifndef SNOOP_PROGRAM_H
#define SNOOP_PROGRAM_H

#include <stddef.h>
#include "trace/bpfcache.h"
#include "trace/bpfobj.h"
#include "trace/bpfsrc.h"

enum program_result {
	PROGRAM_OK,
	PROGRAM_FAILED,    /* this variant did not compile: another may */
	PROGRAM_FATAL,     /* no variant can (no kernel headers, no libbcc, an unsafe cache) */
};

/* How the program was obtained (for --prepare's lines). */
struct program_outcome {
	int hit;             /* read from the cache */
	int stored;          /* compiled and stored in the cache */
	double seconds;      /* the compile's */
	char entry[4200];    /* the cache entry's path, or "" without a cache */
};

/* cache: NULL when off (--no-cache, or unusable). o is bpfobj_init'd here;
 * out (NULL: not wanted) says what was done. */
enum program_result program_obtain(struct bpfcache *cache, const char *text, const char **cflags, int verbose,
				   struct bpfobj *o, struct program_outcome *out, char *err, size_t errlen);

/* The BPF sources: bpf_dir (--bpf-dir; NULL: $SNOOP_BPF_DIR), else those
 * of the prefix this snoop is installed in, those of the build's prefix,
 * the embedded copy (trace/bpfsrc.h). -v says which, and where it looked.
 * 0, or -1 after a one-line error. */
int program_source(const char *bpf_dir, int verbose, struct bpf_source *src);
/* The compiled programs' cache in dir (NULL: the default), unless
 * no_cache: *use is cache, or NULL when there is none to use. -1 after a
 * one-line error when it is unsafe. */
int program_cache(int no_cache, const char *dir, int verbose, struct bpfcache *cache, struct bpfcache **use);

#endif
