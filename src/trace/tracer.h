/* tracer.h - the kernel side of a live run, set up and asked: privileges,
 * the targets (-p PIDs, the -- command's path), tracefs, the BPF program
 * compiled in the first variant this kernel loads, its maps filled, its
 * programs attached; then starting the command so that it is traced from
 * its execve, and asking whether any target is left. */
#ifndef SNOOP_TRACER_H
#define SNOOP_TRACER_H

#include <stddef.h>
#include <sys/types.h>
#include "BPF.h"
#include "opts.h"
#include "trace/proc.h"
#include "trace/transport.h"

/* Root, or CAP_BPF and CAP_PERFMON: 0, or -1 after a one-line error. */
int tracer_check_privileges(void);
/* Checks the -p PIDs (tgids[] gets their processes) and finds the --
 * command (cmd_path). 0, or the exit status after a one-line error. */
int tracer_resolve_targets(const struct options *o, pid_t *tgids, char *cmd_path, size_t len);
/* What runs between filling the maps and attaching: the reader opens its
 * buffers there, so that the first record (a -p process may be calling
 * flat out) finds them, of the kind the variant was compiled for. undo:
 * the variant failed after all. */
struct tracer_hooks {
	int (*buffers)(struct sbpf *b, enum transport_kind kind, void *arg, char *err, size_t errlen);
	void (*undo)(void *arg);
	void *arg;
};
/* Compiles, fills the maps, calls h->buffers and attaches: the
 * task-storage variant first, the in-flight hash where that fails (or
 * --inflight=hash). NULL after a one-line error. */
struct sbpf *tracer_start(const struct options *o, const pid_t *tgids, const struct tracer_hooks *h);
/* Starts the command, traced from its execve. 0, or -1 after an error. */
int tracer_launch(struct sbpf *b, struct command *cmd, const char *path, char **argv);

#endif
