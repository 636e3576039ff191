/* Structures read from the traced process: the text strace shows for them,
 * and what the BPF side is asked to read (argspec). */
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "record/decode.h"
#include "record/decoders.h"
#include "record/syscalls.h"

#include "decode_helpers.h"

/* The memory read for argument a of syscall name: kind and size */
static void expect_read(const char *name, int item, int a, int kind, int size)
{
	uint32_t spec = decode_argspec(syscall_number(name)) >> (16 * item) & 0xffff;

	cr_expect_eq(SNOOP_SPEC_ARG(spec), (uint32_t)a, "%s item %d: argument", name, item);
	cr_expect_eq(SNOOP_SPEC_KIND(spec), (uint32_t)kind, "%s item %d: kind", name, item);
	cr_expect_eq(SNOOP_SPEC_SIZE(spec), (uint32_t)size, "%s item %d: size", name, item);
}

Test(decode_struct, stat_regular_and_device)
{
	struct snoop_record r = rec("newfstatat", 3, 0x1000, 0x2000, 0x1000, 0, 0);
	uint8_t data[sizeof(struct stat)];   /* the path "" takes no bytes */
	struct stat st = { .st_mode = S_IFREG | 0644, .st_size = 45367 };

	memcpy(data, &st, sizeof(st));
	cap(&r, 0, 1, 0, 0);
	cap(&r, 1, 2, sizeof(st), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, data, sizeof(data))),
			 "(3, \"\", {st_mode=S_IFREG|0644, st_size=45367, ...}, AT_EMPTY_PATH)");
	st.st_mode = S_IFCHR | S_ISUID | 0666;
	st.st_rdev = makedev(1, 3);
	memcpy(data, &st, sizeof(st));
	cr_expect_str_eq(STR(decode_args(out, &r, data, sizeof(data))),
			 "(3, \"\", {st_mode=S_IFCHR|S_ISUID|0666, st_rdev=makedev(0x1, 0x3), ...}, AT_EMPTY_PATH)");
	r.mem_flags[1] = 0;   /* the call failed: nothing read */
	cr_expect_str_eq(STR(decode_args(out, &r, data, 0)), "(3, \"\", 0x2000, AT_EMPTY_PATH)");
	expect_read("newfstatat", 1, 2, SNOOP_MEM_OUT, 144);
	expect_read("fstat", 0, 1, SNOOP_MEM_OUT, 144);
}

Test(decode_struct, statx_flags_mask_and_result)
{
	struct snoop_record r = rec("statx", (uint64_t)-100, 0x1000, 0x900, 0x25e, 0x3000, 0);
	struct statx st = { .stx_mask = 0x17ff, .stx_mode = S_IFDIR | 0755, .stx_size = 4096 };
	uint8_t data[5 + STATX_READ_BYTES];

	memcpy(data, "/etc", 5);
	memcpy(data + 4, &st, STATX_READ_BYTES);
	cap(&r, 0, 1, 4, 0);
	cap(&r, 1, 4, STATX_READ_BYTES, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, data, 4 + STATX_READ_BYTES)),
			 "(AT_FDCWD, \"/etc\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT, "
			 "STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_MTIME|STATX_SIZE, "
			 "{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFDIR|0755, "
			 "stx_size=4096, ...})");
	expect_read("statx", 1, 4, SNOOP_MEM_OUT, STATX_READ_BYTES);
	/* coreutils stat asks for 0xfff: strace's name for it */
	r.args[3] = 0xfff;
	st.stx_mask = 0x1fff;
	memcpy(data + 4, &st, STATX_READ_BYTES);
	cr_expect(strstr(STR(decode_args(out, &r, data, 4 + STATX_READ_BYTES)),
			 "AT_NO_AUTOMOUNT, STATX_ALL, {stx_mask=STATX_ALL|STATX_MNT_ID, ") != NULL, "%s", out);
}

Test(decode_struct, signal_sets_and_actions)
{
	struct snoop_record r = rec("rt_sigprocmask", SIG_SETMASK, 0x1000, 0x2000, 8, 0, 0);
	uint64_t sets[2] = { ~0ULL & ~(3ULL << 31), (1ULL << (SIGINT - 1)) | (1ULL << (SIGQUIT - 1)) };
	uint64_t sa[4] = { 0x5555, 0x04000000 | 0x10000000, 0x7f00, 1ULL << (SIGCHLD - 1) };

	cap(&r, 0, 1, 8, 0);
	cap(&r, 1, 2, 8, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)sets, sizeof(sets))),
			 "(SIG_SETMASK, ~[RTMIN RT_1], [INT QUIT], 8)");
	r = rec("rt_sigaction", SIGCHLD, 0x1000, 0, 8, 0, 0);
	cap(&r, 0, 1, sizeof(sa), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)sa, sizeof(sa))),
			 "(SIGCHLD, {sa_handler=0x5555, sa_mask=[CHLD], sa_flags=SA_RESTORER|SA_RESTART, "
			 "sa_restorer=0x7f00}, NULL, 8)");
	sa[0] = 1;
	sa[1] = 0;
	sa[3] = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)sa, sizeof(sa))),
			 "(SIGCHLD, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=0}, NULL, 8)");
	expect_read("rt_sigaction", 0, 1, SNOOP_MEM_IN, 32);
	expect_read("rt_sigaction", 1, 2, SNOOP_MEM_OUT, 32);
}

Test(decode_struct, times_limits_uname_ints)
{
	struct snoop_record r = rec("clock_nanosleep", 0, 1, 0x1000, 0x2000, 0, 0);
	int64_t ts[2] = { 0, 10000000 };
	uint64_t lim[2] = { 8192 * 1024, ~0ULL };
	char uts[2 * 65] = "Linux";
	int32_t v = 16;

	cap(&r, 0, 2, sizeof(ts), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ts, sizeof(ts))),
			 "(CLOCK_REALTIME, TIMER_ABSTIME, {tv_sec=0, tv_nsec=10000000}, 0x2000)");
	r = rec("prlimit64", 0, 3, 0, 0x1000, 0, 0);
	cap(&r, 0, 3, sizeof(lim), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)lim, sizeof(lim))),
			 "(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY})");
	lim[0] = 1024;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)lim, sizeof(lim))),
			 "(0, RLIMIT_STACK, NULL, {rlim_cur=1024, rlim_max=RLIM64_INFINITY})");
	memcpy(uts + 65, "vm", 3);
	r = rec("uname", 0x1000, 0, 0, 0, 0, 0);
	cap(&r, 0, 0, sizeof(uts), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)uts, sizeof(uts))),
			 "({sysname=\"Linux\", nodename=\"vm\", ...})");
	r = rec("getsockname", 3, 0x1000, 0x2000, 0, 0, 0);
	cap(&r, 0, 2, sizeof(v), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&v, sizeof(v))), "(3, 0x1000, [16])");
	expect_read("getsockname", 0, 1, SNOOP_MEM_SOCKADDR_OUT, 0);
	cr_expect_eq(SNOOP_SPEC_LENARG(decode_argspec(syscall_number("getsockname"))), 2u);
}

Test(decode_struct, wait_status)
{
	struct snoop_record r = rec("wait4", (uint64_t)-1, 0x1000, 0, 0, 0, 0);
	int32_t s = 0x0100;   /* exited with 1 */

	r.ret = 42;
	cap(&r, 0, 1, 4, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&s, 4)),
			 "(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 1}], 0, NULL)");
	s = SIGSEGV | 0x80;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&s, 4)),
			 "(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}], 0, NULL)");
	r.ret = 0;   /* WNOHANG, nobody reaped: not written */
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&s, 4)), "(-1, 0x1000, 0, NULL)");
}

/* One iovec entry as the BPF side lays it out */
static size_t put_iov(uint8_t *p, uint64_t len, const char *bytes, uint32_t kept)
{
	struct snoop_iov h = { .len = len, .kept = kept };

	memcpy(p, &h, sizeof(h));
	memcpy(p + sizeof(h), bytes, kept);
	return sizeof(h) + kept;
}

Test(decode_struct, iovecs_in_and_out)
{
	struct snoop_record r = rec("writev", 2, 0x1000, 2, 0, 0, 0);
	uint8_t data[128];
	size_t n = put_iov(data, 2, "ab", 2);

	n += put_iov(data + n, 2, "cd", 2);
	cap(&r, 0, 1, n, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, data, n)),
			 "(2, [{iov_base=\"ab\", iov_len=2}, {iov_base=\"cd\", iov_len=2}], 2)");
	r.mem_flags[0] |= SNOOP_MEM_TRUNC;
	r.args[2] = 9;
	cr_expect_str_eq(STR(decode_args(out, &r, data, n)),
			 "(2, [{iov_base=\"ab\", iov_len=2}, {iov_base=\"cd\", iov_len=2}, ...], 9)");
	/* readv: 5 bytes came back into entries of 4 and 8 */
	r = rec("readv", 3, 0x1000, 2, 0, 0, 0);
	r.ret = 5;
	n = put_iov(data, 4, "abcd", 4);
	n += put_iov(data + n, 8, "e", 1);
	cap(&r, 0, 1, n, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, data, n)),
			 "(3, [{iov_base=\"abcd\", iov_len=4}, {iov_base=\"e\", iov_len=8}], 2)");
	/* an entry claiming more bytes than the item holds is not read past it */
	cap(&r, 0, 1, sizeof(struct snoop_iov) + 2, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, data, sizeof(struct snoop_iov) + 2)), "(3, [], 2)");
}

/* Interval timers, the signal stack and sysinfo, as strace 6.1 shows them
 * (a probe's calls compared by hand: tests/progs/sysprobe.c decode_structs
 * checks them live) */
Test(decode_struct, itimers_sigaltstack_sysinfo)
{
	struct snoop_record r = rec("setitimer", 1, 0x1000, 0x2000, 0, 0, 0);
	int64_t it[8] = { 0, 250000, 1, 500, 0, 0, 0, 7 };
	uint64_t ss[6] = { 0x55d0c2a0, 0x80000002, 65536, 0, 2, 0 }, si[14] = { 50244, 19744, 45248, 50944, 1 << 20,
		2 << 20, 3, 4, 5, 6, 87 | (0xffffULL << 16), 7, 8, 1 };

	cap(&r, 0, 1, 32, 0);
	cap(&r, 1, 2, 32, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)it, sizeof(it))),
			 "(ITIMER_VIRTUAL, {it_interval={tv_sec=0, tv_usec=250000}, it_value={tv_sec=1, tv_usec=500}}, "
			 "{it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=7}})");
	r.args[0] = 9;
	r.mem_len[1] = 0;   /* the call failed: the old value unread */
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)it, 32)),
			 "(9, {it_interval={tv_sec=0, tv_usec=250000}, it_value={tv_sec=1, tv_usec=500}}, 0x2000)");
	expect_read("setitimer", 0, 1, SNOOP_MEM_IN, 32);
	expect_read("setitimer", 1, 2, SNOOP_MEM_OUT, 32);
	expect_read("getitimer", 0, 1, SNOOP_MEM_OUT, 32);
	r = rec("sigaltstack", 0, 0x1000, 0, 0, 0, 0);
	cap(&r, 0, 1, 24, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ss, 24)),
			 "(NULL, {ss_sp=0x55d0c2a0, ss_flags=SS_DISABLE|SS_AUTODISARM, ss_size=65536})");
	r = rec("sigaltstack", 0x1000, 0, 0, 0, 0, 0);
	cap(&r, 0, 0, 24, 0);
	ss[1] = 4;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ss, 24)), "({ss_sp=0x55d0c2a0, ss_flags=0x4, ss_size=65536}, NULL)");
	expect_read("sigaltstack", 0, 0, SNOOP_MEM_IN, 24);
	expect_read("sigaltstack", 1, 1, SNOOP_MEM_OUT, 24);
	r = rec("sysinfo", 0x1000, 0, 0, 0, 0, 0);
	cap(&r, 0, 0, SYSINFO_READ_BYTES, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)si, SYSINFO_READ_BYTES)),
			 "({uptime=50244, loads=[19744, 45248, 50944], totalram=1048576, freeram=2097152, sharedram=3, "
			 "bufferram=4, totalswap=5, freeswap=6, procs=87, totalhigh=7, freehigh=8, mem_unit=1})");
	r.mem_len[0] = SYSINFO_READ_BYTES - 1;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)si, SYSINFO_READ_BYTES - 1)), "(0x1000)",
			 "short: its address");
	expect_read("sysinfo", 0, 0, SNOOP_MEM_OUT, SYSINFO_READ_BYTES);
}

/* clone3: the fields the flags use, as strace 6.1 shows them (pthread_create's
 * and posix_spawn's compared by hand), and what the call wrote back: the
 * child's TID, which it also returns */
Test(decode_struct, clone3_args_and_the_tid_written_back)
{
	struct snoop_record r = rec("clone3", 0x1000, 88, 0, 0, 0, 0);
	uint64_t a[11] = { 0x3d0f00, 0, 0x7f18, 0x7f10, 0, 0x7e00, 0x7fff80, 0x7f20, 0, 0, 0 };
	unsigned cut = 0;

	cap(&r, 0, 0, sizeof(a), 0);
	r.ret = 4321;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)a, sizeof(a))),
			 "({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|"
			 "CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f18, parent_tid=0x7f10, exit_signal=0, "
			 "stack=0x7e00, stack_size=0x7fff80, tls=0x7f20} => {parent_tid=[4321]}, 88)");
	out[decode_args_json(out, &r, NULL, (const uint8_t *)a, sizeof(a), &cut)] = '\0';
	cr_expect(strstr(out, ",\"tls\":\"0x7f20\",\"after\":{\"parent_tid\":[4321]}},88]") != NULL, "%s", out);
	r.ret = -11;   /* EAGAIN: nothing written back */
	cr_expect(strstr(STR(decode_args(out, &r, (const uint8_t *)a, sizeof(a))), "tls=0x7f20}, 88)") != NULL, "%s", out);
	/* posix_spawn's: a signal, no TID pointers */
	a[0] = 0x4100;
	a[4] = 17;
	a[6] = 0;
	r.ret = 4322;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)a, sizeof(a))),
			 "({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7e00, stack_size=0}, 88)");
	/* a pidfd (not read: no "=>"), a cgroup, TIDs to set, a flag past 32 bits */
	a[0] = 0x200001000ULL | 0x100000;
	a[1] = 0x7f30;
	a[8] = 0x7f40;
	a[9] = 1;
	a[10] = 7;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)a, sizeof(a))),
			 "({flags=CLONE_PIDFD|CLONE_PARENT_SETTID|CLONE_INTO_CGROUP, pidfd=0x7f30, parent_tid=0x7f10, "
			 "exit_signal=SIGCHLD, stack=0x7e00, stack_size=0, set_tid=0x7f40, set_tid_size=1, cgroup=7}, 88)");
	/* the caller's size: past it nothing is its own; under 64 bytes no struct */
	r.args[1] = 64;
	cr_expect(strstr(STR(decode_args(out, &r, (const uint8_t *)a, sizeof(a))), "stack_size=0}, 64)") != NULL, "%s", out);
	r.args[1] = 56;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)a, sizeof(a))), "(0x1000, 56)");
	expect_read("clone3", 0, 0, SNOOP_MEM_IN, CLONE_ARGS_READ_BYTES);
}

/* statfs's result, every field as strace 6.1 shows it (df compared by hand:
 * tests/progs/sysprobe.c decode_structs checks /proc's live) */
Test(decode_struct, statfs_result)
{
	struct snoop_record r = rec("fstatfs", 3, 0x1000, 0, 0, 0, 0);
	uint64_t v[11] = { 0xef53, 4096, 66053021, 61419504, 20450780, 16777216, 16334975,
			   0xdc363339572919d1ULL, 255, 1024, 0x1020 };

	cap(&r, 0, 1, STATFS_READ_BYTES, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)v, STATFS_READ_BYTES)),
			 "(3, {f_type=EXT2_SUPER_MAGIC, f_bsize=4096, f_blocks=66053021, f_bfree=61419504, f_bavail=20450780, "
			 "f_files=16777216, f_ffree=16334975, f_fsid={val=[0x572919d1, 0xdc363339]}, f_namelen=255, "
			 "f_frsize=1024, f_flags=ST_VALID|ST_RELATIME})");
	v[0] = 0x12345678;   /* an unknown magic: hex; no ST_VALID: no f_flags */
	v[7] = 0x14;
	v[10] = 0x1;
	cr_expect(strstr(STR(decode_args(out, &r, (const uint8_t *)v, STATFS_READ_BYTES)),
			 "{f_type=0x12345678, ") && strstr(out, "f_fsid={val=[0x14, 0]}, f_namelen=255, f_frsize=1024})"),
		  "%s", out);
	expect_read("fstatfs", 0, 1, SNOOP_MEM_OUT, STATFS_READ_BYTES);
	expect_read("statfs", 1, 1, SNOOP_MEM_OUT, STATFS_READ_BYTES);
}

/* futex's arguments by its command, as strace 6.1 shows them (glibc's
 * mutexes and condition variables compared by hand): the op's combined
 * name, only the arguments the command takes, the timeout read */
Test(decode_struct, futex_by_command)
{
	struct snoop_record r = rec("futex", 0x1000, 129, 1, 0, 0x2000, 0xdeadbeef);
	int64_t ts[2] = { 1, 500 };
	unsigned cut;

	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, FUTEX_WAKE_PRIVATE, 1)");
	r.args[1] = 0x80 | 0x100 | 9;   /* WAIT_BITSET, private, realtime */
	r.args[2] = 0;
	r.args[5] = 0xffffffff;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)),
			 "(0x1000, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, NULL, FUTEX_BITSET_MATCH_ANY)");
	r.args[3] = 0x3000;
	cap(&r, 0, 3, sizeof(ts), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ts, sizeof(ts))),
			 "(0x1000, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=500}, "
			 "FUTEX_BITSET_MATCH_ANY)");
	r.args[1] = 0;   /* WAIT: a relative timeout, no val3 */
	r.args[2] = 0xffffffff00000002ULL;   /* an int: the upper half is not its own */
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ts, sizeof(ts))),
			 "(0x1000, FUTEX_WAIT, 2, {tv_sec=1, tv_nsec=500})");
	r.mem_len[0] = 0;
	r.args[1] = 6;   /* LOCK_PI: no val */
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, FUTEX_LOCK_PI, 0x3000)");
	r.args[1] = 7;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, FUTEX_UNLOCK_PI)");
	r.args[1] = 0x80 | 4;   /* CMP_REQUEUE: val2 a count, val3 a number */
	r.args[2] = 1;
	r.args[3] = 2147483647;
	r.args[5] = 7;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)),
			 "(0x1000, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2147483647, 0x2000, 7)");
	r.args[1] = 5;   /* WAKE_OP */
	r.args[3] = 1;
	r.args[5] = 0x04000001;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)),
			 "(0x1000, FUTEX_WAKE_OP, 1, 1, 0x2000, FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1)");
	r.args[5] = 0x9ff12abc;
	cr_expect(strstr(STR(decode_args(out, &r, NULL, 0)),
			 ", FUTEX_OP_OPARG_SHIFT<<28|FUTEX_OP_ADD<<28|0xf12<<12|0xf<<24|0xabc)") != NULL, "%s", out);
	r.args[1] = 0x0e;   /* WAKE_OP's unknown operation and comparison: hex, as strace */
	r.args[5] = 0x69000000;
	r.args[1] = 5;
	cr_expect(strstr(STR(decode_args(out, &r, NULL, 0)), ", 0x6<<28|0<<12|0x9<<24|0)") != NULL, "%s", out);
	/* the other commands' shapes: what each takes, as strace */
	r.args[2] = 0xfffffffe;   /* val is unsigned */
	r.args[3] = 0x3000;
	r.args[5] = 3;
	r.args[1] = 10;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, FUTEX_WAKE_BITSET, 4294967294, 0x3)");
	r.args[1] = 3;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, FUTEX_REQUEUE, 4294967294, 12288, 0x2000)");
	r.args[1] = 8;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, FUTEX_TRYLOCK_PI)");
	r.args[1] = 12;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, FUTEX_CMP_REQUEUE_PI, 4294967294, 12288, 0x2000, 3)");
	r.args[1] = 13;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, FUTEX_LOCK_PI2, 0x3000)");
	cap(&r, 0, 3, sizeof(ts), 0);
	r.args[1] = 11 | 0x100;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ts, sizeof(ts))),
			 "(0x1000, FUTEX_WAIT_REQUEUE_PI|FUTEX_CLOCK_REALTIME, 4294967294, {tv_sec=1, tv_nsec=500}, 0x2000)");
	r.flags |= SNOOP_REC_IA32;   /* an ia32 caller's timespec is 32-bit: its address */
	r.nr = 240;
	cr_expect(strstr(STR(decode_args(out, &r, (const uint8_t *)ts, sizeof(ts))), ", 4294967294, 0x3000, ") != NULL,
		  "%s", out);
	r.flags &= ~SNOOP_REC_IA32;
	r.nr = (int32_t)syscall_number("futex");
	r.mem_len[0] = 0;
	/* the clock only with the waits that take it; FUTEX_FD has no private name */
	r.args[1] = 0x181;
	cr_expect(strstr(STR(decode_args(out, &r, NULL, 0)), "(0x1000, 0x181, ") == out, "%s", out);
	r.args[1] = 0x82;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, FUTEX_FD|FUTEX_PRIVATE_FLAG, 4294967294)");
	r.args[2] = 1;
	r.args[3] = 1;
	r.args[1] = 0x7f;   /* no such command: a number, every argument */
	r.args[5] = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, 0x7f, 1, 0x1, 0x2000, 0)");
	out[decode_args_json(out, &r, NULL, NULL, 0, &cut)] = '\0';
	cr_expect_str_eq(out, "[\"0x1000\",\"0x7f\",1,\"0x1\",\"0x2000\",0]");
	r.args[1] = 129;
	out[decode_args_json(out, &r, NULL, NULL, 0, &cut)] = '\0';
	cr_expect_str_eq(out, "[\"0x1000\",\"FUTEX_WAKE_PRIVATE\",1]");
	expect_read("futex", 0, 3, SNOOP_MEM_IN, 16);
}

/* unshare's flags are clone's all through: no exit signal in the low byte */
Test(decode_struct, unshare_flags)
{
	struct snoop_record r = rec("unshare", 0x80 | 0x04000000, 0, 0, 0, 0, 0);

	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(CLONE_NEWTIME|CLONE_NEWUTS)");
	r.args[0] = 0x11;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x11)");
	r.args[0] = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0)");
}
