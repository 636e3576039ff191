/* compile_child.c - see compile_child.h. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fdio.h"
#include "trace/compile_child.h"

/* The memfd's content: this header, the message (len bytes), then with
 * status 0 the encoded object up to the end. */
struct result_head {
	int32_t status;
	uint32_t err_len;
};

/* In the child: runs fn and writes what it gave. Never returns. */
static void __attribute__((noreturn)) child(compile_child_fn fn, void *arg, int fd)
{
	static char err[4096];
	struct result_head h = { 0, 0 };
	struct bpfobj o;
	void *enc = NULL;
	size_t len = 0;

	err[0] = '\0';
	h.status = fn(arg, &o, err, sizeof(err));
	if (h.status == 0 && o.uncacheable[0])
		h.status = COMPILE_CHILD_IN_PROCESS;
	if (h.status == 0 && !(enc = bpfobj_encode(&o, "", 0, &len))) {
		h.status = 1;
		snprintf(err, sizeof(err), "BPF compile failed: out of memory for the compiled object");
	}
	h.err_len = (uint32_t)strlen(err);
	if (fd_write_all(fd, &h, sizeof(h)) || fd_write_all(fd, err, h.err_len) || (enc && fd_write_all(fd, enc, len)))
		_exit(1);
	_exit(0);   /* no atexit handler, no stdio buffer of the tracer's flushed twice */
}

/* The child's end, said as a compile failure. */
static void explain_end(pid_t pid, int status, char *err, size_t errlen)
{
	if (WIFSIGNALED(status))
		snprintf(err, errlen, "BPF compile failed: the compiler process %d was killed by signal %d (fix: run again; with -v for its output)",
			 (int)pid, WTERMSIG(status));
	else
		snprintf(err, errlen, "BPF compile failed: the compiler process %d ended with status %d and no result (fix: run again; with -v for its output)",
			 (int)pid, WEXITSTATUS(status));
}

/* The child's result from the memfd: its status, err, and o. */
static int take_result(int fd, struct bpfobj *o, char *err, size_t errlen)
{
	struct result_head h;
	struct stat st;
	unsigned char *buf;
	char why[256];
	int rc;

	if (fstat(fd, &st) || (size_t)st.st_size < sizeof(h) || !(buf = fd_read_whole(fd, (size_t)st.st_size)))
		return snprintf(err, errlen, "BPF compile failed: cannot read the compiler process's result: %s",
				strerror(errno ? errno : EIO)), -1;
	memcpy(&h, buf, sizeof(h));
	rc = h.status;
	if (h.err_len > (size_t)st.st_size - sizeof(h)) {
		snprintf(err, errlen, "BPF compile failed: the compiler process's result is damaged");
		rc = -1;
	} else if (rc != 0) {
		snprintf(err, errlen, "%.*s", (int)h.err_len, (char *)buf + sizeof(h));
	} else if (bpfobj_decode(buf + sizeof(h) + h.err_len, (size_t)st.st_size - sizeof(h) - h.err_len, "", 0, o, why,
				 sizeof(why)) != BPFOBJ_OK) {
		snprintf(err, errlen, "BPF compile failed: the compiler process's object is damaged: %s", why);
		rc = -1;
	}
	free(buf);
	return rc;
}

int compile_child_start(compile_child_fn fn, void *arg, struct compile_child *c, char *err, size_t errlen)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	c->pid = -1;
	c->fd = memfd_create("snoop-compiled", MFD_CLOEXEC);
	/* a SIGCHLD ignored by whoever started snoop (inherited across exec)
	 * would reap the child before wait4 could read its status */
	sigaction(SIGCHLD, &dfl, &c->old_chld);
	if (c->fd < 0 || (c->pid = fork()) < 0) {
		snprintf(err, errlen, "BPF compile failed: cannot start the compiler process: %s (fix: free memory or raise the process limit)",
			 strerror(errno));
		if (c->fd >= 0)
			close(c->fd);
		sigaction(SIGCHLD, &c->old_chld, NULL);
		return -1;
	}
	if (c->pid == 0)
		child(fn, arg, c->fd);
	return 0;
}

int compile_child_finish(struct compile_child *c, struct bpfobj *o, struct compile_child_stats *st, char *err,
			 size_t errlen)
{
	int status = 0;
	struct rusage ru;
	pid_t got;

	bpfobj_init(o);
	st->peak_rss_kib = 0;
	st->cpu_s = 0;
	while ((got = wait4(c->pid, &status, 0, &ru)) < 0 && errno == EINTR)
		;
	sigaction(SIGCHLD, &c->old_chld, NULL);
	if (got == c->pid) {
		st->peak_rss_kib = ru.ru_maxrss;
		st->cpu_s = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
			    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	}
	if (got != c->pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		explain_end(c->pid, got == c->pid ? status : 0, err, errlen);
		close(c->fd);
		return -1;
	}
	errno = 0;
	status = take_result(c->fd, o, err, errlen);
	close(c->fd);
	return status;
}

int compile_child_run(compile_child_fn fn, void *arg, struct bpfobj *o, struct compile_child_stats *st,
		      char *err, size_t errlen)
{
	struct compile_child c;

	if (compile_child_start(fn, arg, &c, err, errlen)) {
		bpfobj_init(o);
		st->peak_rss_kib = 0;
		st->cpu_s = 0;
		return -1;
	}
	return compile_child_finish(&c, o, st, err, errlen);
}
