/* decode.c - see decode.h. The signature table and the loop over a
 * record's arguments; each kind's decoder lives in its family's file
 * (decoders.h). No stdio, no malloc: the reader's record path runs through
 * here. */
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include "record/decode.h"
#include "record/decoders.h"
#include "record/ia32.h"
#include "record/syscalls_unified.h"
#include "record/text.h"
#include "record/value.h"

/*
 * Argument kinds, one character each:
 *   d int       l long (64-bit: offsets, lengths)  u unsigned  x hex
 *   p pointer (NULL for 0)
 *   f fd        D dirfd (AT_FDCWD)        S string (captured)
 *   / string the call filled (getcwd: captured if it succeeded)
 *   b buffer filled by the call (captured at exit, length = return value)
 *   B buffer given to the call (captured, length = next argument)
 *   z sockaddr (captured, length = next argument)    v argv (captured)
 *   o open flags (access mode, then flags)  O open flags alone (pipe2, dup3)
 *   m mode (octal)  r mmap prot  M mmap flags  a access mode
 *   A AT_* flags  w lseek whence  s signal     c clone flags  F fcntl command
 *   k address family  t socket type  T socket flags alone (accept4)
 *   C clock id  h sigprocmask how
 *   i ioctl command   X futex op    P fd pair the call filled (pipe)
 *   W wait options    H shutdown how  V madvise advice  R getrandom flags
 *   Z arch_prctl code @ fadvise advice % clock_nanosleep flags ~ MSG_* flags
 *   # fcntl's argument (by its command; none for F_GETFD ...)  * socket protocol
 *   = epoll_create1 flags  + faccessat2 flags (AT_EACCESS, which has AT_REMOVEDIR's value)
 *   : interval timer (ITIMER_*)
 * Structures (read by BPF: given to the call, or filled by it on success):
 *   e struct stat (out)     E struct statx (out)   ^ statx flags  & statx mask
 *   g timespec (in)         G timespec (out)       j sigset (in)  J sigset (out)
 *   n sigaction (in)        N sigaction (out)      q rlimit (in)  Q rlimit (out)
 *   $ rlimit resource       U utsname (out)        I int (in)     y int (out): [16]
 *   ! wait status (out)     L sockaddr the call filled (out, length behind the next argument)
 *   K iovec array (in, count in the next argument)   Y iovec array (out, filled up to ret)
 *   < itimerval (in)        > itimerval (out)      [ stack_t (in)  ] stack_t (out)
 *   _ struct sysinfo (out)  { clone3's struct clone_args (in; its size in the next argument)
 *   0 struct statfs (out)
 *   futex's, by its command (arg 1, X): 1 val  2 timeout (a timespec, in) or val2
 *   3 val3 (a bitset, a wake op)
 *   4 unshare's flags (clone's, no exit signal in the low byte)
 *   5 pollfd array (count in the next argument; read at the exit: events, and
 *     revents when fds were ready)
 *   6 timespec given and written back (ppoll's timeout, then the time left)
 *   7 epoll_event array the call filled (count = return)   8 epoll_event (in)
 *   9 epoll_ctl op
 *   ? a call's flags, by the call (EFD_*, MFD_*, MS_*, XATTR_*: decode_bycall.c)
 *   - getrusage's who   } struct rusage (out)   | CPU set (sched_getaffinity: the bytes returned)
 *   ` socket option level   ' socket option, by the level
 *   " setsockopt's value (in, its length in the next argument)
 *   \\ getsockopt's value (out, its length behind the next argument)
 *   ( capget's/capset's header (in)   . their data the call filled (out)   , their data given (in)
 *   ; an int given and written back (a socket address's length: [128 => 16])
 *   ) rt_sigreturn's signal mask ({mask=[INT]}: its address is the BPF side's,
 *     the signal frame's, as a first argument; shown only when read)
 * The printable characters are all taken: later kinds are control bytes,
 * named in decoders.h (K_*, S_*).
 */

static const decode_fn kinds[256] = {
	['d'] = dec_int, ['f'] = dec_fd, ['l'] = dec_long, ['O'] = dec_open_flags_only,
	['T'] = dec_socket_flags, ['u'] = dec_unsigned, ['x'] = dec_hex,
	['p'] = dec_pointer, ['D'] = dec_dirfd, ['S'] = dec_memory, ['/'] = dec_memory, ['b'] = dec_memory,
	['B'] = dec_memory, ['z'] = dec_sockaddr, ['v'] = dec_argv, ['o'] = dec_open_flags,
	['m'] = dec_mode, ['r'] = dec_prot, ['M'] = dec_mmap_flags, ['a'] = dec_access,
	['A'] = dec_at_flags, ['w'] = dec_whence, ['s'] = dec_signal, ['c'] = dec_clone_flags,
	['F'] = dec_fcntl, ['k'] = dec_family, ['t'] = dec_socket_type, ['C'] = dec_clock,
	['h'] = dec_sigmask_how, ['i'] = dec_ioctl, ['X'] = dec_futex_op, ['P'] = dec_fd_pair,
	['W'] = dec_wait_options, ['H'] = dec_shutdown_how, ['V'] = dec_madvise, ['R'] = dec_getrandom_flags,
	['Z'] = dec_arch_prctl, ['@'] = dec_fadvise, ['e'] = dec_stat, ['E'] = dec_statx,
	['^'] = dec_statx_flags, ['&'] = dec_statx_mask, ['g'] = dec_timespec, ['G'] = dec_timespec,
	['j'] = dec_sigset, ['J'] = dec_sigset, ['n'] = dec_sigaction, ['N'] = dec_sigaction,
	['q'] = dec_rlimit, ['Q'] = dec_rlimit, ['$'] = dec_rlimit_resource, ['U'] = dec_utsname,
	['I'] = dec_int_ptr, ['y'] = dec_int_ptr, ['!'] = dec_wait_status, ['L'] = dec_sockaddr,
	['K'] = dec_iovec_in, ['Y'] = dec_iovec_out, ['%'] = dec_timer_flags, ['~'] = dec_msg_flags, ['#'] = dec_fcntl_arg, ['*'] = dec_ip_protocol,
	['='] = dec_epoll_flags, ['+'] = dec_faccessat_flags, [':'] = dec_itimer_which, ['<'] = dec_itimerval,
	['>'] = dec_itimerval, ['['] = dec_stack, [']'] = dec_stack, ['_'] = dec_sysinfo, ['{'] = dec_clone_args,
	['0'] = dec_statfs, ['1'] = dec_futex_val, ['2'] = dec_futex_timeout, ['3'] = dec_futex_val3, ['4'] = dec_unshare_flags,
	['5'] = dec_pollfds, ['6'] = dec_timespec_left, ['7'] = dec_epoll_events, ['8'] = dec_epoll_event,
	['9'] = dec_epoll_ctl_op, [')'] = dec_sigreturn_mask,
	[';'] = dec_int_inout, ['?'] = dec_call_flags, ['('] = dec_cap_header, ['.'] = dec_cap_data,
	[','] = dec_cap_data, ['`'] = dec_sockopt_level, ['\''] = dec_sockopt_name, ['"'] = dec_sockopt_value,
	['\\'] = dec_sockopt_value, ['-'] = dec_rusage_who, ['}'] = dec_rusage, ['|'] = dec_cpu_set,
	[K_PRCTL_OPTION] = dec_prctl_option, [K_PRCTL_STR] = dec_prctl_arg, [K_PRCTL_FPROG] = dec_prctl_arg,
	[K_PRCTL_ARG] = dec_prctl_arg, [K_SECCOMP_OP] = dec_seccomp_op, [K_SECCOMP_FLAGS] = dec_seccomp_flags,
	[K_SECCOMP_ARGS] = dec_seccomp_args, [K_MSGHDR_SENT] = dec_msghdr_sent, [K_MSGHDR_RECEIVED] = dec_msghdr_received,
	[K_MPOL_MODE] = dec_mpol_mode, [K_MPOL_MODE_OUT] = dec_mpol_mode_out, [K_NODEMASK_IN] = dec_nodemask,
	[K_NODEMASK_OUT] = dec_nodemask, [K_MPOL_GET_FLAGS] = dec_mpol_get_flags, [K_MBIND_FLAGS] = dec_mbind_flags,
	[K_PKEY_ACCESS] = dec_pkey_access, [K_GIDS_OUT] = dec_gids, [K_GIDS_IN] = dec_gids, [K_IOCTL_ARG] = dec_ioctl_arg,
	[K_MMSGHDR_SENT] = dec_mmsghdr_sent, [K_UINT] = dec_uint, [K_NODE_MODE] = dec_node_mode,
	[K_PRIO_WHICH] = dec_prio_which, [K_SCHED_POLICY] = dec_sched_policy, [K_FCNTL_ARG] = dec_fcntl_arg,
	[K_UTIMES] = dec_utimes, [K_UID] = dec_uid, [K_ITIMERSPEC_IN] = dec_itimerspec,
	[K_ITIMERSPEC_OUT] = dec_itimerspec, [K_SIGEVENT] = dec_sigevent, [K_CALL_ENUM] = dec_call_enum,
	[(unsigned char)K_IPC_KEY] = dec_ipc_key, [(unsigned char)K_IPC_GET_FLAGS] = dec_ipc_get_flags,
	[(unsigned char)K_KEY_SERIAL] = dec_key_serial, [(unsigned char)K_FAN_INIT] = dec_fan_init_flags,
	[(unsigned char)K_FAN_EVENTS] = dec_fan_events, [(unsigned char)K_PTR_OUT] = dec_ptr_out,
	[(unsigned char)K_ULONG_OUT] = dec_ulong_out,
	[(unsigned char)K_DEV] = dec_dev, [(unsigned char)K_LOHI] = dec_lohi,
};

#define LEN_BEFORE 2   /* reads[]'s len_next: the length is the argument before (setgroups') */

/* What the BPF side reads for the kinds that show memory: the item's kind,
 * whether its length (or count) is in the next argument, a struct's size. */
static const struct {
	uint8_t mem, len_next, size;   /* len_next: 1, or LEN_BEFORE: the argument before */
} reads[256] = {
	['S'] = { SNOOP_MEM_STR, 0, 0 }, ['/'] = { SNOOP_MEM_STR_OUT, 0, 0 }, ['b'] = { SNOOP_MEM_BUF_RET, 0, 0 },
	['B'] = { SNOOP_MEM_BUF_ARG, 1, 0 }, ['z'] = { SNOOP_MEM_SOCKADDR, 1, 0 },
	['v'] = { SNOOP_MEM_ARGV, 0, 0 }, ['P'] = { SNOOP_MEM_OUT, 0, 8 },
	['e'] = { SNOOP_MEM_OUT, 0, STAT_READ_BYTES }, ['E'] = { SNOOP_MEM_OUT, 0, STATX_READ_BYTES },
	['g'] = { SNOOP_MEM_IN, 0, 16 }, ['G'] = { SNOOP_MEM_OUT, 0, 16 },
	['j'] = { SNOOP_MEM_IN, 0, 8 }, ['J'] = { SNOOP_MEM_OUT, 0, 8 },
	['n'] = { SNOOP_MEM_IN, 0, 32 }, ['N'] = { SNOOP_MEM_OUT, 0, 32 },
	['q'] = { SNOOP_MEM_IN, 0, 16 }, ['Q'] = { SNOOP_MEM_OUT, 0, 16 },
	['U'] = { SNOOP_MEM_OUT, 0, 2 * 65 + 2 }, ['I'] = { SNOOP_MEM_IN, 0, 4 },
	['y'] = { SNOOP_MEM_OUT, 0, 4 }, ['!'] = { SNOOP_MEM_OUT, 0, 4 },
	['L'] = { SNOOP_MEM_SOCKADDR_OUT, 1, 0 }, ['K'] = { SNOOP_MEM_IOV_IN, 1, 0 },
	['Y'] = { SNOOP_MEM_IOV_OUT, 1, 0 }, ['<'] = { SNOOP_MEM_IN, 0, 32 }, ['>'] = { SNOOP_MEM_OUT, 0, 32 },
	['['] = { SNOOP_MEM_IN, 0, 24 }, [']'] = { SNOOP_MEM_OUT, 0, 24 }, ['_'] = { SNOOP_MEM_OUT, 0, SYSINFO_READ_BYTES },
	['{'] = { SNOOP_MEM_IN, 0, CLONE_ARGS_READ_BYTES }, ['0'] = { SNOOP_MEM_OUT, 0, STATFS_READ_BYTES },
	['2'] = { SNOOP_MEM_IN, 0, 16 },   /* futex's timeout: an integer for some commands, whose read then fails */
	['5'] = { SNOOP_MEM_ARRAY, 1, sizeof(struct pollfd) }, ['6'] = { SNOOP_MEM_INOUT, 0, 16 },
	['7'] = { SNOOP_MEM_ARRAY_RET, 0, sizeof(struct epoll_event) },
	['8'] = { SNOOP_MEM_IN, 0, sizeof(struct epoll_event) }, [')'] = { SNOOP_MEM_IN, 0, 8 },
	[';'] = { SNOOP_MEM_INOUT, 0, 4 }, ['('] = { SNOOP_MEM_IN, 0, 8 }, ['.'] = { SNOOP_MEM_OUT, 0, 24 },
	[','] = { SNOOP_MEM_IN, 0, 24 }, ['"'] = { SNOOP_MEM_BUF_ARG, 1, 0 },
	['\\'] = { SNOOP_MEM_SOCKADDR_OUT, 1, 0 },   /* a buffer the call filled, its length behind the next argument */
	['}'] = { SNOOP_MEM_OUT, 0, RUSAGE_READ_BYTES }, ['|'] = { SNOOP_MEM_BUF_RET, 0, 0 },
	/* prctl's second argument is a string for some options, its third a
	 * filter program for one: read for every option (a read of a number
	 * faults: the number is shown); the string as one the call filled
	 * (read if it succeeded: PR_GET_NAME's), which -P, matching string
	 * arguments (SNOOP_MEM_STR), takes for no path */
	[K_PRCTL_STR] = { SNOOP_MEM_STR_OUT, 0, 0 }, [K_PRCTL_FPROG] = { SNOOP_MEM_IN, 0, 16 },
	[K_SECCOMP_ARGS] = { SNOOP_MEM_IN, 0, 16 },
	[K_MSGHDR_SENT] = { SNOOP_MEM_MSGHDR, 0, 0 }, [K_MMSGHDR_SENT] = { SNOOP_MEM_MSGHDR, 0, 0 },
	[K_MSGHDR_RECEIVED] = { SNOOP_MEM_MSGHDR, 0, 4 },   /* the size bits: filled by the call */
	[K_FCNTL_ARG] = { SNOOP_MEM_OUT, 0, 32 },   /* a struct flock; an integer's read fails */
	[K_UTIMES] = { SNOOP_MEM_IN, 0, 32 },
	[K_ITIMERSPEC_IN] = { SNOOP_MEM_IN, 0, 32 }, [K_ITIMERSPEC_OUT] = { SNOOP_MEM_OUT, 0, 32 },
	[K_SIGEVENT] = { SNOOP_MEM_IN, 0, 32 },
	[(unsigned char)K_PTR_OUT] = { SNOOP_MEM_OUT, 0, 8 }, [(unsigned char)K_ULONG_OUT] = { SNOOP_MEM_OUT, 0, 8 },
	[K_MPOL_MODE_OUT] = { SNOOP_MEM_OUT, 0, 4 }, [K_NODEMASK_IN] = { SNOOP_MEM_IN, 0, NODEMASK_READ_BYTES },
	[K_NODEMASK_OUT] = { SNOOP_MEM_OUT, 0, NODEMASK_READ_BYTES },
	[K_GIDS_OUT] = { SNOOP_MEM_ARRAY_RET, 0, 4 }, [K_GIDS_IN] = { SNOOP_MEM_ARRAY, LEN_BEFORE, 4 },
	/* ioctl's argument for every command (a number's read faults, and it
	 * shows): what the commands dec_ioctl_arg knows give or fill, 16 bytes
	 * (a termios's four flags) */
	[K_IOCTL_ARG] = { SNOOP_MEM_OUT, 0, 16 },
};

/* One signature per syscall, indexed by its number on the build
 * architecture: a misspelt name does not compile, and a name given twice is
 * an error (-Woverride-init). */
#define SIG(name, args) [__NR_##name] = args
static const char *const signatures[SNOOP_MAX_SYSCALLS] = {
	SIG(read, "fbu"), SIG(write, "fBu"), SIG(open, "Som"), SIG(close, "f"), SIG(stat, "Se"),
	SIG(fstat, "fe"), SIG(lstat, "Se"), SIG(poll, "5ud"), SIG(lseek, "flw"), SIG(mmap, "purMfx"),
	SIG(mprotect, "pur"), SIG(munmap, "pu"), SIG(brk, "p"), SIG(rt_sigaction, "snNu"),
	SIG(rt_sigprocmask, "hjJu"), SIG(rt_sigreturn, ")"), SIG(sigaltstack, "[]"), SIG(ioctl, "fi" S_IOCTL_ARG), SIG(pread64, "fbul"),
	SIG(pwrite64, "fBul"), SIG(readv, "fYd"), SIG(writev, "fKd"), SIG(access, "Sa"),
	SIG(pipe, "P"), SIG(select, "dpppp"), SIG(sched_yield, ""), SIG(mremap, "puu?p"),
	SIG(madvise, "puV"), SIG(dup, "f"), SIG(dup2, "ff"), SIG(pause, ""), SIG(nanosleep, "gp"),
	SIG(getitimer, ":>"), SIG(alarm, "u"), SIG(setitimer, ":<>"), SIG(getpid, ""),
	SIG(sendfile, "ffpu"), SIG(socket, "kt*"), SIG(connect, "fzd"), SIG(accept, "fL;"),
	SIG(sendto, "fBu~zd"), SIG(recvfrom, "fbu~Ly"), SIG(sendmsg, "f" S_MSGHDR_SENT "~"), SIG(recvmsg, "f" S_MSGHDR_RECEIVED "~"),
	SIG(shutdown, "fH"), SIG(bind, "fzd"), SIG(listen, "fd"), SIG(getsockname, "fL;"),
	SIG(getpeername, "fL;"), SIG(socketpair, "ktdP"), SIG(setsockopt, "f`'\"d"),
	SIG(getsockopt, "f`'\\;"), SIG(clone, "cpppx"), SIG(fork, ""), SIG(vfork, ""),
	SIG(execve, "Svp"), SIG(exit, "d"), SIG(wait4, "d!Wp"), SIG(kill, "ds"), SIG(uname, "U"),
	SIG(fcntl, "fF" S_FCNTL_ARG), SIG(flock, "f?"), SIG(fsync, "f"), SIG(fdatasync, "f"), SIG(truncate, "Sl"),
	SIG(ftruncate, "fl"), SIG(getdents64, "fpu"), SIG(getcwd, "/u"), SIG(chdir, "S"),
	SIG(fchdir, "f"), SIG(rename, "SS"), SIG(mkdir, "Sm"), SIG(rmdir, "S"), SIG(creat, "Sm"),
	SIG(link, "SS"), SIG(unlink, "S"), SIG(symlink, "SS"), SIG(readlink, "Sbu"), SIG(chmod, "Sm"),
	SIG(fchmod, "fm"), SIG(chown, "S" S_UID S_UID), SIG(fchown, "f" S_UID S_UID), SIG(lchown, "S" S_UID S_UID), SIG(umask, "m"),
	SIG(gettimeofday, "pp"), SIG(getrlimit, "$Q"), SIG(getrusage, "-}"), SIG(sysinfo, "_"),
	SIG(times, "p"), SIG(getuid, ""), SIG(getgid, ""), SIG(setuid, S_UID), SIG(setgid, S_UID),
	SIG(geteuid, ""), SIG(getegid, ""), SIG(setpgid, "dd"), SIG(getppid, ""), SIG(getpgrp, ""),
	SIG(setsid, ""), SIG(getpgid, "d"), SIG(getsid, "d"), SIG(statfs, "S0"), SIG(fstatfs, "f0"),
	SIG(prctl, S_PRCTL_OPTION S_PRCTL_STR S_PRCTL_FPROG S_PRCTL_ARG S_PRCTL_ARG), SIG(arch_prctl, "Zp"), SIG(chroot, "S"), SIG(sync, ""),
	SIG(mount, "SSp?p"), SIG(umount2, "S?"), SIG(gettid, ""), SIG(tkill, "ds"),
	SIG(futex, "pX12p3"), SIG(set_tid_address, "p"), SIG(clock_gettime, "CG"),
	SIG(clock_getres, "CG"), SIG(clock_nanosleep, "C%gp"), SIG(exit_group, "d"),
	SIG(epoll_wait, "f7dd"), SIG(epoll_ctl, "f9f8"), SIG(tgkill, "dds"), SIG(openat, "DSom"),
	SIG(mkdirat, "DSm"), SIG(mknodat, "DS" S_NODE_MODE S_DEV), SIG(fchownat, "DS" S_UID S_UID "A"), SIG(newfstatat, "DSeA"),
	SIG(unlinkat, "DSA"), SIG(renameat, "DSDS"), SIG(linkat, "DSDSA"), SIG(symlinkat, "SDS"),
	SIG(readlinkat, "DSbu"), SIG(fchmodat, "DSm"), SIG(faccessat, "DSa"), SIG(faccessat2, "DSa+"),
	SIG(pselect6, "dppppp"), SIG(ppoll, "5u6pu"), SIG(set_robust_list, "pu"),
	SIG(utimensat, "DS" S_UTIMES "A"), SIG(epoll_pwait, "f7ddju"), SIG(epoll_pwait2, "f7dgpu"), SIG(eventfd2, "u?"), SIG(eventfd, "u"),
	SIG(epoll_create1, "="), SIG(dup3, "ffO"), SIG(pipe2, "PO"), SIG(accept4, "fL;T"),
	SIG(prlimit64, "d$qQ"), SIG(getrandom, "buR"), SIG(memfd_create, "S?"), SIG(timerfd_create, "C?"), SIG(inotify_init1, "?"), SIG(inotify_init, ""), SIG(execveat, "DSvpA"),
	SIG(statx, "DS^&E"), SIG(renameat2, "DSDS?"), SIG(openat2, "DSpu"), SIG(clone3, "{u"),
	SIG(close_range, S_UINT S_UINT "?"), SIG(copy_file_range, "fpfpuu"), SIG(splice, "fpfpu?"), SIG(tee, "ffu?"), SIG(rseq, "pudx"), SIG(getdents, "fpu"), SIG(recvmmsg, "fpu~p"),
	SIG(sendmmsg, "f" S_MMSGHDR_SENT "u~"), SIG(waitid, "ddpWp"), SIG(inotify_add_watch, "fS?"), SIG(setns, "fx"),
	SIG(unshare, "4"), SIG(pidfd_open, "d?"), SIG(sched_getaffinity, "du|"), SIG(capget, "(."), SIG(capset, "(,"),
	SIG(sched_setaffinity, "dup"), SIG(setresuid, S_UID S_UID S_UID), SIG(setresgid, S_UID S_UID S_UID),
	SIG(setreuid, S_UID S_UID), SIG(setregid, S_UID S_UID), SIG(rt_sigsuspend, "ju"), SIG(signalfd4, "fju?"), SIG(signalfd, "fju"),
	SIG(fallocate, "f?ll"), SIG(getpriority, S_PRIO_WHICH "d"), SIG(setpriority, S_PRIO_WHICH "dd"),
	SIG(sched_get_priority_max, S_SCHED_POLICY), SIG(sched_get_priority_min, S_SCHED_POLICY),
	SIG(sched_getscheduler, "d"), SIG(sched_setscheduler, "d" S_SCHED_POLICY "I"), SIG(sched_getparam, "dy"),
	SIG(sched_setparam, "dI"), SIG(getcpu, "ppp"), SIG(mlock, "pu"), SIG(munlock, "pu"),
	SIG(setrlimit, "$q"), SIG(getxattr, "SSpu"), SIG(lgetxattr, "SSpu"), SIG(fgetxattr, "fSbu"),
	SIG(listxattr, "Sbu"), SIG(llistxattr, "Sbu"), SIG(flistxattr, "fbu"), SIG(fadvise64, "fll@"),
	SIG(seccomp, S_SECCOMP_OP S_SECCOMP_FLAGS S_SECCOMP_ARGS),
	SIG(set_mempolicy, S_MPOL_MODE S_NODEMASK_IN "u"),
	SIG(get_mempolicy, S_MPOL_MODE_OUT S_NODEMASK_OUT "up" S_MPOL_GET_FLAGS),
	SIG(mbind, "pu" S_MPOL_MODE S_NODEMASK_IN "u" S_MBIND_FLAGS),
	SIG(pkey_alloc, "x" S_PKEY_ACCESS), SIG(pkey_mprotect, "purd"), SIG(pkey_free, "d"),
	SIG(getgroups, "d" S_GIDS_OUT), SIG(setgroups, "d" S_GIDS_IN),
	/* System V IPC */
	SIG(shmget, S_IPC_KEY "u" S_IPC_GET_FLAGS), SIG(shmat, "dp?"), SIG(shmdt, "p"), SIG(shmctl, "d" S_CALL_ENUM "p"),
	SIG(semget, S_IPC_KEY "d" S_IPC_GET_FLAGS), SIG(semop, "dpu"), SIG(semtimedop, "dpug"),
	SIG(semctl, "dd" S_CALL_ENUM "p"), SIG(msgget, S_IPC_KEY S_IPC_GET_FLAGS), SIG(msgsnd, "dpu?"),
	SIG(msgrcv, "dpul?"), SIG(msgctl, "d" S_CALL_ENUM "p"),
	/* signals, ids, timers and clocks */
	SIG(getresuid, "yyy"), SIG(getresgid, "yyy"), SIG(setfsuid, S_UID), SIG(setfsgid, S_UID),
	SIG(rt_sigpending, "Ju"), SIG(rt_sigtimedwait, "jpgu"), SIG(rt_sigqueueinfo, "dsp"),
	SIG(rt_tgsigqueueinfo, "ddsp"), SIG(personality, "x"), SIG(timer_create, "C" S_SIGEVENT "y"),
	SIG(timer_settime, "d%" S_ITIMERSPEC_IN S_ITIMERSPEC_OUT), SIG(timer_gettime, "d" S_ITIMERSPEC_OUT),
	SIG(timer_getoverrun, "d"), SIG(timer_delete, "d"), SIG(timerfd_settime, "f?" S_ITIMERSPEC_IN S_ITIMERSPEC_OUT),
	SIG(timerfd_gettime, "f" S_ITIMERSPEC_OUT), SIG(sched_rr_get_interval, "dG"), SIG(clock_settime, "Cg"),
	SIG(time, "p"), SIG(adjtimex, "p"), SIG(clock_adjtime, "Cp"), SIG(settimeofday, "pp"),
	/* files */
	SIG(utime, "Sp"), SIG(utimes, "Sp"), SIG(futimesat, "DSp"), SIG(mknod, "S" S_NODE_MODE S_DEV),
	SIG(setxattr, "SSBu?"), SIG(lsetxattr, "SSBu?"), SIG(fsetxattr, "fSBu?"), SIG(removexattr, "SS"),
	SIG(lremovexattr, "SS"), SIG(fremovexattr, "fS"), SIG(preadv, "fYdl" S_SKIP), SIG(pwritev, "fKdl" S_SKIP),
	SIG(preadv2, "fYdl" S_SKIP "?"), SIG(pwritev2, "fKdl" S_SKIP "?"), SIG(readahead, "flu"), SIG(sync_file_range, "fll?"),
	SIG(syncfs, "f"), SIG(vmsplice, "fKu?"), SIG(name_to_handle_at, "DSppA"), SIG(open_by_handle_at, "fpo"),
	SIG(inotify_rm_watch, "fd"), SIG(epoll_create, "d"), SIG(fanotify_init, S_FAN_INIT "o"),
	SIG(fanotify_mark, "f?" S_FAN_EVENTS "DS"), SIG(swapon, "Sx"), SIG(swapoff, "S"), SIG(acct, "S"),
	SIG(pivot_root, "SS"), SIG(quotactl, "xSdp"), SIG(quotactl_fd, "fxdp"),
	/* memory */
	SIG(msync, "pu?"), SIG(mincore, "pup"), SIG(mlockall, "?"), SIG(munlockall, ""), SIG(mlock2, "pu?"),
	SIG(remap_file_pages, "purxM"), SIG(move_pages, "duppp" S_MBIND_FLAGS), SIG(migrate_pages, "dupp"),
	SIG(process_vm_readv, "dYupux"), SIG(process_vm_writev, "dKupux"), SIG(membarrier, S_CALL_ENUM "x"),
	SIG(set_mempolicy_home_node, "pudx"), SIG(memfd_secret, "O"),
	/* processes and the kernel's objects */
	SIG(sched_setattr, "dpx"), SIG(sched_getattr, "dpux"), SIG(get_robust_list, "d" S_PTR_OUT S_ULONG_OUT),
	SIG(kcmp, "dd" S_CALL_ENUM "uu"), SIG(ioprio_get, S_CALL_ENUM "d"), SIG(ioprio_set, S_CALL_ENUM "dx"),
	SIG(ptrace, S_CALL_ENUM "dpp"), SIG(syslog, "dpd"), SIG(pidfd_send_signal, "fspx"), SIG(pidfd_getfd, "fdx"),
	SIG(process_madvise, "fpuVx"), SIG(process_mrelease, "fx"), SIG(futex_waitv, "pu?gC"),
	SIG(io_setup, "u" S_PTR_OUT), SIG(io_destroy, "p"), SIG(io_submit, "pdp"), SIG(io_cancel, "ppp"),
	SIG(io_getevents, "pddpg"), SIG(io_pgetevents, "pddpgp"), SIG(io_uring_setup, "up"),
	SIG(io_uring_enter, "fuu?pu"), SIG(io_uring_register, "f" S_CALL_ENUM "pu"),
	SIG(perf_event_open, "pddf?"), SIG(bpf, S_CALL_ENUM "pu"), SIG(userfaultfd, "?"),
	SIG(mq_open, "Somp"), SIG(mq_unlink, "S"), SIG(mq_timedsend, "fBuug"), SIG(mq_timedreceive, "fbupg"),
	SIG(mq_notify, "f" S_SIGEVENT), SIG(mq_getsetattr, "fpp"),
	SIG(add_key, "SSBu" S_KEY_SERIAL), SIG(request_key, "SSS" S_KEY_SERIAL), SIG(keyctl, S_CALL_ENUM S_KEY_SERIAL "xxx"),
	SIG(reboot, "xx" S_CALL_ENUM "p"), SIG(init_module, "puS"), SIG(finit_module, "fSx"), SIG(delete_module, "SO"),
	SIG(kexec_load, "uupx"), SIG(kexec_file_load, "ffuSx"), SIG(sethostname, "Bu"), SIG(setdomainname, "Bu"),
	SIG(open_tree, "DS?"), SIG(move_mount, "DSDS?"), SIG(fsopen, "S?"), SIG(fsconfig, "f" S_CALL_ENUM "Spd"),
	SIG(fsmount, "f?x"), SIG(fspick, "DS?"), SIG(mount_setattr, "DSApu"),
	SIG(landlock_create_ruleset, "pu?"), SIG(landlock_add_rule, "f" S_CALL_ENUM "px"), SIG(landlock_restrict_self, "fx"),
	SIG(modify_ldt, "dpu"), SIG(iopl, "d"), SIG(ioperm, "xud"), SIG(vhangup, ""), SIG(restart_syscall, ""),
	SIG(lookup_dcookie, "xpu"), SIG(uselib, "S"), SIG(ustat, S_DEV "p"), SIG(sysfs, "dxx"),
	/* newer than the headers may be (record/syscalls_unified.h) */
	SIG(cachestat, "fppx"), SIG(fchmodat2, "DSmA"), SIG(map_shadow_stack, "pux"), SIG(futex_wake, "pxdx"),
	SIG(futex_wait, "pxxxgC"), SIG(futex_requeue, "pxdd"), SIG(statmount, "ppux"), SIG(listmount, "ppux"),
	SIG(lsm_get_self_attr, "uppx"), SIG(lsm_set_self_attr, "upux"), SIG(lsm_list_modules, "ppx"),
	SIG(mseal, "pux"), SIG(setxattrat, "DSASpu"), SIG(getxattrat, "DSASpu"), SIG(listxattrat, "DSApu"),
	SIG(removexattrat, "DSAS"), SIG(open_tree_attr, "DS?pu"), SIG(file_getattr, "DSpuA"), SIG(file_setattr, "DSpuA"),
};
#undef SIG

const char *decode_signature(long nr)
{
	return (nr >= 0 && nr < SNOOP_MAX_SYSCALLS) ? signatures[nr] : NULL;
}

/* an ia32 call's own signature, or its x86_64 namesake's */
static const char *ia32_signature(long nr)
{
	const char *own = ia32_own_signature(nr);

	return own ? own : decode_signature(ia32_native(nr));
}

/* The signature record r's call has, by its ABI; keyctl's by its
 * operation and ptrace's by its request (what BPF reads stays the
 * call's: decode_argspec) */
static const char *record_signature(const struct snoop_record *r)
{
	long nr = record_native_nr(r);
	const char *op;

	if (nr == __NR_keyctl && (op = keyctl_signature(r->args[0])))
		return op;
	if (nr == __NR_ptrace && !(r->flags & SNOOP_REC_IA32))   /* ia32 callers keep the call's: not compared with strace yet */
		return ptrace_signature(r->args[0]);
	return r->flags & SNOOP_REC_IA32 ? ia32_signature(r->nr) : decode_signature(r->nr);
}

/* The kind argument a of record r is shown as: its signature's letter, an
 * ia32 call's through ia32_kind. */
static char kind_of(const char *sig, int a, int ia32)
{
	char k = sig ? sig[a] : 'x';

	return ia32 ? ia32_kind(k) : k;
}

static uint32_t argspec_of(const char *sig, int ia32)
{
	uint32_t spec = 0, item, n = 0;
	int i;

	for (i = 0; sig && sig[i] && n < SNOOP_MEM_ITEMS; i++) {
		unsigned char k = (unsigned char)kind_of(sig, i, ia32);

		if (!reads[k].mem)
			continue;
		item = SNOOP_SPEC_SIZED(i, reads[k].mem,
					reads[k].len_next == LEN_BEFORE ? i - 1 : reads[k].len_next ? i + 1 : 0, reads[k].size);
		spec |= item << (16 * n++);
	}
	return spec;
}

uint32_t decode_argspec(long nr)
{
	return argspec_of(decode_signature(nr), 0);
}

uint32_t decode_argspec_ia32(long nr)
{
	return argspec_of(ia32_signature(nr), 1);
}

/* ---- the argument list ---- */

/* strace decodes the epoll waits' arguments at the exit, where a failed
 * call's structures are addresses (its umove_or_printaddr): the timeout
 * and the signal mask of epoll_pwait and epoll_pwait2 (their events are
 * an address already, nothing having been filled). */
static int read_at_failed_exit(const char *sig, char kind, const struct snoop_record *r)
{
	return sig && sig[0] && sig[1] == '7' && (kind == 'g' || kind == 'j') && r->ret < 0;
}

static void put_arg(struct vout *o, const char *sig, char kind, const struct snoop_record *r, struct fdtable *fds,
		    const uint8_t *data, size_t len, int a)
{
	struct arg x = { .r = r, .fds = fds, .data = data, .len = len, .a = a, .v = r->args[a],
			 .i32 = (int32_t)r->args[a] };
	decode_fn fn = kinds[(unsigned char)kind];

	if (read_at_failed_exit(sig, kind, r))
		fn = dec_pointer;
	(fn ? fn : dec_hex)(o, &x);
}

/* Whether the record holds memory read for argument a */
static int record_has_item(const struct snoop_record *r, int a)
{
	int i;

	for (i = 0; i < SNOOP_MEM_ITEMS; i++)
		if (r->mem_arg[i] == a && (r->mem_flags[i] & (SNOOP_MEM_DONE | SNOOP_MEM_FAULT)) == SNOOP_MEM_DONE)
			return 1;
	return 0;
}

/* Whether argument a is one the call takes, as strace shows them: open's
 * mode only when a file may be created, fcntl's argument by its command,
 * futex's by its command, prctl's by its option, rt_sigreturn's mask when
 * it was read, mknod's device for a device, mq_open's attr with its mode,
 * none of a 64-bit offset's high half (preadv's pos_h, ia32's K_LOHI). */
/* open flags that make a file, which then takes a mode */
static int creates(uint64_t flags)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;   /* O_TMPFILE holds O_DIRECTORY's bit */
}

static int arg_shown(const char *sig, const struct snoop_record *r, int a)
{
	if (!sig)
		return 1;
	if (sig[a] == 'm' && a && sig[a - 1] == 'o')
		return creates(r->args[a - 1]);
	if (a >= 2 && sig[a - 1] == 'm' && sig[a - 2] == 'o')   /* what follows the mode (mq_open's attr): with it */
		return creates(r->args[a - 2]);
	if (sig[a] == '#' || sig[a] == K_FCNTL_ARG)
		return !fcntl_takes_no_arg(r->args[1]);
	if (sig[1] == 'X')
		return futex_shows(r->args[1], a);
	if (sig[0] == K_PRCTL_OPTION)
		return prctl_shows(r->args[0], r->args[1], a);
	if (sig[a] == K_IOCTL_ARG)
		return ioctl_shows(r->args[1]);
	if (sig[a] == ')')
		return record_has_item(r, a);
	if (sig[a] == K_SKIP || (a && sig[a - 1] == K_LOHI))
		return 0;
	if (a && sig[a - 1] == K_NODE_MODE)   /* mknod's device: for a device */
		return S_ISCHR(r->args[a - 1] & 0xffff) || S_ISBLK(r->args[a - 1] & 0xffff);   /* a umode_t */
	if (record_native_nr(r) == __NR_reboot && a == 3)   /* RESTART2's command line */
		return (uint32_t)r->args[2] == 0xA1B2C3D4;
	return 1;
}

/* The arguments, each one value, separated as o's syntax separates a
 * list's elements (no brackets: text's are parentheses). Returns a bit
 * for each argument that holds a cut string or list. */
static unsigned put_args(struct vout *o, const struct snoop_record *r, struct fdtable *fds, const uint8_t *data,
			 size_t len)
{
	int ia32 = r->flags & SNOOP_REC_IA32;
	const char *sig = record_signature(r);
	unsigned cut = 0;
	int a, shown = 0, nargs = sig ? (int)strlen(sig) : 6;

	for (a = 0; a < nargs && a < 6; a++) {
		if (!arg_shown(sig, r, a))
			continue;
		if (shown++)
			o->i += o->json ? fmt_lit(vout_end(o), ",") : fmt_lit(vout_end(o), ", ");
		o->cut = 0;
		put_arg(o, sig, kind_of(sig, a, ia32), r, fds, data, len, a);
		cut |= (unsigned)o->cut << (shown - 1);   /* an index into the arguments shown */
	}
	return cut;
}

size_t decode_args(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len)
{
	return decode_args_fds(dst, r, NULL, data, len);
}

/* "(a, b)": snoop's text, or strace's (what the call wrote back left to
 * decode_ret_note) */
static size_t args_text(char *dst, const struct snoop_record *r, struct fdtable *fds, const uint8_t *data,
			size_t len, int strace)
{
	struct vout o = vout_at(dst, 0);

	o.strace = strace;
	o.dst[o.i++] = '(';
	put_args(&o, r, fds, data, len);
	o.dst[o.i++] = ')';
	return o.i;
}

size_t decode_args_fds(char *dst, const struct snoop_record *r, struct fdtable *fds, const uint8_t *data,
		       size_t len)
{
	return args_text(dst, r, fds, data, len, 0);
}

size_t decode_args_strace(char *dst, const struct snoop_record *r, struct fdtable *fds, const uint8_t *data,
			  size_t len)
{
	return args_text(dst, r, fds, data, len, 1);
}

size_t decode_ret_note(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len)
{
	const char *sig = record_signature(r);

	return sig && sig[0] == '5' ? poll_note(dst, r, data, len) : 0;
}

size_t decode_args_json(char *dst, const struct snoop_record *r, struct fdtable *fds, const uint8_t *data,
			size_t len, unsigned *cut)
{
	struct vout o = vout_at(dst, 1);

	o.dst[o.i++] = '[';
	*cut = put_args(&o, r, fds, data, len);
	o.dst[o.i++] = ']';
	return o.i;
}
