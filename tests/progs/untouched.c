/* untouched - execve calls whose strings sit on pages the caller has never
 * touched, each printing the line snoop must show for it.
 *
 * A BPF program cannot fault a page in: a string on a page the process has
 * not touched yet reads as a fault at syscall entry. strace never sees
 * that gap (its ptrace reads fault the pages in), so comparing with strace
 * hides it; this probe checks itself. Path, argv array and argv strings
 * are written to a file and mapped privately, never read through the
 * mapping: the pages are in the page cache but not in the process's page
 * tables, as a fresh binary's string literals or a new stack are.
 *
 *   untouched MODE...   each MODE in turn:
 *     exec      (last) execve(/bin/true, ["true", "untouched-a", "untouched-b"])
 *     enoexec   execve of a file that is no program: ENOEXEC, after the
 *               kernel copied argv (and so faulted it in)
 *     eacces    execve of a file without execute permission: EACCES before
 *               the kernel looked at argv: it stays unread (its address)
 *     system    system("exit 3"), glibc's posix_spawn of /bin/sh
 *     vfork     vfork, then the child's execve of /bin/true (untouched)
 *     thread    a second thread execs /bin/true (untouched)
 *
 * Expectations go to the fd named by SYSPROBE_EXPECT, one per execve in
 * the order they run: "execve RET ERRNO (ARGS)" as snoop shows fields 4-6
 * and the arguments, the environment pointer as PTR.
 */
#define _GNU_SOURCE   /* strerrorname_np */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "expect.h"

extern char **environ;

/* len bytes at a fresh private mapping of a file holding them, never
 * touched through the mapping. */
static void *untouched_copy(const void *bytes, size_t len)
{
	char path[] = "/tmp/snoop-untouched-XXXXXX";
	int fd = mkstemp(path);
	void *p;

	if (fd < 0 || unlink(path) || write(fd, bytes, len) != (ssize_t)len)
		abort();
	p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		abort();
	close(fd);
	return p;
}

struct call {
	const char *path;       /* untouched */
	char *const *argv;      /* untouched array of untouched strings */
};

/* path and argv (NULL-ended), each string and the array on their own
 * untouched pages. */
static struct call untouched_call(const char *path, const char *const *argv)
{
	const char *ptrs[16];
	struct call c;
	int i;

	for (i = 0; argv[i]; i++)
		ptrs[i] = untouched_copy(argv[i], strlen(argv[i]) + 1);
	ptrs[i] = NULL;
	c.path = untouched_copy(path, strlen(path) + 1);
	c.argv = untouched_copy(ptrs, (size_t)(i + 1) * sizeof(ptrs[0]));
	return c;
}

/* ["a", "b"] from the probe's own copies */
static const char *list(const char *const *argv, char *out, size_t len)
{
	size_t k = 0;
	int i;

	k += (size_t)snprintf(out + k, len - k, "[");
	for (i = 0; argv[i]; i++)
		k += (size_t)snprintf(out + k, len - k, "%s\"%s\"", i ? ", " : "", argv[i]);
	snprintf(out + k, len - k, "]");
	return out;
}

static const char *const true_argv[] = { "true", "untouched-a", "untouched-b", NULL };

static void exec_true(void)
{
	struct call c = untouched_call("/bin/true", true_argv);
	char l[512];

	expect("execve 0 - (\"/bin/true\", %s, PTR)", list(true_argv, l, sizeof(l)));
	execve(c.path, c.argv, environ);
	_exit(120);
}

/* A file the kernel opens and copies argv for, then finds no format for. */
static void exec_no_program(void)
{
	static const char *const argv[] = { "not-a-program", "untouched-c", NULL };
	char path[] = "/tmp/snoop-noprog-XXXXXX", l[512];
	int fd = mkstemp(path);
	struct call c;

	if (fd < 0 || write(fd, "\1\2\3\4", 4) != 4 || fchmod(fd, 0755))
		abort();
	close(fd);
	c = untouched_call(path, argv);
	if (execve(c.path, c.argv, environ) == 0 || errno != ENOEXEC)
		abort();
	expect("execve -8 ENOEXEC (\"%s\", %s, PTR)", path, list(argv, l, sizeof(l)));
	unlink(path);
}

/* Refused at the open: the kernel never reads argv, nor does anyone. */
static void exec_not_executable(void)
{
	static const char *const argv[] = { "not-executable", NULL };
	char path[] = "/tmp/snoop-noexec-XXXXXX";
	int fd = mkstemp(path);
	struct call c;

	if (fd < 0)
		abort();
	close(fd);
	c = untouched_call(path, argv);
	if (execve(c.path, c.argv, environ) == 0 || errno != EACCES)
		abort();
	expect("execve -13 EACCES (\"%s\", %p, PTR)", path, (void *)c.argv);
	unlink(path);
}

static void run_system(void)
{
	expect("execve 0 - (\"/bin/sh\", [\"sh\", \"-c\", \"exit 3\"], PTR)");
	if (WEXITSTATUS(system("exit 3")) != 3)
		abort();
}

static void run_vfork(void)
{
	struct call c = untouched_call("/bin/true", true_argv);
	char l[512];
	pid_t pid;
	int st;

	expect("execve 0 - (\"/bin/true\", %s, PTR)", list(true_argv, l, sizeof(l)));
	pid = vfork();
	if (pid == 0) {
		execve(c.path, c.argv, environ);
		_exit(120);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		abort();
}

static void *thread_exec(void *arg)
{
	(void)arg;
	exec_true();
	return NULL;
}

static void run_thread(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, thread_exec, NULL))
		abort();
	pause();
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "exec") == 0)
			exec_true();
		else if (strcmp(argv[i], "enoexec") == 0)
			exec_no_program();
		else if (strcmp(argv[i], "eacces") == 0)
			exec_not_executable();
		else if (strcmp(argv[i], "system") == 0)
			run_system();
		else if (strcmp(argv[i], "vfork") == 0)
			run_vfork();
		else if (strcmp(argv[i], "thread") == 0)
			run_thread();
		else {
			fprintf(stderr, "untouched: unknown mode %s\n", argv[i]);
			return 2;
		}
	}
	return 0;
}
