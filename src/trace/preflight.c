/* preflight.c - see preflight.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "error.h"
#include "trace/preflight.h"
#include "trace/proc.h"

int tracer_check_privileges(void)
{
	char buf[4096], *p;
	unsigned long long eff = 0;
	FILE *f;

	if (geteuid() == 0)
		return 0;
	f = fopen("/proc/self/status", "re");
	if (f) {
		while (fgets(buf, sizeof(buf), f))
			if ((p = strstr(buf, "CapEff:")))
				eff = strtoull(p + 7, NULL, 16);
		fclose(f);
	}
	/* CAP_PERFMON = 38, CAP_BPF = 39 */
	if ((eff >> 38 & 1) && (eff >> 39 & 1))
		return 0;
	error_msg("permission denied: tracing needs root, or CAP_BPF and CAP_PERFMON (try: sudo snoop ...)");
	return -1;
}

/* PROC_PID_INIT_INO (include/linux/proc_ns.h): the initial PID
 * namespace's inode, the same on every kernel since 3.8 */
#define PID_NS_INIT_INO 0xEFFFFFFCu

int tracer_check_pid_namespace(void)
{
	struct stat st;

	if (stat("/proc/self/ns/pid", &st) || st.st_ino == PID_NS_INIT_INO)
		return 0;   /* no /proc or no namespaces: nothing to tell */
	error_msg("snoop runs in a PID namespace of its own (pid:[%llu]), and BPF numbers processes as the host does: "
		  "run it in the host's (e.g. nsenter -t 1 -p -m snoop ...), and --pidns=target for the namespace's numbers",
		  (unsigned long long)st.st_ino);
	return -1;
}

int tracer_resolve_targets(const struct options *o, pid_t *tgids, char *cmd_path, size_t len)
{
	char err[512];
	int i, rc;

	for (i = 0; i < o->npids; i++) {
		tgids[i] = proc_target(o->pids[i], getpid(), err, sizeof(err));
		if (tgids[i] < 0)
			return error_msg("%s", err), 1;
	}
	if (o->command) {
		rc = resolve_command(o->command[0], getenv("PATH"), cmd_path, len, err, sizeof(err));
		if (rc)
			return error_msg("%s", err), rc;
	}
	return 0;
}
