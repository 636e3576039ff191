/* attach.h - which kernel hook reaches the syscalls: the first method that
 * works of raw tracepoints, classic tracepoints, kprobes (or the one forced
 * with --attach). Also the process lifecycle tracepoints. */
#ifndef SNOOP_ATTACH_H
#define SNOOP_ATTACH_H

#include <stddef.h>
#include <stdint.h>
#include "BPF.h"
#include "opts.h"

/* Methods to try, in order, into out[]; returns how many. */
int attach_order(enum attach_method forced, enum attach_method out[3]);
/* Kernel function of a syscall on this architecture: "__x64_sys_openat". */
int kprobe_function(const char *syscall, char *buf, size_t len);
/* The syscalls to probe with kprobes: those set in bits, or all (bits NULL). */
int kprobe_wanted(const uint64_t *bits, long nr);

/* Attach the syscall programs; *chosen gets the method that worked. On
 * failure err names every method tried and why it failed. */
int attach_syscalls(struct sbpf *b, enum attach_method forced, const uint64_t *bits,
		    enum attach_method *chosen, char *err, size_t errlen);
/* exit/exec always; fork when children are followed or a command is run. */
int attach_lifecycle(struct sbpf *b, int fork, char *err, size_t errlen);

#endif
