/* prepare.h - snoop --prepare: the cache filled for the running kernel
 * before anyone traces, so that a first run loads instead of compiling.
 * Run by `make install` and by package post-install scripts. */
#ifndef SNOOP_PREPARE_H
#define SNOOP_PREPARE_H

#include "opts.h"

/* Compiles into the cache (o's --cache-dir, --bpf-dir and the options that
 * choose a variant) the variants that plain runs, -c and -C use on this
 * kernel, one line on stdout for each: compiled, or already there.
 * 0, or 1 after a one-line error. */
int tracer_prepare(const struct options *o);

#endif
