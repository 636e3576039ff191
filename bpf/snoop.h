/* snoop.h - the one definition of what crosses between kernel and user space.
 *
 * Included by bpf/snoop.bpf.c (compiled by libbcc at run time) and by the
 * user-space C files. Only fixed-width __uXX types, so both compilers agree on
 * the layout; user space checks the record size it receives against
 * sizeof(struct snoop_record).
 */
#ifndef SNOOP_H
#define SNOOP_H

#define SNOOP_COMM_LEN 16        /* TASK_COMM_LEN: the kernel truncates names to 15 chars */
#define SNOOP_MAX_SYSCALLS 1024  /* size of the -e bitmap; x86_64 numbers are < 512 */
#define SNOOP_MAX_TASKS 65536    /* traced TGIDs, and syscalls in flight (one per thread) */
#define SNOOP_MAX_NAMES 64       /* distinct -n names */

/* Record flags */
#define SNOOP_REC_NORETURN 0x1   /* exit/exit_group: emitted at entry, ret/duration unknown */

/* Why a TGID is in the traced map (traced_tgids value) */
#define SNOOP_TRACE_PID   0x1    /* -p, or the -- command */
#define SNOOP_TRACE_CHILD 0x2    /* a child of a traced process (-f) */
#define SNOOP_TRACE_NAME  0x4    /* its name matched -n */
#define SNOOP_TRACE_EXEC  0x8    /* the -- command: start recording at its execve */

/* One completed syscall. 88 bytes. */
struct snoop_record {
	__u64 ts_ns;        /* entry time, CLOCK_MONOTONIC (bpf_ktime_get_ns) */
	__u64 duration_ns;  /* exit time - entry time */
	__u32 pid;          /* TGID */
	__u32 tid;
	__s32 nr;           /* syscall number of the build architecture */
	__u32 flags;        /* SNOOP_REC_* */
	__s64 ret;
	__u64 args[6];
};

/* Run-time choices: one entry of the config array, written by user space
 * before attach. Kept out of the program text so the compiled program is the
 * same for every run. */
struct snoop_config {
	__u32 follow_forks;   /* -f */
	__u32 filter_syscalls;/* -e given: consult the syscall bitmap */
	__u32 match_names;    /* -n given: consult the names map */
	__u32 self_tgid;      /* snoop itself: never traced */
};

struct snoop_comm {
	char name[SNOOP_COMM_LEN];
};

#endif
