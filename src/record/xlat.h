/* xlat.h - names of constants: tables generated from the system headers by
 * src/tools/gen-xlat.sh (one src/tools/xlat/NAME.in per table), and the
 * ways a value is printed with them. */
#ifndef SNOOP_XLAT_H
#define SNOOP_XLAT_H

#include <stddef.h>
#include <stdint.h>

struct xlat {
	uint64_t val;
	const char *name;
};

extern const struct xlat xlat_open_flags[], xlat_open_modes[], xlat_access_modes[],
	xlat_at_flags[], xlat_faccessat_flags[], xlat_mmap_prot[], xlat_mmap_types[], xlat_mmap_flags[],
	xlat_signals[], xlat_clone_flags[], xlat_socket_families[], xlat_socket_types[],
	xlat_socket_type_flags[], xlat_fcntl_cmds[], xlat_seek_whence[], xlat_clocks[],
	xlat_sigprocmask_how[], xlat_ioctl_cmds[], xlat_futex_ops[], xlat_futex_flags[],
	xlat_si_codes[], xlat_cld_codes[], xlat_wait_options[], xlat_shutdown_how[],
	xlat_madvise_advice[], xlat_getrandom_flags[], xlat_arch_prctl_codes[],
	xlat_statx_masks[], xlat_statx_attrs[], xlat_statx_flags[], xlat_sigaction_flags[],
	xlat_rlimit_resources[], xlat_file_types[], xlat_fadvise_advice[], xlat_timer_flags[], xlat_msg_flags[],
	xlat_epoll_flags[], xlat_ip_protocols[], xlat_itimer_which[], xlat_sigaltstack_flags[],
	xlat_statfs_types[], xlat_statfs_flags[], xlat_poll_events[], xlat_epoll_events[],
	xlat_epoll_ctl_ops[], xlat_eventfd_flags[], xlat_memfd_flags[], xlat_timerfd_flags[], xlat_timerfd_settime_flags[], xlat_inotify_flags[],
	xlat_rusage_who[], xlat_capabilities[], xlat_cap_versions[], xlat_socket_levels[], xlat_sockopts_socket[],
	xlat_sockopts_tcp[], xlat_sockopts_ip[], xlat_sockopts_ipv6[], xlat_sockopts_netlink[], xlat_netlink_protocols[],
	xlat_prctl_options[], xlat_pr_dumpable[], xlat_pr_cap_ambient[], xlat_pr_mce_kill[], xlat_pr_mce_kill_policy[],
	xlat_pr_set_mm[], xlat_pr_set_vma[], xlat_seccomp_modes[], xlat_secbits[], xlat_pr_tsc[], xlat_pr_unalign_flags[],
	xlat_pr_fp_mode[], xlat_pr_spec_cmds[], xlat_pr_spec_set_flags[], xlat_pr_sud_cmds[], xlat_seccomp_ops[],
	xlat_seccomp_filter_flags[], xlat_seccomp_ret_actions[], xlat_scm_types[], xlat_mpol_modes[],
	xlat_mpol_mode_flags[], xlat_get_mempolicy_flags[], xlat_mbind_flags[], xlat_pkey_access[],
	xlat_term_iflags[], xlat_term_oflags[], xlat_term_cflags[], xlat_term_csize[], xlat_baud_rates[],
	xlat_term_lflags[], xlat_modem_flags[], xlat_tcxonc_options[], xlat_tcflsh_options[],
	xlat_close_range_flags[], xlat_splice_flags[], xlat_flock_ops[], xlat_mremap_flags[], xlat_rename_flags[],
	xlat_inotify_events[], xlat_falloc_flags[], xlat_signalfd_flags[], xlat_schedulers[], xlat_priority_which[],
	xlat_lock_types[], xlat_owner_types[], xlat_msync_flags[], xlat_mlockall_flags[], xlat_mlock_flags[],
	xlat_xattr_flags[], xlat_sync_file_range_flags[], xlat_rwf_flags[], xlat_ipc_get_flags[], xlat_shmat_flags[],
	xlat_ipc_msg_flags[], xlat_shmctl_cmds[], xlat_semctl_cmds[], xlat_msgctl_cmds[], xlat_perf_event_open_flags[],
	xlat_fan_classes[], xlat_fan_init_flags[], xlat_fan_mark_flags[], xlat_fan_events[], xlat_io_uring_enter_flags[],
	xlat_io_uring_register_ops[], xlat_membarrier_cmds[], xlat_keyctl_cmds[], xlat_key_specs[], xlat_bpf_cmds[],
	xlat_kcmp_types[], xlat_ioprio_who[], xlat_landlock_rule_types[], xlat_landlock_create_flags[],
	xlat_fsconfig_cmds[], xlat_open_tree_flags[], xlat_fspick_flags[], xlat_fsopen_flags[], xlat_fsmount_flags[],
	xlat_move_mount_flags[], xlat_uffd_flags[], xlat_sigev_notify[], xlat_segv_codes[], xlat_bus_codes[],
	xlat_ill_codes[], xlat_fpe_codes[], xlat_trap_codes[], xlat_sys_codes[], xlat_ptrace_requests[], xlat_reboot_cmds[], xlat_ptrace_options[], xlat_ptrace_events[], xlat_mount_flags[],
	xlat_umount_flags[], xlat_pidfd_open_flags[];

/* The name of v in x, or NULL. */
const char *xlat_name(const struct xlat *x, uint64_t v);
/* v as NAME|NAME|0xrest (flags of x that are set, then leftover bits in
 * hex); "0" for no bits. Returns bytes written. */
size_t xlat_flags(char *dst, const struct xlat *x, uint64_t v);
/* NAME, or v in decimal when x has no name for it. */
size_t xlat_value(char *dst, const struct xlat *x, int64_t v);
/* A value in the bits of mask (open's access mode, the mmap type, the socket
 * type, the futex op), then the flag bits above them: "O_WRONLY|O_CREAT". */
size_t xlat_value_flags(char *dst, const struct xlat *values, uint64_t mask,
			const struct xlat *flags, uint64_t v);

/* The same, as decoded values (record/value.h): what has a name, and a
 * flag set, is text (JSON: a string); a value without a name, and no
 * flags at all, is a number. */
struct vout;
void value_flags(struct vout *o, const struct xlat *x, uint64_t v);
void value_xlat(struct vout *o, const struct xlat *x, int64_t v);
void value_xlat_flags(struct vout *o, const struct xlat *values, uint64_t mask,
		      const struct xlat *flags, uint64_t v);

#endif
