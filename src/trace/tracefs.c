/* tracefs.c - see tracefs.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include "error.h"
#include "trace/tracefs.h"

/* libbcc reads tracepoint formats from debugfs; mount it as the setup does. */
int tracefs_ensure(int verbose)
{
	if (access("/sys/kernel/debug/tracing/events", F_OK) == 0)
		return 0;
	if (mount("none", "/sys/kernel/debug", "debugfs", 0, NULL) && errno != EBUSY) {
		perror_msg("tracefs is not mounted and mounting debugfs on /sys/kernel/debug failed (fix: mount -t debugfs none /sys/kernel/debug)");
		return -1;
	}
	verbose_msg(verbose, "mounted debugfs on /sys/kernel/debug (libbcc reads tracepoint formats there)");
	if (access("/sys/kernel/debug/tracing/events", F_OK)) {
		error_msg("no /sys/kernel/debug/tracing/events: this kernel has no tracefs (CONFIG_FTRACE)");
		return -1;
	}
	return 0;
}

int tracefs_exit_has_group_dead(void)
{
	char line[256];
	int found = 0;
	FILE *f = fopen("/sys/kernel/debug/tracing/events/sched/sched_process_exit/format", "re");

	while (f && !found && fgets(line, sizeof(line), f))
		found = strstr(line, " group_dead;") != NULL;
	if (f)
		fclose(f);
	return found;
}
