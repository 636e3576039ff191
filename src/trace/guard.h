/* guard.h - --lossless stops traced processes (SIGSTOP) while snoop's
 * reader is behind, and snoop continues each once it has read up to its
 * stop. If snoop dies first (SIGKILL, a crash), nobody would: the guard is
 * a child process that waits for snoop's end and, unless snoop said it
 * ended cleanly, continues every process the BPF program's "paused" map
 * names. It holds nothing else of snoop's (no program stays attached for
 * it), ignores the terminal's signals, and costs nothing while snoop runs.
 */
#ifndef SNOOP_GUARD_H
#define SNOOP_GUARD_H

#include <sys/types.h>
#include "BPF.h"

struct guard {
	pid_t pid;   /* 0: none (a zeroed struct is none) */
	int fd;      /* the pipe's write end: its closing is snoop's end */
};

/* Forks the guard over b's paused map. 0, or -1 with err. */
int guard_start(struct guard *g, struct sbpf *b, char *err, size_t errlen);
/* The guard ends, and is reaped (none started: nothing). clean: every
 * stopped process was continued by snoop itself, so it leaves them be;
 * else it continues those the map names, as at snoop's death. */
void guard_release(struct guard *g, int clean);

#endif
