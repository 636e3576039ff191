/* counts.h - -c's counts as the kernel keeps them: the per-CPU summary map
 * read into a struct summary (record/summary.h), and --interval's switch
 * to a fresh generation of entries so none is lost between two reads. */
#ifndef SNOOP_COUNTS_H
#define SNOOP_COUNTS_H

#include <stdint.h>
#include "BPF.h"
#include "record/summary.h"
#include "trace/handle.h"

/* Adds the entries of generation gen, every CPU's share, to out; deletes
 * them from the map with del. 0, or -1 (out of memory, map unreadable). */
int counts_read(const struct tracer *t, __u32 gen, struct summary *out, int del);
/* Calls the kernel could not count: its table was full. */
uint64_t counts_uncounted(const struct tracer *t);
/* Makes BPF count into generation *gen + 1 from now on, and returns (0)
 * with *gen that new one once no CPU can still be adding to the old one,
 * which is then the one to read; -1 if config is unreadable. */
int counts_next_generation(struct sbpf *b, __u32 *gen);

#endif
