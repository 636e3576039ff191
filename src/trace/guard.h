/* guard.h - --lossless stops traced processes (SIGSTOP) while snoop's
 * reader is behind, and snoop continues each once it has read up to its
 * stop. If snoop dies first (SIGKILL, a crash), nobody would: the guard is
 * a child process, in a session of its own, that waits for snoop's end
 * and, unless snoop said it ended cleanly, continues every process the BPF
 * program's "paused" map names. Started before the rings are made, it
 * holds none of them, no program link (none stays attached for it) and
 * no output; only its copy of snoop's memory at that time, shared until
 * written. A kill of snoop's whole cgroup ends it too.
 */
#ifndef SNOOP_GUARD_H
#define SNOOP_GUARD_H

#include <stdint.h>
#include <sys/types.h>
#include "BPF.h"

struct guard {
	pid_t pid;   /* 0: none (a zeroed struct is none) */
	int fd;      /* the pipe's write end: its closing is snoop's end */
};

/* Forks the guard over b's paused map. 0, or -1 with err. */
int guard_start(struct guard *g, struct sbpf *b, char *err, size_t errlen);
/* clean: every stopped process was continued by snoop itself; the guard
 * leaves them be, ends, and is reaped. Else it is left to act at snoop's
 * exit, as at its death: by then every fd that kept a program attached
 * is closed, and no process can be stopped again. (None started:
 * nothing.) */
void guard_release(struct guard *g, int clean);
/* SIGCONT to every process b's paused map names, but those skip (if not
 * NULL) says snoop continued at their last pause (sent: its number, as
 * the map counts it): how many were sent. Only system calls: the guard
 * runs it in a child forked from a process with threads. */
int guard_continue_paused(struct sbpf *b, int (*skip)(void *ctx, uint32_t tgid, uint32_t sent), void *ctx);

#endif
