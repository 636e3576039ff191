/* method.h - which kernel hook reaches the syscalls, decided without the
 * kernel: the order methods are tried in (raw tracepoints, classic
 * tracepoints, kprobes, or the one forced with --attach), their names, and
 * the kprobe targets. trace/attach.c does the attaching. */
#ifndef SNOOP_METHOD_H
#define SNOOP_METHOD_H

#include <stddef.h>
#include <stdint.h>

enum attach_method { ATTACH_AUTO, ATTACH_RAW_TP, ATTACH_TP, ATTACH_KPROBE };

/* "raw_tp" -> ATTACH_RAW_TP ...; -1 if unknown */
int attach_method_parse(const char *s);
const char *attach_method_name(enum attach_method m);
/* Methods to try, in order, into out[]; returns how many. fallbacks: the
 * variant has the classic tracepoint and kprobe syscall programs
 * (SNOOP_V_ATTACH_FALLBACK); without them raw tracepoints are all there is
 * to try, and when they fail the caller compiles the variant with them. */
int attach_order(enum attach_method forced, int fallbacks, enum attach_method out[3]);
/* Kernel function of a syscall on this architecture: "__x64_sys_openat". */
int kprobe_function(const char *syscall, char *buf, size_t len);
/* The syscalls to probe with kprobes: those set in bits, or all (bits NULL). */
int kprobe_wanted(const uint64_t *bits, long nr);

#endif
