/* attach.h - attaching the syscall programs by the first method that works
 * (trace/method.h says which to try), and the process lifecycle tracepoints. */
#ifndef SNOOP_ATTACH_H
#define SNOOP_ATTACH_H

#include <stddef.h>
#include <stdint.h>
#include "BPF.h"
#include "trace/method.h"

/* Attach the syscall programs; *chosen gets the method that worked. On
 * failure err names every method tried and why it failed. */
int attach_syscalls(struct sbpf *b, enum attach_method forced, const uint64_t *bits,
		    enum attach_method *chosen, int verbose, char *err, size_t errlen);
/* exit/exec always; fork when children are followed or a command is run;
 * signal deliveries where raw tracepoints attach. */
int attach_lifecycle(struct sbpf *b, int fork, int verbose, char *err, size_t errlen);

#endif
