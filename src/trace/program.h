/* program.h - the compiled program of one variant (its text and compiler
 * flags): read from the cache when an entry has it, else compiled by
 * libbcc and stored there. -v says which, and how long it took. */
#ifndef SNOOP_PROGRAM_H
#define SNOOP_PROGRAM_H

#include <stddef.h>
#include "trace/bpfcache.h"
#include "trace/bpfobj.h"

enum program_result {
	PROGRAM_OK,
	PROGRAM_FAILED,    /* this variant did not compile: another may */
	PROGRAM_FATAL,     /* no variant can (no kernel headers, no libbcc, an unsafe cache) */
};

/* cache: NULL when off (--no-cache, or unusable). o is bpfobj_init'd here. */
enum program_result program_obtain(struct bpfcache *cache, const char *text, const char **cflags, int verbose,
				   struct bpfobj *o, char *err, size_t errlen);

#endif
