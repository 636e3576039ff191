/* compile.h - BPF C text to a program object (trace/bpfobj.h) with
 * libbcc's clang. libbcc.so.0 brings LLVM (tens of MiB mapped and relocated
 * at start): snoop links only libbcc_bpf.so.0 (maps, loading, attaching,
 * buffers) and opens libbcc.so.0 here, when a compile is needed. The
 * module libbcc makes is destroyed before this returns; its maps are
 * described, not kept (loading creates them anew, as on a cache hit).
 */
#ifndef SNOOP_COMPILE_H
#define SNOOP_COMPILE_H

#include <stddef.h>
#include <stdint.h>
#include "trace/bpfobj.h"

#define COMPILE_LIBBCC "libbcc.so.0"

/* Map types loading knows how to create again from their description
 * (type, sizes, flags, entries): a program with another kind is not
 * cached. */
int compile_map_describable(uint32_t type);

/* Compiles text with cflags (NULL-ended) into o (bpfobj_init'd here). A
 * map this cannot describe is adopted (its fd kept) and o->uncacheable
 * says why. 0, or -1 with err (the compiler's first error). */
int compile_bpf(const char *text, const char **cflags, int verbose, struct bpfobj *o, char *err, size_t errlen);

/* The version of the libbcc.so.0 a compile loads (loaded here, kept),
 * from the name of the file it resolves to, libbcc.so.0.26.0. 0, or -1
 * with why. */
int compile_libbcc_version(int *major, int *minor, char *why, size_t whylen);

#endif
