/* attach.h - attaching the programs, as a table says: the syscall
 * programs by the first method that works (trace/method.h says which to
 * try), and the process lifecycle tracepoints. Each row names a program
 * of the description (progdesc.h), whose hook and tracepoint come from
 * the BPF source itself. */
#ifndef SNOOP_ATTACH_H
#define SNOOP_ATTACH_H

#include <stddef.h>
#include <stdint.h>
#include "progdesc.h"
#include "trace/handle.h"
#include "trace/method.h"

/* When a row is attached. */
enum attach_stage {
	ATTACH_SYSCALLS,    /* with method, when that method is tried */
	ATTACH_ALWAYS,      /* the lifecycle: every run */
	ATTACH_FORK,        /* when children are followed or a command is run */
	ATTACH_SIGNALS,     /* signal records: where these attach, tracing goes on without */
	ATTACH_CGROUPS,     /* --cgroup, records' cgroups: processes moving between cgroups */
};

struct attach_row {
	enum snoop_prog prog;
	enum attach_stage stage;
	enum attach_method method;   /* the method whose program this is: the syscalls' or the
				      * lifecycle's (ATTACH_AUTO: the lifecycle's, whichever) */
	unsigned unless;             /* variant bits in which the row is left out */
};

extern const struct attach_row attach_table[];
extern const int attach_rows;

/* sys_exit's tails: put in its program array at index before sys_exit
 * runs. Raw tracepoint programs (a tail has its caller's type), so for
 * that method only: the others read what the tails read inline. */
struct attach_tail {
	enum snoop_prog prog;
	uint32_t index;      /* SNOOP_TAIL_* */
	const char *caller;  /* its caller's tracepoint (a BTF-typed tail is loaded for it) */
};
extern const struct attach_tail attach_tails[];
extern const int attach_tail_rows;

/* Starts loading the syscall programs of the method tried first (raw or
 * classic tracepoints) on another CPU: the verifier's longest work, done
 * while the rest of the start goes on (BPF.h sbpf_load_ahead). */
void attach_load_ahead(const struct tracer *t, enum attach_method forced);
/* Attach the syscall programs; *chosen gets the method that worked. On
 * failure err names every method tried and why it failed. */
int attach_syscalls(const struct tracer *t, enum attach_method forced, const uint64_t *bits,
		    enum attach_method *chosen, int verbose, char *err, size_t errlen);
/* Whether the lifecycle takes the classic tracepoints, with these struct
 * offsets for the raw programs (0: not known); the variant then has
 * their programs (SNOOP_V_CLASSIC_LIFECYCLE, trace/variant.h). */
int attach_lifecycle_classic(unsigned task_pid_off, unsigned bprm_filename_off);
/* The lifecycle's method: ATTACH_RAW_TP when t knows the kernel's struct
 * offsets its raw programs read, else ATTACH_TP. */
enum attach_method attach_lifecycle_method(const struct tracer *t);
/* Does its fork program tell a new process from a thread (the raw one,
 * with the task's tgid), and so make a fork record (with opts_fork_records)
 * for every child to be traced? */
int attach_forks_recorded(const struct tracer *t);
/* The lifecycle rows of that method; fork: the ATTACH_FORK ones too;
 * cgroups: the ATTACH_CGROUPS ones too. */
int attach_lifecycle(const struct tracer *t, int fork, int cgroups, int verbose, char *err, size_t errlen);

#endif
