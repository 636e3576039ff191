/* decode_bycall.c - arguments whose names depend on the call: a flags
 * argument ('?': eventfd2's EFD_*, msync's MS_*, setxattr's XATTR_*, ...)
 * and a command or constant (K_CALL_ENUM: shmctl's IPC_RMID, ptrace's
 * request, bpf's command, ...), each looked up by the call in one table
 * here, so that a call's constants are added in one place; keyctl's and
 * ptrace's signatures by their operation; and the System V IPC keys and
 * flags, the keyring ids, fanotify_init's flags. */
#include <linux/keyctl.h>
#include <linux/ptrace.h>
#include <asm/ptrace-abi.h>
#include <sys/syscall.h>
#include "record/decoders.h"
#include "record/ia32.h"
#include "record/syscalls_unified.h"
#include "record/value.h"
#include "record/xlat.h"

struct by_call {
	long nr;
	const struct xlat *names;
};

static const struct xlat *names_of(const struct by_call *calls, size_t n, const struct arg *x)
{
	long nr = record_native_nr(x->r);
	size_t i;

	for (i = 0; i < n; i++)
		if (calls[i].nr == nr)
			return calls[i].names;
	return NULL;
}

/* Each call has one such argument, whichever it is. */
void dec_call_flags(struct vout *o, const struct arg *x)
{
	static const struct by_call calls[] = {
		{ __NR_eventfd2, xlat_eventfd_flags }, { __NR_memfd_create, xlat_memfd_flags },
		{ __NR_timerfd_create, xlat_timerfd_flags }, { __NR_timerfd_settime, xlat_timerfd_settime_flags }, { __NR_inotify_init1, xlat_inotify_flags },
		{ __NR_close_range, xlat_close_range_flags }, { __NR_splice, xlat_splice_flags },
		{ __NR_tee, xlat_splice_flags }, { __NR_vmsplice, xlat_splice_flags }, { __NR_flock, xlat_flock_ops },
		{ __NR_mremap, xlat_mremap_flags }, { __NR_renameat2, xlat_rename_flags },
		{ __NR_inotify_add_watch, xlat_inotify_events }, { __NR_fallocate, xlat_falloc_flags },
		{ __NR_signalfd4, xlat_signalfd_flags }, { __NR_msync, xlat_msync_flags },
		{ __NR_mlockall, xlat_mlockall_flags }, { __NR_mlock2, xlat_mlock_flags },
		{ __NR_setxattr, xlat_xattr_flags }, { __NR_lsetxattr, xlat_xattr_flags },
		{ __NR_fsetxattr, xlat_xattr_flags }, { __NR_sync_file_range, xlat_sync_file_range_flags },
		{ __NR_preadv2, xlat_rwf_flags }, { __NR_pwritev2, xlat_rwf_flags },
		{ __NR_shmat, xlat_shmat_flags }, { __NR_msgsnd, xlat_ipc_msg_flags }, { __NR_msgrcv, xlat_ipc_msg_flags },
		{ __NR_perf_event_open, xlat_perf_event_open_flags }, { __NR_fanotify_mark, xlat_fan_mark_flags },
		{ __NR_io_uring_enter, xlat_io_uring_enter_flags }, { __NR_open_tree, xlat_open_tree_flags },
		{ __NR_open_tree_attr, xlat_open_tree_flags },
		{ __NR_fspick, xlat_fspick_flags }, { __NR_fsopen, xlat_fsopen_flags },
		{ __NR_fsmount, xlat_fsmount_flags }, { __NR_move_mount, xlat_move_mount_flags },
		{ __NR_landlock_create_ruleset, xlat_landlock_create_flags }, { __NR_userfaultfd, xlat_uffd_flags },
		{ __NR_ptrace, xlat_ptrace_options },   /* PTRACE_SETOPTIONS' and PTRACE_SEIZE's data */
		{ __NR_mount, xlat_mount_flags }, { __NR_umount2, xlat_umount_flags },
		{ __NR_pidfd_open, xlat_pidfd_open_flags },
	};
	const struct xlat *flags = names_of(calls, sizeof(calls) / sizeof(calls[0]), x);

	if (flags)
		value_flags(o, flags, (uint32_t)x->v);
	else
		dec_hex(o, x);
}

/* A call's command or constant: its name, or the number (an int) */
void dec_call_enum(struct vout *o, const struct arg *x)
{
	static const struct by_call calls[] = {
		{ __NR_shmctl, xlat_shmctl_cmds }, { __NR_semctl, xlat_semctl_cmds }, { __NR_msgctl, xlat_msgctl_cmds },
		{ __NR_ptrace, xlat_ptrace_requests }, { __NR_keyctl, xlat_keyctl_cmds }, { __NR_bpf, xlat_bpf_cmds },
		{ __NR_membarrier, xlat_membarrier_cmds }, { __NR_kcmp, xlat_kcmp_types },
		{ __NR_ioprio_get, xlat_ioprio_who }, { __NR_ioprio_set, xlat_ioprio_who },
		{ __NR_landlock_add_rule, xlat_landlock_rule_types }, { __NR_io_uring_register, xlat_io_uring_register_ops },
		{ __NR_fsconfig, xlat_fsconfig_cmds }, { __NR_reboot, xlat_reboot_cmds },
	};
	const struct xlat *names = names_of(calls, sizeof(calls) / sizeof(calls[0]), x);

	if (names)
		value_xlat(o, names, names == xlat_reboot_cmds ? (int64_t)(uint32_t)x->v : x->i32);
	else
		dec_int(o, x);
}

/* shmget's, semget's and msgget's key: IPC_PRIVATE, or the key in hex */
void dec_ipc_key(struct vout *o, const struct arg *x)
{
	if ((int32_t)x->v == 0)
		value_sym(o, "IPC_PRIVATE");
	else
		value_hex(o, (uint32_t)x->v);
}

/* ... and their flags: IPC_CREAT|IPC_EXCL|0600. SHM_HUGETLB has
 * IPC_NOWAIT's value, which only shmget's flags hold. */
void dec_ipc_get_flags(struct vout *o, const struct arg *x)
{
	value_flags_mode(o, xlat_ipc_get_flags, (uint32_t)x->v);
}

/* A key or keyring id: KEY_SPEC_PROCESS_KEYRING and its kin by name */
void dec_key_serial(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_key_specs, x->i32);
}

/* fanotify_init's class (a value in bits 2-3: FAN_CLASS_NOTIF is 0),
 * then its flags */
void dec_fan_init_flags(struct vout *o, const struct arg *x)
{
	value_xlat_flags(o, xlat_fan_classes, 0xc, xlat_fan_init_flags, (uint32_t)x->v);
}

/* fanotify_mark's event mask (64 bits) */
void dec_fan_events(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_fan_events, x->v);
}

/* keyctl's signature by its operation: the arguments it takes, as strace
 * shows them (KEYCTL_LINK's two key ids, KEYCTL_SET_TIMEOUT's seconds);
 * strings and buffers are their addresses (BPF reads by the call, not
 * the operation). NULL: an operation newer than this table. */
const char *keyctl_signature(uint64_t op)
{
#define K S_CALL_ENUM
#define KEY S_KEY_SERIAL
	static const char *const ops[] = {
		[KEYCTL_GET_KEYRING_ID] = K KEY "d", [KEYCTL_JOIN_SESSION_KEYRING] = K "p",
		[KEYCTL_UPDATE] = K KEY "pu", [KEYCTL_REVOKE] = K KEY, [KEYCTL_CHOWN] = K KEY S_UID S_UID,
		[KEYCTL_SETPERM] = K KEY "x", [KEYCTL_DESCRIBE] = K KEY "pu", [KEYCTL_CLEAR] = K KEY,
		[KEYCTL_LINK] = K KEY KEY, [KEYCTL_UNLINK] = K KEY KEY, [KEYCTL_SEARCH] = K KEY "pp" KEY,
		[KEYCTL_READ] = K KEY "pu", [KEYCTL_INSTANTIATE] = K KEY "pu" KEY, [KEYCTL_NEGATE] = K KEY "u" KEY,
		[KEYCTL_SET_REQKEY_KEYRING] = K "d", [KEYCTL_SET_TIMEOUT] = K KEY "u",
		[KEYCTL_ASSUME_AUTHORITY] = K KEY, [KEYCTL_GET_SECURITY] = K KEY "pu",
		[KEYCTL_SESSION_TO_PARENT] = K, [KEYCTL_REJECT] = K KEY "uu" KEY,
		[KEYCTL_INSTANTIATE_IOV] = K KEY "pu" KEY, [KEYCTL_INVALIDATE] = K KEY,
		[KEYCTL_GET_PERSISTENT] = K S_UID KEY, [KEYCTL_DH_COMPUTE] = K "pppu",
		[KEYCTL_RESTRICT_KEYRING] = K KEY "pp", [KEYCTL_MOVE] = K KEY KEY KEY "x",
		[KEYCTL_CAPABILITIES] = K "pu",
	};
#undef K
#undef KEY

	return op < sizeof(ops) / sizeof(ops[0]) ? ops[op] : NULL;
}

/* ptrace's signature by its request, as strace 6.1 shows it: the pid
 * only where the request takes one, the registers' requests without
 * their (ignored) addr, a signal where the tracee is resumed with one,
 * PTRACE_O_* where options are set. */
const char *ptrace_signature(uint64_t request)
{
#define K S_CALL_ENUM
	switch (request) {
	case PTRACE_TRACEME:
		return K;
	case PTRACE_ATTACH: case PTRACE_INTERRUPT: case PTRACE_KILL: case PTRACE_LISTEN:
		return K "d";
	case PTRACE_GETREGS: case PTRACE_SETREGS: case PTRACE_GETFPREGS: case PTRACE_SETFPREGS:
	case PTRACE_GETFPXREGS: case PTRACE_SETFPXREGS:
		return K "d" S_SKIP "p";
	case PTRACE_CONT: case PTRACE_DETACH: case PTRACE_SYSCALL: case PTRACE_SINGLESTEP:
	case PTRACE_SINGLEBLOCK: case PTRACE_SYSEMU: case PTRACE_SYSEMU_SINGLESTEP:
		return K "dps";
	case PTRACE_SEIZE: case PTRACE_SETOPTIONS:
		return K "dp?";
	case PTRACE_GETSIGMASK: case PTRACE_SETSIGMASK: case PTRACE_SECCOMP_GET_FILTER:
	case PTRACE_SECCOMP_GET_METADATA: case PTRACE_GET_SYSCALL_INFO:
		return K "dup";
	default:
		return K "dpp";
	}
#undef K
}
