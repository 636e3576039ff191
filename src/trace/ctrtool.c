/* ctrtool.c - see ctrtool.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "trace/ctrtool.h"

/* sudo's secure_path: where packages and administrators put them */
static const char *const system_dirs[] = {
	"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin",
};

static int find_tool(const char *tool, char *path, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(system_dirs) / sizeof(system_dirs[0]); i++) {
		snprintf(path, len, "%s/%s", system_dirs[i], tool);
		if (access(path, X_OK) == 0)
			return 0;
	}
	return -1;
}

struct captured {
	char text[2][4096];   /* stdout, stderr (what fits) */
	size_t len[2];
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads both pipes to their ends or to the deadline: 0, or -1 timed out. */
static int capture(int fds[2], struct captured *c)
{
	long long deadline = now_ms() + CTRTOOL_TIMEOUT_MS;
	struct pollfd p[2] = { { fds[0], POLLIN, 0 }, { fds[1], POLLIN, 0 } };
	char scratch[4096];
	int open_ends = 2, i;

	while (open_ends > 0) {
		long long left = deadline - now_ms();

		if (left <= 0)
			return -1;
		if (poll(p, 2, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (i = 0; i < 2; i++) {
			size_t room = sizeof(c->text[i]) - 1 - c->len[i];
			ssize_t n;

			if (p[i].fd < 0 || !p[i].revents)
				continue;
			/* past what fits, read on into scratch so the tool never blocks */
			n = room ? read(p[i].fd, c->text[i] + c->len[i], room) : read(p[i].fd, scratch, sizeof(scratch));
			if (n > 0 && room)
				c->len[i] += (size_t)n;
			if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
				p[i].fd = -1;
				open_ends--;
			}
		}
	}
	return 0;
}

/* Starts the tool with stdin on /dev/null, stdout and stderr on pipes. */
static pid_t start(const char *path, char *const argv[], int out[2], int err[2])
{
	posix_spawn_file_actions_t fa;
	extern char **environ;
	pid_t pid = -1;
	int e;

	if (pipe2(out, O_CLOEXEC))
		return -1;
	if (pipe2(err, O_CLOEXEC)) {
		close(out[0]), close(out[1]);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	e = posix_spawn(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	close(err[1]);
	if (e) {
		close(out[0]), close(err[0]);
		errno = e;
		return -1;
	}
	return pid;
}

/* The last line of s that says something, whitespace trimmed. */
static void last_line(const char *s, char *out, size_t len)
{
	const char *end = s + strlen(s), *begin;

	while (end > s && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\r'))
		end--;
	for (begin = end; begin > s && begin[-1] != '\n'; begin--)
		;
	snprintf(out, len, "%.*s", (int)(end - begin), begin);
}

/* What the tool's end and output say. */
static enum ctrtool_result judge(const char *tool, int timed_out, int status, struct captured *c,
				 struct ctr_inspect *out, char *why, size_t whylen)
{
	char said[512];

	c->text[0][c->len[0]] = c->text[1][c->len[1]] = '\0';
	if (timed_out)
		return snprintf(why, whylen, "%s inspect gave no answer in %d s", tool, CTRTOOL_TIMEOUT_MS / 1000),
		       CTRTOOL_FAILED;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		if (ctr_inspect_parse(c->text[0], out) == 0)
			return CTRTOOL_FOUND;
		last_line(c->text[0], said, sizeof(said));
		return snprintf(why, whylen, "%s inspect printed '%s', not a container", tool, said), CTRTOOL_FAILED;
	}
	last_line(c->text[1], said, sizeof(said));
	if (!*said)
		snprintf(said, sizeof(said), "exit status %d", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return snprintf(why, whylen, "%s", said), CTRTOOL_FAILED;
}

enum ctrtool_result ctrtool_inspect(const char *tool, const char *ref, struct ctr_inspect *out,
				    char *why, size_t whylen)
{
	char path[256];
	char *argv[] = { (char *)tool, "inspect", "--type", "container", "--format", CTR_INSPECT_FORMAT,
			 "--", (char *)ref, NULL };
	static struct captured c;
	int out_fd[2], err_fd[2], status = 0, timed_out;
	pid_t pid;

	if (find_tool(tool, path, sizeof(path)))
		return snprintf(why, whylen, "not installed"), CTRTOOL_ABSENT;
	if ((pid = start(path, argv, out_fd, err_fd)) < 0)
		return snprintf(why, whylen, "cannot run %s: %s", path, strerror(errno)), CTRTOOL_FAILED;
	memset(&c, 0, sizeof(c));
	timed_out = capture((int[2]){ out_fd[0], err_fd[0] }, &c) < 0;
	if (timed_out)
		kill(pid, SIGKILL);   /* ours: started just above */
	close(out_fd[0]);
	close(err_fd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return judge(tool, timed_out, status, &c, out, why, whylen);
}
