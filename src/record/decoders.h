/* decoders.h - inside the decoder: one function per argument kind, grouped
 * in files by family as strace does (decode_file.c, decode_net.c,
 * decode_proc.c, decode_mem.c, and decode_data.c for the memory captured
 * from the traced process). decode.c's signature table names the kinds; a
 * new kind is a new function in the right family file and a line in
 * decode.c's kinds table.
 */
#ifndef SNOOP_DECODERS_H
#define SNOOP_DECODERS_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include <sys/stat.h>
#include "bpf/snoop.h"

/* Argument kinds past the printable characters, which decode.c's letters
 * all take: control bytes, each named twice, K_ for the tables (decode.c's,
 * ia32_kind) and S_ for the signatures. */
#define K_PRCTL_OPTION '\001'   /* prctl's option; the arguments it takes (prctl_shows) by it: */
#define S_PRCTL_OPTION "\001"
#define K_PRCTL_STR '\002'      /* one read as a string, when it is one (PR_SET_NAME, PR_GET_NAME) */
#define S_PRCTL_STR "\002"
#define K_PRCTL_FPROG '\003'    /* one read as a struct sock_fprog (PR_SET_SECCOMP's filter) */
#define S_PRCTL_FPROG "\003"
#define K_PRCTL_ARG '\004'      /* one not read */
#define S_PRCTL_ARG "\004"
#define K_SECCOMP_OP '\005'     /* seccomp's operation; by it, its flags and its argument */
#define S_SECCOMP_OP "\005"
#define K_SECCOMP_FLAGS '\006'
#define S_SECCOMP_FLAGS "\006"
#define K_SECCOMP_ARGS '\007'   /* read as a sock_fprog (16 bytes) at the entry */
#define S_SECCOMP_ARGS "\007"
#define K_MSGHDR_SENT '\010'    /* sendmsg's struct msghdr, its name, control and iovecs */
#define S_MSGHDR_SENT "\010"
#define K_MSGHDR_RECEIVED '\011' /* recvmsg's, as the call filled it */
#define S_MSGHDR_RECEIVED "\011"
#define K_MPOL_MODE '\012'      /* a memory policy mode and its flags */
#define S_MPOL_MODE "\012"
#define K_MPOL_MODE_OUT '\013'  /* the mode get_mempolicy filled: [MPOL_BIND] */
#define S_MPOL_MODE_OUT "\013"
#define K_NODEMASK_IN '\014'    /* a node mask given, its maxnode bits in the next argument */
#define S_NODEMASK_IN "\014"
#define K_NODEMASK_OUT '\015'   /* a node mask the call filled (get_mempolicy) */
#define S_NODEMASK_OUT "\015"
#define K_MPOL_GET_FLAGS '\016' /* get_mempolicy's MPOL_F_* */
#define S_MPOL_GET_FLAGS "\016"
#define K_MBIND_FLAGS '\017'    /* mbind's MPOL_MF_* */
#define S_MBIND_FLAGS "\017"
#define K_PKEY_ACCESS '\020'    /* pkey_alloc's PKEY_DISABLE_* */
#define S_PKEY_ACCESS "\020"
#define K_GIDS_OUT '\021'       /* getgroups' list, as many as it returned */
#define S_GIDS_OUT "\021"
#define K_GIDS_IN '\022'        /* setgroups' list, its count in the argument before */
#define S_GIDS_IN "\022"
#define K_IOCTL_ARG '\023'      /* ioctl's third argument, by its command (read at the exit) */
#define S_IOCTL_ARG "\023"
#define K_MMSGHDR_SENT '\024'   /* sendmmsg's messages: the first one's msghdr, read as sendmsg's */
#define S_MMSGHDR_SENT "\024"
#define K_UINT '\025'           /* an unsigned int: the register's low half (close_range's bounds) */
#define S_UINT "\025"
#define K_NODE_MODE '\026'      /* mknod's mode: S_IFIFO|0666 */
#define S_NODE_MODE "\026"
#define K_PRIO_WHICH '\027'     /* getpriority's PRIO_* */
#define S_PRIO_WHICH "\027"
#define K_SCHED_POLICY '\030'   /* SCHED_* */
#define S_SCHED_POLICY "\030"
#define K_FCNTL_ARG '\031'      /* fcntl's third argument by its command, a struct read at the exit (flock) */
#define S_FCNTL_ARG "\031"
#define K_UTIMES '\032'         /* utimensat's two timespecs, UTIME_NOW and UTIME_OMIT by name */
#define S_UTIMES "\032"
#define K_UID '\033'            /* a uid or gid: unsigned, (uid_t)-1 as -1 (strace's printuid) */
#define S_UID "\033"
#define K_ITIMERSPEC_IN '\034'  /* struct itimerspec given (timer_settime's new value) */
#define S_ITIMERSPEC_IN "\034"
#define K_ITIMERSPEC_OUT '\035' /* struct itimerspec filled (the old value, timer_gettime's) */
#define S_ITIMERSPEC_OUT "\035"
#define K_SIGEVENT '\036'       /* struct sigevent given (timer_create's, mq_notify's) */
#define S_SIGEVENT "\036"
#define K_CALL_ENUM '\037'      /* a command or constant by the call (decode_bycall.c) */
#define S_CALL_ENUM "\037"
/* The control bytes end there: the kinds go on in the bytes above 127
 * (decode.c's tables have 256 entries). */
#define K_IPC_KEY '\200'        /* System V IPC key: IPC_PRIVATE */
#define S_IPC_KEY "\200"
#define K_IPC_GET_FLAGS '\201'  /* shmget's, semget's, msgget's: IPC_CREAT|0600 */
#define S_IPC_GET_FLAGS "\201"
#define K_KEY_SERIAL '\202'     /* a key id: KEY_SPEC_PROCESS_KEYRING */
#define S_KEY_SERIAL "\202"
#define K_FAN_INIT '\203'       /* fanotify_init's class and flags */
#define S_FAN_INIT "\203"
#define K_FAN_EVENTS '\204'     /* fanotify_mark's event mask */
#define S_FAN_EVENTS "\204"
#define K_SKIP '\205'           /* a register the call takes that strace does not show (preadv's pos_h) */
#define S_SKIP "\205"
#define K_PTR_OUT '\206'        /* an address the call filled: [0x7f...] (io_setup's context) */
#define S_PTR_OUT "\206"
#define K_ULONG_OUT '\207'      /* an unsigned long the call filled: [24] */
#define S_ULONG_OUT "\207"
#define K_DEV '\210'           /* a device number the kernel takes as an unsigned int: makedev(0x1, 0x3) */
#define S_DEV "\210"
#define K_LOHI '\211'          /* ia32: a 64-bit value in this register (low half) and the next (high) */
#define S_LOHI "\211"

/* One argument being decoded: argument a of record r, with the memory
 * captured with the record (data, len). */
struct fdtable;
struct arg {
	const struct snoop_record *r;
	struct fdtable *fds;      /* -y: what the process's fds are; else NULL */
	const uint8_t *data;
	size_t len;
	int a;
	uint64_t v;       /* the register */
	int64_t i32;      /* as an int argument: the upper half is not its own */
};

/* A decoder writes its argument as one value (record/value.h): strace's
 * text or JSON, by the writer's mode. */
struct vout;
typedef void (*decode_fn)(struct vout *o, const struct arg *x);

/* decode_plain.c: plain values */
void dec_int(struct vout *o, const struct arg *x);
void dec_long(struct vout *o, const struct arg *x);
void dec_unsigned(struct vout *o, const struct arg *x);
void dec_hex(struct vout *o, const struct arg *x);
void dec_pointer(struct vout *o, const struct arg *x);

/* decode_data.c: memory read from the traced process */
struct mem_item {
	const uint8_t *p;
	size_t len;
	int flags;        /* SNOOP_MEM_* */
};
/* The captured item of argument a, if the record has one that was read. */
int find_mem_item(const struct arg *x, struct mem_item *m);
int record_mem_item(const struct snoop_record *r, const uint8_t *data, size_t len, int a, struct mem_item *m);
/* The struct behind argument x if the record carries at least size bytes
 * of it, else NULL (the decoder then shows the address). */
const uint8_t *struct_of(const struct arg *x, size_t size);
void dec_memory(struct vout *o, const struct arg *x);     /* strings and buffers */
void dec_argv(struct vout *o, const struct arg *x);

/* decode_file.c */
void dec_fd_pair(struct vout *o, const struct arg *x);    /* [3, 4], with -y [3<pipe>, 4<pipe>] */
void dec_ioctl_arg(struct vout *o, const struct arg *x);   /* [1], {ws_row=24, ...}, or hex */
int ioctl_shows(uint64_t cmd);
void dec_fd(struct vout *o, const struct arg *x);          /* 3, with -y 3</etc/hostname> */
void dec_dirfd(struct vout *o, const struct arg *x);
/* fd, an fd in x's memory (a pipe's pair, SCM_RIGHTS), as dec_fd shows one */
void value_fd_of(struct vout *o, const struct arg *x, int32_t fd);
void dec_open_flags(struct vout *o, const struct arg *x);
void dec_open_flags_only(struct vout *o, const struct arg *x);
void dec_mode(struct vout *o, const struct arg *x);
void dec_access(struct vout *o, const struct arg *x);
void dec_node_mode(struct vout *o, const struct arg *x);
void dec_at_flags(struct vout *o, const struct arg *x);
void dec_faccessat_flags(struct vout *o, const struct arg *x);
void dec_whence(struct vout *o, const struct arg *x);
void dec_fcntl(struct vout *o, const struct arg *x);
void dec_ioctl(struct vout *o, const struct arg *x);
void dec_fadvise(struct vout *o, const struct arg *x);
int fcntl_takes_no_arg(uint64_t cmd);
void dec_fcntl_arg(struct vout *o, const struct arg *x);
void dec_epoll_flags(struct vout *o, const struct arg *x);
void dec_uint(struct vout *o, const struct arg *x);
void dec_uid(struct vout *o, const struct arg *x);
/* a mode after named flag bits: IPC_CREAT|0600 */
struct xlat;
void value_flags_mode(struct vout *o, const struct xlat *flags, uint64_t v);

/* decode_bycall.c */
void dec_call_flags(struct vout *o, const struct arg *x);    /* EFD_CLOEXEC, MS_ASYNC, XATTR_CREATE ... by the call */
void dec_call_enum(struct vout *o, const struct arg *x);     /* IPC_RMID, PTRACE_PEEKDATA, BPF_MAP_CREATE ... by the call */
void dec_ipc_key(struct vout *o, const struct arg *x);       /* IPC_PRIVATE */
void dec_ipc_get_flags(struct vout *o, const struct arg *x); /* IPC_CREAT|0600 */
void dec_key_serial(struct vout *o, const struct arg *x);    /* KEY_SPEC_PROCESS_KEYRING */
void dec_fan_init_flags(struct vout *o, const struct arg *x);
void dec_fan_events(struct vout *o, const struct arg *x);
const char *keyctl_signature(uint64_t op);   /* keyctl's, by its operation (NULL: unknown) */
const char *ptrace_signature(uint64_t request);   /* ptrace's, by its request */

/* decode_net.c */
void dec_msghdr_sent(struct vout *o, const struct arg *x);       /* sendmsg's */
void dec_msghdr_received(struct vout *o, const struct arg *x);   /* recvmsg's */
void dec_mmsghdr_sent(struct vout *o, const struct arg *x);      /* sendmmsg's, the first message */
void dec_sockaddr(struct vout *o, const struct arg *x);
void dec_family(struct vout *o, const struct arg *x);
void dec_socket_type(struct vout *o, const struct arg *x);
void dec_socket_flags(struct vout *o, const struct arg *x);
void dec_shutdown_how(struct vout *o, const struct arg *x);
void dec_msg_flags(struct vout *o, const struct arg *x);
void dec_ip_protocol(struct vout *o, const struct arg *x);
void dec_sockopt_level(struct vout *o, const struct arg *x);  /* SOL_SOCKET */
void dec_sockopt_name(struct vout *o, const struct arg *x);   /* SO_REUSEADDR, by the level */
void dec_sockopt_value(struct vout *o, const struct arg *x);  /* [1], {l_onoff=1, l_linger=5}, "cubic" */
/* {AF_INET, 127.0.0.1:80} from the bytes of a struct sockaddr */
void decode_sockaddr(struct vout *o, const uint8_t *sa, size_t n);

/* decode_futex.c: futex's arguments by its command (op): whether
 * argument a is one it takes, and those after the op */
void dec_futex_op(struct vout *o, const struct arg *x);
int futex_shows(uint64_t op, int a);
void dec_futex_val(struct vout *o, const struct arg *x);
void dec_futex_timeout(struct vout *o, const struct arg *x);
void dec_futex_val3(struct vout *o, const struct arg *x);

/* decode_prctl.c: prctl's arguments by its option (arg_shown asks
 * prctl_shows which it takes), seccomp's by its operation */
void dec_prctl_option(struct vout *o, const struct arg *x);
int prctl_shows(uint64_t option, uint64_t arg2, int a);
void dec_prctl_arg(struct vout *o, const struct arg *x);
void dec_seccomp_fprog(struct vout *o, const struct arg *x);
void dec_seccomp_op(struct vout *o, const struct arg *x);
void dec_seccomp_flags(struct vout *o, const struct arg *x);
void dec_seccomp_args(struct vout *o, const struct arg *x);

/* decode_proc.c */
void dec_signal(struct vout *o, const struct arg *x);
void dec_clone_flags(struct vout *o, const struct arg *x);
void dec_unshare_flags(struct vout *o, const struct arg *x);
void dec_sigmask_how(struct vout *o, const struct arg *x);
void dec_prio_which(struct vout *o, const struct arg *x);
void dec_sched_policy(struct vout *o, const struct arg *x);
void dec_clock(struct vout *o, const struct arg *x);

void dec_wait_options(struct vout *o, const struct arg *x);
void dec_arch_prctl(struct vout *o, const struct arg *x);
void dec_sigset(struct vout *o, const struct arg *x);      /* [INT QUIT], ~[RTMIN RT_1] */
void dec_sigaction(struct vout *o, const struct arg *x);   /* {sa_handler=..., ...} */
void decode_sigset(struct vout *o, uint64_t set);
void dec_sigreturn_mask(struct vout *o, const struct arg *x);   /* {mask=[INT]} */
void dec_timer_flags(struct vout *o, const struct arg *x);
void dec_rusage_who(struct vout *o, const struct arg *x);    /* RUSAGE_SELF */
void dec_cpu_set(struct vout *o, const struct arg *x);       /* [0 1] */
void dec_cap_header(struct vout *o, const struct arg *x);    /* {version=_LINUX_CAPABILITY_VERSION_3, pid=0} */
void dec_cap_data(struct vout *o, const struct arg *x);      /* {effective=1<<CAP_CHOWN|..., ...} */

/* decode_struct.c: structures given to a call or filled by it */
#define STATX_READ_BYTES 136     /* struct statx up to stx_rdev_minor */
/* struct stat whole: the C library's is the kernel's on x86_64 (144 bytes) */
#define STAT_READ_BYTES sizeof(struct stat)
size_t decode_file_mode(char *dst, uint32_t mode);      /* S_IFREG|0644 */
void dec_stat(struct vout *o, const struct arg *x);
void dec_statx(struct vout *o, const struct arg *x);
void dec_statx_flags(struct vout *o, const struct arg *x);
void dec_statx_mask(struct vout *o, const struct arg *x);
void dec_timespec(struct vout *o, const struct arg *x);
/* {tv_sec=0, tv_nsec=10000000} or {tv_sec=1, tv_usec=500}: the timespec
 * or timeval at p (64-bit fields), whose second field is named part; and
 * its two fields alone */
void value_time(struct vout *o, const uint8_t *p, const char *part);
void value_time_fields(struct vout *o, const uint8_t *p, const char *part);
void dec_utimes(struct vout *o, const struct arg *x);
void dec_rlimit(struct vout *o, const struct arg *x);
void dec_rlimit_resource(struct vout *o, const struct arg *x);
void dec_utsname(struct vout *o, const struct arg *x);
/* struct sysinfo up to mem_unit (x86_64's and arm64's layout: 64-bit longs) */
#define SYSINFO_READ_BYTES 108
void dec_sysinfo(struct vout *o, const struct arg *x);
void dec_itimer_which(struct vout *o, const struct arg *x);
void dec_itimerval(struct vout *o, const struct arg *x);   /* {it_interval={...}, it_value={...}} */
void dec_itimerspec(struct vout *o, const struct arg *x);  /* the same, of timespecs */
void dec_sigevent(struct vout *o, const struct arg *x);    /* {sigev_signo=SIGUSR2, sigev_notify=SIGEV_SIGNAL} */
void dec_ptr_out(struct vout *o, const struct arg *x);     /* [0x7f52a0c1e000] */
void dec_ulong_out(struct vout *o, const struct arg *x);   /* [24] */
void dec_stack(struct vout *o, const struct arg *x);       /* {ss_sp=..., ss_flags=..., ss_size=...} */
/* struct statfs up to f_flags (64-bit longs: x86_64's and arm64's) */
#define STATFS_READ_BYTES 88
void dec_statfs(struct vout *o, const struct arg *x);      /* {f_type=EXT2_SUPER_MAGIC, ...} */
/* struct clone_args whole (as of Linux 5.7: up to cgroup), the same in both ABIs */
#define CLONE_ARGS_READ_BYTES 88
void dec_clone_args(struct vout *o, const struct arg *x);  /* {flags=..., ...} => {parent_tid=[N]} */
void dec_int_ptr(struct vout *o, const struct arg *x);     /* [16] */
void dec_dev(struct vout *o, const struct arg *x);         /* makedev(0x1, 0x3) */
void dec_lohi(struct vout *o, const struct arg *x);        /* ia32: two registers, one 64-bit value */
void dec_int_inout(struct vout *o, const struct arg *x);   /* [128 => 16] */
/* a node mask's first 16 longs: 1024 nodes */
#define NODEMASK_READ_BYTES 128
/* decode_mem.c: memory policies, protection keys */
void dec_mpol_mode(struct vout *o, const struct arg *x);      /* MPOL_BIND|MPOL_F_STATIC_NODES */
void dec_mpol_mode_out(struct vout *o, const struct arg *x);  /* [MPOL_DEFAULT] */
void dec_nodemask(struct vout *o, const struct arg *x);       /* [0x00000000000001, 0000000000000000] */
void dec_mpol_get_flags(struct vout *o, const struct arg *x);
void dec_mbind_flags(struct vout *o, const struct arg *x);
void dec_pkey_access(struct vout *o, const struct arg *x);
/* decode_proc.c: getgroups' and setgroups' lists */
void dec_gids(struct vout *o, const struct arg *x);           /* [0, 27] */
/* struct rusage up to ru_stime (two timevals): strace shows no more without -v */
#define RUSAGE_READ_BYTES 32
void dec_rusage(struct vout *o, const struct arg *x);      /* {ru_utime={...}, ru_stime={...}, ...} */
void dec_wait_status(struct vout *o, const struct arg *x);
/* n bytes of struct snoop_iov entries with their data; out: filled up
 * to the record's return */
void put_iov_entries(struct vout *o, const struct snoop_record *r, const uint8_t *p, size_t n, int out, int cut);
void dec_iovec_in(struct vout *o, const struct arg *x);
void dec_iovec_out(struct vout *o, const struct arg *x);

/* decode_poll.c: what a call waits on */
void dec_pollfds(struct vout *o, const struct arg *x);        /* [{fd=3, events=POLLIN}] => [{fd=3, revents=POLLIN}] */
void dec_timespec_left(struct vout *o, const struct arg *x);  /* ppoll's: {...} => {the time left} */
void dec_epoll_ctl_op(struct vout *o, const struct arg *x);
void dec_epoll_event(struct vout *o, const struct arg *x);    /* {events=EPOLLIN, data={u32=3, u64=3}} */
void dec_epoll_events(struct vout *o, const struct arg *x);   /* epoll_wait's: as many as it returned */
/* strace's text after poll's and ppoll's return value ("Timeout",
 * "[{fd=3, revents=POLLIN}], left {...}"); 0 bytes for none */
size_t poll_note(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len);

/* decode_mem.c */
void dec_prot(struct vout *o, const struct arg *x);
void dec_mmap_flags(struct vout *o, const struct arg *x);
void dec_madvise(struct vout *o, const struct arg *x);
void dec_getrandom_flags(struct vout *o, const struct arg *x);

#endif
