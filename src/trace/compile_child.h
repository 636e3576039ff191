/* compile_child.h - a compile run in a short-lived child process. libbcc's
 * clang and LLVM take ~140 MiB while they compile, and a process keeps its
 * peak: compiled in the tracer, that memory stays for the whole trace. The
 * child compiles, writes the object (trace/bpfobj.h's encoding) and its
 * status and message into a memfd, and exits; the tracer reads them back
 * and never maps LLVM.
 */
#ifndef SNOOP_COMPILE_CHILD_H
#define SNOOP_COMPILE_CHILD_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>
#include "trace/bpfobj.h"

/* What the child runs: 0 with o filled, or a status > 0 with err set. */
typedef int (*compile_child_fn)(void *arg, struct bpfobj *o, char *err, size_t errlen);

/* The object holds what only its process has (a map kept by fd): compile
 * in the caller's process instead. */
#define COMPILE_CHILD_IN_PROCESS (-2)

struct compile_child_stats {
	long peak_rss_kib;   /* the child's peak resident set (its rusage) */
	double cpu_s;        /* its CPU time, user and system */
};

/* A child started and not yet waited for. */
struct compile_child {
	pid_t pid;
	int fd;                       /* the memfd it writes its result to */
	struct sigaction old_chld;    /* SIGCHLD's disposition before */
};

/* fn(arg) in a child started into c: 0, or -1 with err. Two may run at
 * once; finish them in the reverse order of their start (each puts back
 * the SIGCHLD disposition its start found). */
int compile_child_start(compile_child_fn fn, void *arg, struct compile_child *c, char *err, size_t errlen);
/* The child's status, o and err, as compile_child_run says. */
int compile_child_finish(struct compile_child *c, struct bpfobj *o, struct compile_child_stats *st, char *err,
			 size_t errlen);

/* fn(arg) in a child: its status, o read back (bpfobj_init'd here) and err
 * as the child wrote it; COMPILE_CHILD_IN_PROCESS; or -1 with err when
 * the child could not run or ended without a result. */
int compile_child_run(compile_child_fn fn, void *arg, struct bpfobj *o, struct compile_child_stats *st,
		      char *err, size_t errlen);

#endif
