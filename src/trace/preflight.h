/* preflight.h - what is checked before any BPF: that snoop may trace,
 * and that its targets are there (the -p processes, the -- command). */
#ifndef SNOOP_PREFLIGHT_H
#define SNOOP_PREFLIGHT_H

#include <stddef.h>
#include <sys/types.h>
#include "opts.h"

/* Root, or CAP_BPF and CAP_PERFMON: 0, or -1 after a one-line error. */
int tracer_check_privileges(void);
/* snoop in the host's PID namespace, where BPF's PIDs are its own (its
 * own PID, -p's, the command's): 0, or -1 after a one-line error. */
int tracer_check_pid_namespace(void);
/* Checks the -p PIDs (tgids[] gets their processes) and finds the --
 * command (cmd_path). 0, or the exit status after a one-line error. */
int tracer_resolve_targets(const struct options *o, pid_t *tgids, char *cmd_path, size_t len);

#endif
