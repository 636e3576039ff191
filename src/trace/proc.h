/* proc.h - the processes snoop traces: checks on -p PIDs, and starting the
 * -- command so that it is traced from its execve. */
#ifndef SNOOP_PROC_H
#define SNOOP_PROC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/types.h>
#include "bpf/snoop.h"

/* From the text of /proc/PID/stat: is it a kernel thread (PF_KTHREAD)? 1, 0, -1 unparsable */
int stat_is_kthread(const char *stat);
/* From the text of /proc/PID/status: the Tgid line, or -1. */
pid_t status_tgid(const char *status);
struct fdtable;
/* -y: seeds t with what process pid has open now (an fd_seed_fn). */
void proc_seed_fds(void *ctx, struct fdtable *t, uint32_t pid);
/* -y for a live run: fds made a table seeded from /proc as fds come up,
 * with what the -p processes tgids[0..n) have open now, and the sink
 * annotates from it (show: the calls -e chose, or NULL); a child's copy
 * made at its fork call only where t's kernel side makes no fork records.
 * 0, or -1 after a one-line error. */
struct sink;
struct tracer;
int proc_fds_start(struct fdtable *fds, struct sink *sink, const uint64_t *show, const pid_t *tgids, int n,
		   const struct tracer *t);
/* The same from another process's fds: the -- command has snoop's own,
 * less those closed at its exec (after_exec). */
void proc_seed_fds_from(struct fdtable *t, uint32_t pid, pid_t from, int after_exec);
/* Is the process running: there, and not a zombie (a zombie leader whose
 * other threads run on is running)? */
int proc_running(pid_t pid);
/* fn(arg, pid) for each process (not self) whose name is one of names,
 * compared as the kernel stores them (15 characters); stops at fn's first
 * non-zero return, which it returns. */
int proc_each_named(const char (*names)[SNOOP_COMM_LEN], int nnames, pid_t self,
		    int (*fn)(void *arg, pid_t pid), void *arg);
/* Checks pid can be traced and returns its TGID (a TID given with -p means
 * its process); -1 with err set. */
pid_t proc_target(pid_t pid, pid_t self, char *err, size_t errlen);

/* Finds cmd like execvp would. 0, or the exit status strace uses for the
 * failure (127 not found, 126 not executable) with err set. */
int resolve_command(const char *cmd, const char *path_env, char *out, size_t len,
		    char *err, size_t errlen);

/* Notes which signals snoop's caller left ignored, before snoop changes
 * any (it catches SIGINT, SIGTERM, SIGHUP and SIGCONT, ignores SIGPIPE,
 * and needs SIGCHLD at its default to learn its command's status): the
 * command gets them as the caller gave them (nohup's SIGHUP stays
 * ignored; a shell's background job keeps SIGINT ignored), as strace's
 * does. Call first thing. */
void command_keep_signals(void);

/* Forks the command, stopped before execve until command_release(). */
struct command {
	pid_t pid;
	int release_fd;
	int pidfd;
	int stdout_to_stderr;   /* the trace is on stdout: keep the command's output off it */
};
int command_start(struct command *c, const char *path, char **argv, char *err, size_t errlen);
int command_release(struct command *c);
/* -y: the -- command's fds as it starts: snoop's own less the close-on-exec
 * ones, with its stdout moved to snoop's stderr when launch moved it. */
void proc_seed_command_fds(struct fdtable *t, const struct command *c);
/* Exit status as a shell reports it: code, or 128+signal. -1 if still running. */
int command_reap(struct command *c, int block);
/* snoop's exit status with a -- command: the command's (status, when the
 * reader reaped it already, else -1); when snoop was stopped by signal
 * stopped_by (0: not) and the command still runs, it is left to run
 * (detached) and the status is 128+signal. */
int command_exit_status(struct command *c, int status, int stopped_by);

int pidfd_open_pid(pid_t pid);

#endif
