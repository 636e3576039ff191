/* fill.h - the maps user space writes before the programs attach: the
 * run's configuration, the syscall set, what memory each call's
 * arguments point to, -n's names, -P's paths, and the traced set. */
#ifndef SNOOP_FILL_H
#define SNOOP_FILL_H

#include <sys/types.h>
#include "opts.h"
#include "trace/handle.h"
#include "trace/selection.h"

/* tgids: -p's processes (tracer_resolve_targets); sel: -a, --cgroup and
 * -u resolved. 0, or -1 after an error. */
int fill_maps(const struct tracer *t, const struct options *o, const pid_t *tgids, const struct selection *sel);

#endif
