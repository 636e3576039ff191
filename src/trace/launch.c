/* launch.c - see launch.h. */
#include <signal.h>
#include "error.h"
#include "trace/launch.h"

/* The BPF side marks the command traced at snoop's fork (config's
 * command_pending), before it can run; recording starts at its execve
 * (SNOOP_TRACE_EXEC), not in the set-up between fork and exec. */
int tracer_launch(const struct tracer *t, struct command *cmd, const char *path, char **argv)
{
	char err[512];
	__u32 key, why;

	if (command_start(cmd, path, argv, err, sizeof(err)))
		return error_msg("%s", err), -1;
	key = (__u32)cmd->pid;
	if (tracer_lookup(t, SNOOP_MAP_TRACED_TGIDS, &key, &why)) {
		if (tracer_percpu_sum(t, SNOOP_MAP_UNSTORED, SNOOP_UNSTORED_TRACED))
			error_msg("the command (PID %d) could not be marked for tracing: the kernel's table of traced "
				  "processes was full (%d) or out of memory (trace fewer -p processes, or retry)",
				  (int)cmd->pid, SNOOP_MAX_TASKS);
		else
			error_msg("the command (PID %d) was not marked for tracing at its fork: is the sched_process_fork "
				  "tracepoint missing?", (int)cmd->pid);
		kill(cmd->pid, SIGKILL);
		command_reap(cmd, 1);
		return -1;
	}
	return command_release(cmd);
}
