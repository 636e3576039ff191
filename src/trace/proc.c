/* proc.c - see proc.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "error.h"
#include "record/fdtable.h"
#include "record/sink.h"
#include "trace/attach.h"
#include "trace/proc.h"

#define PF_KTHREAD 0x00200000

int stat_is_kthread(const char *stat)
{
	/* fields after "(comm)": comm may hold spaces and ')' so use the last ')' */
	const char *p = strrchr(stat, ')');
	unsigned long flags;
	int field;

	if (!p)
		return -1;
	p++;
	/* state(3) ppid pgrp session tty_nr tpgid flags(9) */
	for (field = 2; field < 8; field++) {
		p = strchr(p + 1, ' ');
		if (!p)
			return -1;
	}
	if (sscanf(p, " %lu", &flags) != 1)
		return -1;
	return (flags & PF_KTHREAD) != 0;
}

pid_t status_tgid(const char *status)
{
	const char *p = strstr(status, "\nTgid:");
	long v;

	if (!p || sscanf(p + 6, "%ld", &v) != 1 || v <= 0)
		return -1;
	return (pid_t)v;
}

static int read_proc(pid_t pid, const char *what, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

pid_t proc_target(pid_t pid, pid_t self, char *err, size_t errlen)
{
	char buf[4096];
	pid_t tgid;

	if (read_proc(pid, "status", buf, sizeof(buf)) || (tgid = status_tgid(buf)) < 0) {
		snprintf(err, errlen, "cannot trace PID %d: no such process (check it with ps -p %d)", (int)pid, (int)pid);
		return -1;
	}
	if (tgid == self) {
		snprintf(err, errlen, "cannot trace PID %d: it is snoop itself", (int)pid);
		return -1;
	}
	if (read_proc(tgid, "stat", buf, sizeof(buf)) == 0 && stat_is_kthread(buf) == 1) {
		snprintf(err, errlen, "cannot trace PID %d: it is a kernel thread, it makes no syscalls", (int)pid);
		return -1;
	}
	return tgid;
}

static int check_exec(const char *path, char *err, size_t errlen, const char *cmd)
{
	struct stat st;

	if (stat(path, &st)) {
		snprintf(err, errlen, "cannot run '%s': %s", cmd, strerror(errno));
		return errno == ENOENT || errno == ENOTDIR ? 127 : 126;
	}
	if (S_ISDIR(st.st_mode) || access(path, X_OK)) {
		snprintf(err, errlen, "cannot run '%s': %s", cmd,
			 S_ISDIR(st.st_mode) ? "Is a directory" : "Permission denied");
		return 126;
	}
	return 0;
}

int resolve_command(const char *cmd, const char *path_env, char *out, size_t len,
		    char *err, size_t errlen)
{
	const char *p, *end;
	size_t dl;

	if (!*cmd) {
		snprintf(err, errlen, "cannot run '': empty command name");
		return 127;
	}
	if (strchr(cmd, '/')) {
		snprintf(out, len, "%s", cmd);
		return check_exec(out, err, errlen, cmd);
	}
	for (p = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin"; ; p = end + 1) {
		end = strchrnul(p, ':');
		dl = (size_t)(end - p);
		/* an empty PATH element means the current directory */
		snprintf(out, len, "%.*s%s%s", (int)dl, dl ? p : ".", "/", cmd);
		if (access(out, X_OK) == 0 && check_exec(out, err, errlen, cmd) == 0)
			return 0;
		if (!*end)
			break;
	}
	snprintf(err, errlen, "cannot run '%s': command not found in PATH", cmd);
	return 127;
}

int pidfd_open_pid(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* The signals whose disposition snoop changes itself. */
static const int changed_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCONT, SIGCHLD };
#define CHANGED_SIGNALS ((int)(sizeof(changed_signals) / sizeof(changed_signals[0])))
#define MAX_SIGNAL 64

/* rt_sigaction(2)'s own structure: glibc's sigaction() refuses the two
 * signals it keeps for its threads (32 and 33), and once snoop has
 * threads glibc's handler for 33 would be reset at execve where the
 * caller's ignore stays: the kernel's call sees and sets them as the
 * caller left them. */
struct kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

static uint64_t ignored_by_caller;   /* bit sig - 1 */

static int raw_sigaction(int sig, const struct kernel_sigaction *sa, struct kernel_sigaction *old)
{
	return (int)syscall(SYS_rt_sigaction, sig, sa, old, sizeof(uint64_t));
}

void command_keep_signals(void)
{
	struct kernel_sigaction old;
	int sig;

	for (sig = 1; sig <= MAX_SIGNAL; sig++)
		if (raw_sigaction(sig, NULL, &old) == 0 && old.handler == SIG_IGN)
			ignored_by_caller |= 1ull << (sig - 1);
	/* with SIGCHLD ignored the kernel reaps the command itself, and its
	 * status (snoop's own) is lost */
	signal(SIGCHLD, SIG_DFL);
}

/* In the command's process: each signal the caller ignored ignored again,
 * each one snoop changed at its default (a handler would be reset by
 * execve, an ignored signal would stay). */
static void restore_caller_signals(void)
{
	struct kernel_sigaction ign = { .handler = SIG_IGN };
	int i, sig;

	for (i = 0; i < CHANGED_SIGNALS; i++)
		signal(changed_signals[i], SIG_DFL);
	for (sig = 1; sig <= MAX_SIGNAL; sig++)
		if (ignored_by_caller & (1ull << (sig - 1)))
			raw_sigaction(sig, &ign, NULL);
}

int command_start(struct command *c, const char *path, char **argv, char *err, size_t errlen)
{
	int p[2];
	char go;

	if (pipe2(p, O_CLOEXEC)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	c->pid = fork();
	if (c->pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (c->pid == 0) {
		/* snoop's own signal choices must not leak into the command */
		restore_caller_signals();
		close(p[1]);
		if (read(p[0], &go, 1) != 1)
			_exit(127);   /* snoop died before tracing began */
		if (c->stdout_to_stderr && dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
			_exit(126);
		execv(path, argv);
		fprintf(stderr, "snoop: cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(p[0]);
	c->release_fd = p[1];
	c->pidfd = pidfd_open_pid(c->pid);
	return 0;
}

int command_release(struct command *c)
{
	char go = 1;
	ssize_t n = write(c->release_fd, &go, 1);

	close(c->release_fd);
	c->release_fd = -1;
	return n == 1 ? 0 : -1;
}

int command_reap(struct command *c, int block)
{
	int status;
	pid_t r;

	do
		r = waitpid(c->pid, &status, block ? 0 : WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int proc_each_named(const char (*names)[SNOOP_COMM_LEN], int nnames, pid_t self,
		    int (*fn)(void *arg, pid_t pid), void *arg)
{
	char path[64], comm[SNOOP_COMM_LEN + 1];
	struct dirent *d;
	ssize_t n;
	pid_t pid;
	int fd, i, rc = 0;
	DIR *dir;

	/* without -n nothing can match: no comm file of every process read */
	if (nnames == 0 || !(dir = opendir("/proc")))
		return 0;
	while (rc == 0 && (d = readdir(dir))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9' || (pid = (pid_t)atoi(d->d_name)) == self)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = read(fd, comm, SNOOP_COMM_LEN);
		close(fd);
		if (n <= 0)
			continue;
		comm[n - (comm[n - 1] == '\n')] = '\0';
		for (i = 0; i < nnames; i++)
			if (strncmp(comm, names[i], SNOOP_COMM_LEN) == 0) {
				rc = fn(arg, pid);
				break;
			}
	}
	closedir(dir);
	return rc;
}

/* A thread of pid's process other than its leader is there. */
static int other_thread_of(pid_t pid)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	if (!(dir = opendir(path)))
		return 0;
	while (!found && (d = readdir(dir)))
		found = d->d_name[0] >= '1' && d->d_name[0] <= '9' && atoi(d->d_name) != (int)pid;
	closedir(dir);
	return found;
}

/* A zombie leader whose process still has threads (it called
 * pthread_exit) is a running process. */
int proc_running(pid_t pid)
{
	char path[64], buf[512], *paren;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* "PID (comm) S ...": the state follows the last ')' (comm may hold one) */
	paren = strrchr(buf, ')');
	if (!paren || paren[1] != ' ' || paren[2] == 'X')
		return 0;
	return paren[2] != 'Z' || other_thread_of(pid);
}

void proc_seed_command_fds(struct fdtable *t, const struct command *c)
{
	char target[FD_TEXT_MAX + 1];
	ssize_t n;

	proc_seed_fds_from(t, (uint32_t)c->pid, getpid(), 1);
	/* its stdout is snoop's stderr then (command_launch's dup2), not
	 * snoop's stdout */
	if (c->stdout_to_stderr && (n = readlink("/proc/self/fd/2", target, sizeof(target))) > 0)
		fdtable_set(t, (uint32_t)c->pid, STDOUT_FILENO, target, (size_t)n, 0);
}

/* -y: what a process has open now, from /proc/PID/fd (and its cwd, for
 * relative paths); close-on-exec from fdinfo's flags. Called once per
 * process, when the reader first needs one of its fds. */
void proc_seed_fds(void *ctx, struct fdtable *t, uint32_t pid)
{
	(void)ctx;
	proc_seed_fds_from(t, pid, (pid_t)pid, 0);
}

void proc_seed_fds_from(struct fdtable *t, uint32_t pid, pid_t from, int after_exec)
{
	char path[64], target[FD_TEXT_MAX + 1], line[128];
	struct dirent *d;
	unsigned long flags;
	ssize_t n;
	DIR *dir;
	FILE *f;
	int fd, cloexec;

	fdtable_seeded(t, pid);
	snprintf(path, sizeof(path), "/proc/%d/cwd", (int)from);
	if ((n = readlink(path, target, sizeof(target))) > 0)
		fdtable_set(t, pid, FD_CWD, target, (size_t)n, 0);
	snprintf(path, sizeof(path), "/proc/%d/fd", (int)from);
	if (!(dir = opendir(path)))
		return;
	while ((d = readdir(dir))) {
		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		fd = atoi(d->d_name);
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)from, fd);
		if ((n = readlink(path, target, sizeof(target))) <= 0)
			continue;
		cloexec = 0;
		snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)from, fd);
		if ((f = fopen(path, "re"))) {
			while (fgets(line, sizeof(line), f))
				if (sscanf(line, "flags: %lo", &flags) == 1)
					cloexec = (flags & O_CLOEXEC) != 0;
			fclose(f);
		}
		if (!(after_exec && cloexec))
			fdtable_set(t, pid, fd, target, (size_t)n, cloexec);
	}
	closedir(dir);
}

int proc_fds_start(struct fdtable *fds, struct sink *sink, const uint64_t *show, const pid_t *tgids, int n,
		   const struct tracer *t)
{
	int i;

	if (fdtable_init(fds, FDTABLE_SLOTS, proc_seed_fds, NULL)) {
		error_msg("-y: out of memory for the fd table");
		return -1;
	}
	/* fork records give every traced child its copy: a fork call copying
	 * too would only give copies to children never traced, for good */
	fds->copy_at_fork_call = !attach_forks_recorded(t);
	sink->fds = fds;
	sink->show = show;
	for (i = 0; i < n; i++)   /* -p: what they have open now */
		proc_seed_fds(NULL, fds, (uint32_t)tgids[i]);
	return 0;
}

int command_exit_status(struct command *c, int status, int stopped_by)
{
	if (status >= 0)
		return status;
	if (stopped_by) {
		status = command_reap(c, 0);
		return status >= 0 ? status : 128 + stopped_by;
	}
	return command_reap(c, 1);
}
