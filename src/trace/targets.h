/* targets.h - the processes in the traced set of the maps: -p's and the
 * running processes of a -n name, marked before the attach (-- commands
 * and -f children the BPF side adds itself), and what is left of them.
 */
#ifndef SNOOP_TARGETS_H
#define SNOOP_TARGETS_H

#include <sys/types.h>
#include "opts.h"
#include "trace/handle.h"

/* -p's TGIDs (tgids[], from tracer_resolve_targets) and the running
 * processes named by -n into the traced set. 0, or -1 after an error. */
int targets_mark(const struct tracer *t, const struct options *o, const pid_t *tgids);
/* A -p process that ended between its check and the attach has no exit
 * left to be seen: it leaves the traced set now. */
void targets_forget_ended(const struct tracer *t, const pid_t *tgids, int n);
/* Is any -p, -n, -- or -f process still traced? (traced_tgids, which
 * every variant has: the reader asks with its libbcc handle) */
int targets_remain(struct sbpf *b);

#endif
