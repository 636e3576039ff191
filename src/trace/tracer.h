/* tracer.h - the kernel side of a live run, set up: the BPF program
 * compiled in the first variant this kernel loads, its maps filled, its
 * programs attached, all held in one handle (trace/handle.h: the variant
 * bits say what the program has). The checks before it and the command's
 * start after it are in trace/preflight.h and trace/launch.h. */
#ifndef SNOOP_TRACER_H
#define SNOOP_TRACER_H

#include <stddef.h>
#include <sys/types.h>
#include "opts.h"
#include "trace/handle.h"
#include "trace/launch.h"
#include "trace/preflight.h"
#include "trace/selection.h"

/* What runs between filling the maps and attaching: the reader opens its
 * buffers there (t->variant says which kind the program writes), so that
 * the first record (a -p process may be calling flat out) finds them.
 * undo: the variant failed after all. */
struct tracer_hooks {
	int (*buffers)(struct tracer *t, void *arg, char *err, size_t errlen);
	void (*undo)(void *arg);
	void *arg;
};
/* Compiles, fills the maps, calls h->buffers and attaches: the
 * task-storage variant first, the in-flight hash where that fails (or
 * --inflight=hash). NULL after a one-line error; tracer_free ends it. */
struct tracer *tracer_start(const struct options *o, const pid_t *tgids, const struct selection *sel,
			    const struct tracer_hooks *h);

#endif
