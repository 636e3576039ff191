/* ktypes.h - where the fields of kernel structs that the lifecycle
 * programs read are, in the running kernel, from its BTF
 * (/sys/kernel/btf/vmlinux, CONFIG_DEBUG_INFO_BTF, 5.2+).
 *
 * The raw tracepoints sched_process_fork, sched_process_exec and
 * signal_generate pass struct pointers (TP_PROTO), not the classic
 * tracepoints' flat records: the child's and the signal target's PID are
 * task_struct's pid, exec's path is linux_binprm's filename. libbcc
 * compiles against whatever header tree /lib/modules/RELEASE/build is,
 * and setup.sh links a distribution's generic headers there when the
 * archive has none for the running kernel: their task_struct need not be
 * the kernel's (here 6.1's headers put pid at 2416, the 6.18 kernel at
 * 1264). The kernel's BTF describes the kernel itself, so the offsets
 * come from it, and go to the program in its config map. */
#ifndef SNOOP_KTYPES_H
#define SNOOP_KTYPES_H

#include <stddef.h>

#define KTYPES_BTF "/sys/kernel/btf/vmlinux"

/* One field wanted: its byte offset in its struct, 0 until found (none
 * of those snoop reads is a struct's first). */
struct kfield {
	const char *type;     /* "task_struct" */
	const char *member;   /* "pid" */
	unsigned offset;
};

/* Finds each field of want[n] in the BTF at path (only direct members of a
 * struct: a field inside an anonymous struct or union, as randstruct
 * builds have, is not found). 0 when every one was found, else -1 with
 * why (the file is missing or damaged, or which field is not there). */
int ktypes_find(const char *path, struct kfield *want, int n, char *why, size_t whylen);

/* A type wanted by its kind (BTF_KIND_*) and name: its id, 0 until found. */
struct ktype {
	unsigned kind;
	const char *name;   /* "btf_trace_sys_enter" */
	unsigned id;
};

/* Finds each of want[n]: 0 when every one was found, else -1 with why.
 * The ids are what BPF_PROG_LOAD's attach_btf_id takes (a BTF-typed raw
 * tracepoint program is loaded for one tracepoint's typedef). */
int ktypes_ids(const char *path, struct ktype *want, int n, char *why, size_t whylen);

/* The running kernel's ids of the sys_enter and sys_exit tracepoints'
 * typedefs (btf_trace_sys_enter, _exit; Linux 5.5+ with BTF): 0, or -1
 * with why. */
int ktypes_syscall_tracepoints(unsigned *sys_enter, unsigned *sys_exit, char *why, size_t whylen);

/* The offsets the raw lifecycle programs read, task_struct.pid and .tgid
 * and linux_binprm.filename, from the running kernel's BTF: 0, or -1 with
 * why (all then 0: the lifecycle takes the classic tracepoints, and the
 * variant has their programs, SNOOP_V_CLASSIC_LIFECYCLE). */
int ktypes_lifecycle_offsets(unsigned *task_pid_off, unsigned *task_tgid_off, unsigned *bprm_filename_off, char *why,
			     size_t whylen);

#endif
