/* sysprobe - issues syscalls with known ("magic") arguments so the
 * integration tests can assert snoop's exact records.
 *
 *   sysprobe basic          the magic sequence, then exit_group(7)
 *   sysprobe wait           print the PID, wait for a line on stdin, then basic
 *   sysprobe threads N      N threads (up to 1000) each close(0x5eed00+i, ...); exit 0
 *   sysprobe pidbasic       print the PID, then the magic sequence, exit 7
 *   sysprobe forks N        N children one after the other, each close(0x5eed) then _exit
 *   sysprobe execaway PATH  close(0x5eed, ...), then execv(PATH)
 *   sysprobe fork           a child runs the magic sequence; parent waits, exits 0
 *   sysprobe vforkfds       opens /dev/null, vforks; the child dup2s it onto its
 *                           stdout, closes it and execs sh -c 'echo vforked'
 *                           (python's subprocess, posix_spawn): the -y test of
 *                           a child whose calls end before its parent's vfork
 *   sysprobe storm N        N getppid() calls, then exit 0
 *   sysprobe leaderexit     3 threads openat the magic path after main has
 *                           called pthread_exit; the process ends with them
 *   sysprobe leaderwait     print the PID, main calls pthread_exit; a thread
 *                           waits for a line on stdin, then the magic
 *                           sequence (the -p test of a leaderless process)
 *   sysprobe threadexec [wait]  a thread execs the probe's basic mode while
 *                           main sits in pause(); with wait, first print the
 *                           PID and wait for a line on stdin
 *   sysprobe threadexec alone  the same after main has called pthread_exit:
 *                           the thread waits until its leader is a zombie, so
 *                           that the exec need not wait for (nor switch to)
 *                           any other thread before it takes the leader's TID
 *   sysprobe interrupted    pause() until a SIGALRM handler runs: pause
 *                           returns ERESTARTNOHAND to the tracer, EINTR here
 *   sysprobe inout          nanosleep(&ts, &ts) a SIGALRM interrupts: the
 *                           record shows the request, not the time left
 *   sysprobe killed         a child in pause() is killed with SIGKILL: its
 *                           call never returns ("?"); another with SIGTERM
 *                           ("? ERESTARTNOHAND", the return strace sees)
 *   sysprobe fault          a child writes to address 0x10 and dies of
 *                           SIGSEGV (SEGV_MAPERR, si_addr=0x10); exit 0
 *   sysprobe migrate        read() on a pipe blocks on CPU 0; a child makes
 *                           calls there, moves the reader to CPU 1 and
 *                           writes: the call ends on another CPU than it
 *                           began (exit 3 with fewer than 2 CPUs)
 *   sysprobe seccomp        a seccomp filter makes getppid fail with EACCES;
 *                           getppid(0x5eed, 0x5eee) twice: refused before
 *                           sys_enter, seen only at sys_exit
 *   sysprobe hop N T        T threads, each N getppid() calls, moving to the
 *                           next CPU every 500 calls and pausing 0.5 ms
 *                           there (the merge-order test)
 *   sysprobe threadstorm N T  T threads at once, each N getppid() calls flat
 *                           out (the --lossless test: a stop must reach
 *                           every thread)
 *   sysprobe twostorm N     N getppid(), getpid() as a marker, 0.5 s of sleep,
 *                           N getppid() again (the buffer-growth test)
 *   sysprobe decode [ARG...] calls whose arguments snoop decodes (see decode()
 *                           and decode_values()); ARGs only show in its execve
 *   sysprobe bench N        N getppid() calls, timed: prints "calls=N ns_per_call=X"
 *   sysprobe execs N        N fork+execve of /bin/true with 40 arguments of
 *                           100 bytes, timed the same way (ns_per_call is per exec)
 *   sysprobe mixed N        N rounds of openat/read/write/close, timed the same way
 *                           (4 syscalls a round; ns_per_call is per syscall)
 *   sysprobe pingpong N     N round trips of a byte between two processes on
 *                           CPU 0 over two pipes: two context switches and 4
 *                           syscalls a round, timed the same way (per syscall)
 *   sysprobe window         the attached-storm bench: print the PID, then call
 *                           getppid() until stopped (SIGTERM); the first
 *                           SIGUSR1 opens a counted window, marked by
 *                           close(0x5eed01), the second closes it with
 *                           close(0x5eed02) and prints "window=N", the
 *                           getppid() calls made in between; a third
 *                           SIGUSR1 ends it
 *   sysprobe timed CMD [ARG...]  run CMD, wait for it, print "elapsed_ns=T
 *                           maxrss_kb=K" on stderr (a build's own time, the
 *                           tracer's start and exit left out; or a tracer's
 *                           time and peak RSS, forked from a small process so
 *                           that no large parent's pages count in it); exits
 *                           with CMD's status
 *
 * The magic sequence (each call passes all six argument registers):
 *   close(0x5eed, 0x1111, 0x2222, 0x3333, 0x4444, 0x5555)    -> -EBADF
 *   getpid(0x6001, 0x6002, 0x6003, 0x6004, 0x6005, 0x6006)   -> pid
 *   read(0x5eed, 0, 0x42, 0x7001, 0x7002, 0x7003)            -> -EBADF
 *   openat(-100, "/nonexistent/snoop-probe", 0, 0, 0x8001, 0x8002) -> -ENOENT
 *
 * Expected records, as strace's tests print theirs: with SYSPROBE_EXPECT=N
 * in the environment, the probe writes to fd N the records snoop must show
 * for the calls it made, with the results it got, so the magic values live
 * here only. Written with writev(2), which no expectation mentions:
 *   raw (basic, threads): "PID TID SYSCALL RET ERRNO ARG..." - fields 2-6
 *     of snoop's --raw line, then as many argument registers as the probe
 *     vouches for (exit_group: only the first)
 *   decoded (decode): "SYSCALL RET ERRNO (ARGS)" - fields 4-6 and the
 *     decoded arguments; the execve's environment pointer, snoop's, as PTR
 */
#define _GNU_SOURCE   /* strerrorname_np */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/capability.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <asm/prctl.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/vfs.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "expect.h"

/* "RET ERRNO" as snoop prints them, from a raw syscall()'s result */
static const char *result(long ret, char *buf, size_t len)
{
	if (ret == -1)
		snprintf(buf, len, "%d %s", -errno, strerrorname_np(errno));
	else
		snprintf(buf, len, "%ld -", ret);
	return buf;
}

#define PATH_PROBE "/nonexistent/snoop-probe"

/* The magic sequence. Its getpid gives the PID for the expectations: no
 * other getpid may appear in a trace filtered with -e getpid. Returns it. */
static int magic(void)
{
	long ret[4];
	int pid, tid;
	char r[4][64];

	ret[0] = syscall(SYS_close, 0x5eed, 0x1111, 0x2222, 0x3333, 0x4444, 0x5555);
	result(ret[0], r[0], sizeof(r[0]));
	pid = (int)(ret[1] = syscall(SYS_getpid, 0x6001, 0x6002, 0x6003, 0x6004, 0x6005, 0x6006));
	result(ret[1], r[1], sizeof(r[1]));
	result(syscall(SYS_read, 0x5eed, 0, 0x42, 0x7001, 0x7002, 0x7003), r[2], sizeof(r[2]));
	result(syscall(SYS_openat, (long)-100, PATH_PROBE, 0, 0, 0x8001, 0x8002), r[3], sizeof(r[3]));
	tid = (int)syscall(SYS_gettid);
	expect("%d %d close %s 0x5eed 0x1111 0x2222 0x3333 0x4444 0x5555", pid, tid, r[0]);
	expect("%d %d getpid %s 0x6001 0x6002 0x6003 0x6004 0x6005 0x6006", pid, tid, r[1]);
	expect("%d %d read %s 0x5eed 0x0 0x42 0x7001 0x7002 0x7003", pid, tid, r[2]);
	expect("%d %d openat %s 0xffffffffffffff9c %p 0x0 0x0 0x8001 0x8002", pid, tid, r[3], (void *)PATH_PROBE);
	return pid;
}

/* exit_group(7) never returns: its record is written at entry */
static void exit_magic(int pid)
{
	expect("%d %d exit_group ? - 0x7", pid, pid);
	syscall(SYS_exit_group, 7);
}

/* Arguments of every kind the integration tests check decoded:
 *   write(fd, "hello\n", 6) to /dev/null
 *   connect to 127.0.0.1:9 (refused) and to the unix path /nonexistent/snoop.sock
 *   openat with an unreadable path pointer (1): EFAULT, shown as 0x1
 *   openat with a 300-character name: cut at 255 with "..."
 *   write(-1, buf, 1 << 40): a huge length, 32 bytes shown with "..."
 * Each expectation is written after all the calls, so the lines snoop
 * shows from the first openat on are the calls' own. */
/* execve's argv as snoop (and strace) shows it with the default -s 32:
 * the first 32 strings, each cut at 32 bytes with "..." after its quote,
 * then ", ..." if there were more. */
static void expect_execve(int argc, char **argv)
{
	char list[4096], *p = list;
	int i;

	for (i = 0; i < argc && i < 32; i++)
		p += sprintf(p, "%s\"%.32s\"%s", i ? ", " : "", argv[i], strlen(argv[i]) > 32 ? "..." : "");
	if (argc > 32)
		p += sprintf(p, ", ...");
	expect("execve 0 - (\"%s\", [%s], PTR)", argv[0], list);
}

/* Values and flags strace shows and snoop once showed wrong, or as bare
 * numbers: 64-bit
 * offsets and lengths whole, end of file as "", flags without an access
 * mode, accept4 without flags, O_DIRECTORY without a mode, a path of
 * exactly 255 bytes whole (not marked cut). */
static void decode_values(void)
{
	char name255[256], r[17][64], buf[16];
	unsigned long fsbase;
	int fd, rfd, dir, p[2], k = 0;

	memset(name255, 'b', 255);
	name255[255] = '\0';
	fd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", O_WRONLY);
	result(fd, r[k++], sizeof(r[0]));
	result(syscall(SYS_lseek, fd, 5000000000L, SEEK_SET), r[k++], sizeof(r[0]));
	result(syscall(SYS_ftruncate, fd, 6000000000L), r[k++], sizeof(r[0]));
	result(syscall(SYS_truncate, PATH_PROBE, 7000000000L), r[k++], sizeof(r[0]));
	rfd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
	result(rfd, r[k++], sizeof(r[0]));
	result(syscall(SYS_read, rfd, buf, sizeof(buf)), r[k++], sizeof(r[0]));
	result(syscall(SYS_pipe2, p, 0), r[k++], sizeof(r[0]));
	result(syscall(SYS_dup3, p[0], 100, O_CLOEXEC), r[k++], sizeof(r[0]));
	result(syscall(SYS_accept4, -1, NULL, NULL, 0), r[k++], sizeof(r[0]));
	dir = (int)syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY | O_DIRECTORY);
	result(dir, r[k++], sizeof(r[0]));
	result(syscall(SYS_openat, AT_FDCWD, name255, O_RDONLY), r[k++], sizeof(r[0]));
	result(syscall(SYS_wait4, -1, NULL, WNOHANG, NULL), r[k++], sizeof(r[0]));
	result(syscall(SYS_shutdown, -1, SHUT_RDWR), r[k++], sizeof(r[0]));
	result(syscall(SYS_madvise, NULL, 0, MADV_NORMAL), r[k++], sizeof(r[0]));
	result(syscall(SYS_getrandom, NULL, 0, GRND_NONBLOCK), r[k++], sizeof(r[0]));
	result(syscall(SYS_arch_prctl, ARCH_GET_FS, &fsbase), r[k++], sizeof(r[0]));

	k = 0;
	expect("openat %s (AT_FDCWD, \"/dev/null\", O_WRONLY)", r[k++]);
	expect("lseek %s (%d, 5000000000, SEEK_SET)", r[k++], fd);
	expect("ftruncate %s (%d, 6000000000)", r[k++], fd);
	expect("truncate %s (\"%s\", 7000000000)", r[k++], PATH_PROBE);
	expect("openat %s (AT_FDCWD, \"/dev/null\", O_RDONLY)", r[k++]);
	expect("read %s (%d, \"\", %zu)", r[k++], rfd, sizeof(buf));
	expect("pipe2 %s ([%d, %d], 0)", r[k++], p[0], p[1]);
	expect("dup3 %s (%d, 100, O_CLOEXEC)", r[k++], p[0]);
	expect("accept4 %s (-1, NULL, NULL, 0)", r[k++]);
	expect("openat %s (AT_FDCWD, \"/\", O_RDONLY|O_DIRECTORY)", r[k++]);
	expect("openat %s (AT_FDCWD, \"%s\", O_RDONLY)", r[k++], name255);
	expect("wait4 %s (-1, NULL, WNOHANG, NULL)", r[k++]);
	expect("shutdown %s (-1, SHUT_RDWR)", r[k++]);
	expect("madvise %s (NULL, 0, MADV_NORMAL)", r[k++]);
	expect("getrandom %s (NULL, 0, GRND_NONBLOCK)", r[k++]);
	expect("arch_prctl %s (ARCH_GET_FS, %p)", r[k++], (void *)&fsbase);
}

/* Bytes as snoop quotes them: \" \\ \n \t \r, printable ASCII as is, the
 * rest \xNN (the probe's own escaper, so a mistake in snoop's shows). */
static const char *quoted(const unsigned char *b, size_t n, char *out)
{
	char *o = out;
	size_t i;

	for (i = 0; i < n; i++) {
		if (b[i] == '"' || b[i] == '\\')
			o += sprintf(o, "\\%c", b[i]);
		else if (b[i] == '\n' || b[i] == '\t' || b[i] == '\r')
			o += sprintf(o, "\\%c", b[i] == '\n' ? 'n' : b[i] == '\t' ? 't' : 'r');
		else if (b[i] >= 0x20 && b[i] < 0x7f)
			*o++ = (char)b[i];
		else
			o += sprintf(o, "\\x%02x", b[i]);
	}
	*o = '\0';
	return out;
}

/* "RLIM64_INFINITY", "8192*1024" or "64", as strace prints a limit */
static const char *rlim(unsigned long long v, char *out)
{
	if (v == ~0ULL)
		return strcpy(out, "RLIM64_INFINITY");
	if (v > 1024 && v % 1024 == 0)
		sprintf(out, "%llu*1024", v / 1024);
	else
		sprintf(out, "%llu", v);
	return out;
}

/* 0x14 or 0, as strace shows an fsid's halves */
static const char *xint(unsigned v, char *out)
{
	sprintf(out, v ? "%#x" : "0", v);
	return out;
}

/* A struct statfs's f_flags (ST_VALID set) in strace's order: ST_VALID
 * first, then by value */
static const char *st_flags(unsigned long v, char *out)
{
	static const struct { unsigned long bit; const char *name; } st[] = {
		{ 0x20, "ST_VALID" }, { 0x1, "ST_RDONLY" }, { 0x2, "ST_NOSUID" }, { 0x4, "ST_NODEV" },
		{ 0x8, "ST_NOEXEC" }, { 0x10, "ST_SYNCHRONOUS" }, { 0x40, "ST_MANDLOCK" }, { 0x400, "ST_NOATIME" },
		{ 0x800, "ST_NODIRATIME" }, { 0x1000, "ST_RELATIME" }, { 0x2000, "ST_NOSYMFOLLOW" },
	};
	size_t i;

	*out = '\0';
	for (i = 0; i < sizeof(st) / sizeof(st[0]); i++)
		if (v & st[i].bit) {
			sprintf(out + strlen(out), "%s%s", *out ? "|" : "", st[i].name);
			v &= ~st[i].bit;
		}
	if (v)
		sprintf(out + strlen(out), "%s%#lx", *out ? "|" : "", v);
	return out;
}

/* poll's and epoll's event bits the probe's calls can get back, as strace
 * names them (by value) */
static const char *wait_events(unsigned v, int epoll, char *out)
{
	static const char *const names[] = { "IN", "PRI", "OUT", "ERR", "HUP", "NVAL" };
	size_t i;

	*out = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (v & (1u << i)) {
			sprintf(out + strlen(out), "%s%s%s", *out ? "|" : "", epoll ? "EPOLL" : "POLL", names[i]);
			v &= ~(1u << i);
		}
	if (v || !*out)
		sprintf(out + strlen(out), "%s%#x", *out ? "|" : "", v);
	return out;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* The flags of the calls that make an fd, getrusage's times, the CPU set
 * sched_getaffinity returns: each as the kernel gave it to the probe */
static void decode_fd_makers(void)
{
	char r[6][64], cpus[4096] = "[";
	struct rusage ru;
	uint8_t set[128];
	long n, i;

	result(syscall(SYS_eventfd2, 0, EFD_CLOEXEC | EFD_NONBLOCK), r[0], sizeof(r[0]));
	expect("eventfd2 %s (0, EFD_CLOEXEC|EFD_NONBLOCK)", r[0]);
	result(syscall(SYS_memfd_create, "probe", 0x3), r[1], sizeof(r[1]));
	expect("memfd_create %s (\"probe\", MFD_CLOEXEC|MFD_ALLOW_SEALING)", r[1]);
	result(syscall(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK), r[2], sizeof(r[2]));
	expect("timerfd_create %s (CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK)", r[2]);
	result(syscall(SYS_inotify_init1, IN_NONBLOCK | IN_CLOEXEC), r[3], sizeof(r[3]));
	expect("inotify_init1 %s (IN_NONBLOCK|IN_CLOEXEC)", r[3]);
	result(syscall(SYS_getrusage, RUSAGE_SELF, &ru), r[4], sizeof(r[4]));
	expect("getrusage %s (RUSAGE_SELF, {ru_utime={tv_sec=%ld, tv_usec=%ld}, ru_stime={tv_sec=%ld, tv_usec=%ld}, ...})",
	       r[4], (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec, (long)ru.ru_stime.tv_sec,
	       (long)ru.ru_stime.tv_usec);
	n = syscall(SYS_sched_getaffinity, 0, sizeof(set), set);
	result(n, r[5], sizeof(r[5]));
	for (i = 0; i < n * 8 && i < 256; i++)   /* -s 32: 32 bytes, 256 CPUs */
		if (set[i / 8] >> (i % 8) & 1)
			sprintf(cpus + strlen(cpus), "%s%ld", cpus[1] ? " " : "", i);
	expect("sched_getaffinity %s (0, %zu, %s%s])", r[5], sizeof(set), cpus, n > 32 ? ", ..." : "");
	/* socket options: an int, SO_LINGER's struct, a name's bytes */
	{
		int s = socket(AF_INET, SOCK_STREAM, 0), one = 1, type = 0;
		struct linger lg = { 1, 5 };
		socklen_t len = sizeof(type);
		char cc[64], q[4 * 64 + 1];

		result(syscall(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, &one, 4), r[0], sizeof(r[0]));
		expect("setsockopt %s (%d, SOL_SOCKET, SO_REUSEADDR, [1], 4)", r[0], s);
		result(syscall(SYS_setsockopt, s, IPPROTO_TCP, TCP_NODELAY, &one, 4), r[0], sizeof(r[0]));
		expect("setsockopt %s (%d, SOL_TCP, TCP_NODELAY, [1], 4)", r[0], s);
		result(syscall(SYS_setsockopt, s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)), r[0], sizeof(r[0]));
		expect("setsockopt %s (%d, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, %zu)", r[0], s, sizeof(lg));
		result(syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &type, &len), r[0], sizeof(r[0]));
		expect("getsockopt %s (%d, SOL_SOCKET, SO_TYPE, [%d], [4])", r[0], s, type);
		len = sizeof(cc);
		result(syscall(SYS_getsockopt, s, IPPROTO_TCP, TCP_CONGESTION, cc, &len), r[0], sizeof(r[0]));
		expect("getsockopt %s (%d, SOL_TCP, TCP_CONGESTION, \"%s\", [%zu => %u])", r[0], s,
		       quoted((unsigned char *)cc, len, q), sizeof(cc), (unsigned)len);
	}
	/* capget's header; its data decoded by tests/unit (the names would be
	 * the probe's own table here) */
	{
		struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };

		result(syscall(SYS_capget, &h, NULL), r[0], sizeof(r[0]));
		expect("capget %s ({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, NULL)", r[0]);
		h.version = 0;   /* refused: the kernel writes its own back, the call's shows */
		result(syscall(SYS_capget, &h, (void *)0x10), r[1], sizeof(r[1]));
		expect("capget %s ({version=0, pid=0}, 0x10)", r[1]);
	}
}

/* prctl by its option, seccomp by its operation: the probe's own name
 * read and set again (unchanged), a capability, a signal set and reset,
 * and filter programs the kernel refuses (an empty one: nothing installed) */
static void decode_prctl(void)
{
	char r[64], name[16] = "", q[4 * 16 + 1];
	struct sock_fprog empty = { .len = 0, .filter = NULL };
	uint32_t action = SECCOMP_RET_LOG;

	result(syscall(SYS_prctl, PR_GET_NAME, name, 0, 0, 0), r, sizeof(r));
	expect("prctl %s (PR_GET_NAME, \"%s\")", r, quoted((unsigned char *)name, strlen(name), q));
	result(syscall(SYS_prctl, PR_SET_NAME, name, 0, 0, 0), r, sizeof(r));
	expect("prctl %s (PR_SET_NAME, \"%s\"%s)", r, quoted((unsigned char *)name, strlen(name), q),
	       strlen(name) >= 15 ? "..." : "");
	result(syscall(SYS_prctl, PR_CAPBSET_READ, CAP_NET_ADMIN, 0, 0, 0), r, sizeof(r));
	expect("prctl %s (PR_CAPBSET_READ, CAP_NET_ADMIN)", r);
	result(syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0), r, sizeof(r));
	expect("prctl %s (PR_SET_PDEATHSIG, SIGKILL)", r);
	result(syscall(SYS_prctl, PR_SET_PDEATHSIG, 0, 0, 0, 0), r, sizeof(r));
	expect("prctl %s (PR_SET_PDEATHSIG, 0)", r);
	result(syscall(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0), r, sizeof(r));
	expect("prctl %s (PR_GET_DUMPABLE)", r);
	result(syscall(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0), r, sizeof(r));
	expect("prctl %s (PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0)", r);
	result(syscall(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &empty, 0, 0), r, sizeof(r));
	expect("prctl %s (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, {len=0, filter=NULL})", r);
	result(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &empty), r, sizeof(r));
	expect("seccomp %s (SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, {len=0, filter=NULL})", r);
	result(syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action), r, sizeof(r));
	expect("seccomp %s (SECCOMP_GET_ACTION_AVAIL, 0, [SECCOMP_RET_LOG])", r);
}

/* sendmsg and recvmsg: their msghdr, its iovecs, name and control
 * messages; an fd passed (SCM_RIGHTS), a datagram cut (MSG_TRUNC), a
 * failed recvmsg (its name length as given) */
static void decode_msghdr(void)
{
	char r[64], buf[8], cbuf[CMSG_SPACE(sizeof(int))], cin[CMSG_SPACE(sizeof(int))];
	int sv[2], got = -1, u, v;
	struct sockaddr_un un;
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) }, to;
	socklen_t inlen = sizeof(in);
	struct iovec two[2] = { { "hello", 5 }, { " world", 6 } }, one = { buf, sizeof(buf) };
	struct msghdr m = { .msg_iov = two, .msg_iovlen = 2 };
	struct cmsghdr *c;

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
		return;
	result(syscall(SYS_sendmsg, sv[0], &m, 0), r, sizeof(r));
	expect("sendmsg %s (%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hello\", iov_len=5}, "
	       "{iov_base=\" world\", iov_len=6}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, 0)", r, sv[0]);
	m = (struct msghdr){ .msg_name = &un, .msg_namelen = sizeof(un), .msg_iov = &one, .msg_iovlen = 1 };
	result(syscall(SYS_recvmsg, sv[1], &m, 0), r, sizeof(r));   /* 8 of 11 bytes: the rest cut */
	expect("recvmsg %s (%d, {msg_name=%p, msg_namelen=%zu => %u, msg_iov=[{iov_base=\"hello wo\", iov_len=8}], "
	       "msg_iovlen=1, msg_controllen=0, msg_flags=MSG_TRUNC}, 0)", r, sv[1], (void *)&un, sizeof(un),
	       (unsigned)m.msg_namelen);
	/* an fd passed: its number as sent, then as received */
	m = (struct msghdr){ .msg_iov = two, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &sv[0], sizeof(int));
	result(syscall(SYS_sendmsg, sv[0], &m, MSG_DONTWAIT), r, sizeof(r));
	expect("sendmsg %s (%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hello\", iov_len=5}], msg_iovlen=1, "
	       "msg_control=[{cmsg_len=%zu, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[%d]}], "
	       "msg_controllen=%zu, msg_flags=0}, MSG_DONTWAIT)", r, sv[0], (size_t)CMSG_LEN(sizeof(int)), sv[0], sizeof(cbuf));
	m = (struct msghdr){ .msg_iov = &one, .msg_iovlen = 1, .msg_control = cin, .msg_controllen = sizeof(cin) };
	result(syscall(SYS_recvmsg, sv[1], &m, MSG_CMSG_CLOEXEC), r, sizeof(r));
	c = CMSG_FIRSTHDR(&m);
	if (c && c->cmsg_type == SCM_RIGHTS)
		memcpy(&got, CMSG_DATA(c), sizeof(int));
	expect("recvmsg %s (%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hello\", iov_len=8}], msg_iovlen=1, "
	       "msg_control=[{cmsg_len=%zu, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[%d]}], "
	       "msg_controllen=%zu, msg_flags=MSG_CMSG_CLOEXEC}, MSG_CMSG_CLOEXEC)", r, sv[1], (size_t)CMSG_LEN(sizeof(int)),
	       got, (size_t)m.msg_controllen);
	/* nothing to receive: the name length it was given */
	m = (struct msghdr){ .msg_name = &un, .msg_namelen = 16, .msg_iov = &one, .msg_iovlen = 1 };
	result(syscall(SYS_recvmsg, sv[1], &m, MSG_DONTWAIT), r, sizeof(r));
	expect("recvmsg %s (%d, {msg_namelen=16}, MSG_DONTWAIT)", r, sv[1]);
	/* a datagram to a loopback port: the address given, and the sender's */
	u = socket(AF_INET, SOCK_DGRAM, 0);
	v = socket(AF_INET, SOCK_DGRAM, 0);
	if (u < 0 || v < 0 || bind(u, (struct sockaddr *)&in, sizeof(in)) || getsockname(u, (struct sockaddr *)&in, &inlen))
		return;
	expect("getsockname 0 - (%d, {AF_INET, 127.0.0.1:%u}, [16])", u, ntohs(in.sin_port));
	to = in;
	m = (struct msghdr){ .msg_name = &in, .msg_namelen = sizeof(in), .msg_iov = two, .msg_iovlen = 1 };
	result(syscall(SYS_sendmsg, v, &m, 0), r, sizeof(r));
	expect("sendmsg %s (%d, {msg_name={AF_INET, 127.0.0.1:%u}, msg_namelen=16, msg_iov=[{iov_base=\"hello\", "
	       "iov_len=5}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0)", r, v, ntohs(in.sin_port));
	m = (struct msghdr){ .msg_name = &in, .msg_namelen = sizeof(in), .msg_iov = &one, .msg_iovlen = 1 };
	result(syscall(SYS_recvmsg, u, &m, 0), r, sizeof(r));
	expect("recvmsg %s (%d, {msg_name={AF_INET, 127.0.0.1:%u}, msg_namelen=16, msg_iov=[{iov_base=\"hello\", "
	       "iov_len=8}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0)", r, u, ntohs(in.sin_port));
	/* sendmmsg: the first message's msghdr, as a resolver sends its
	 * queries */
	{
		struct iovec q[2] = { { "query-a", 7 }, { "query-b", 7 } };
		struct mmsghdr mm[2] = { { .msg_hdr = { .msg_name = &in, .msg_namelen = sizeof(in), .msg_iov = &q[0],
							.msg_iovlen = 1 } },
					 { .msg_hdr = { .msg_name = &in, .msg_namelen = sizeof(in), .msg_iov = &q[1],
							.msg_iovlen = 1 } } };

		in = to;
		result(syscall(SYS_sendmmsg, v, mm, 2, MSG_NOSIGNAL), r, sizeof(r));
		expect("sendmmsg %s (%d, [{msg_hdr={msg_name={AF_INET, 127.0.0.1:%u}, msg_namelen=16, msg_iov=[{iov_base="
		       "\"query-a\", iov_len=7}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, ...}, ...], 2, MSG_NOSIGNAL)",
		       r, v, ntohs(to.sin_port));
		while (recv(u, buf, sizeof(buf), MSG_DONTWAIT) > 0)   /* (recv: not traced here) */
			;
	}
	/* a NULL buffer of 5 bytes and one that cannot be read: the kernel
	 * refuses both (EFAULT), snoop shows them as strace does */
	{
		struct iovec bad[3] = { { "ab", 2 }, { NULL, 5 }, { (void *)0x10, 5 } };

		m = (struct msghdr){ .msg_iov = bad, .msg_iovlen = 3 };
		result(syscall(SYS_sendmsg, sv[0], &m, 0), r, sizeof(r));
		expect("sendmsg %s (%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"ab\", iov_len=2}, "
		       "{iov_base=NULL, iov_len=5}, {iov_base=0x10, iov_len=5}], msg_iovlen=3, msg_controllen=0, "
		       "msg_flags=0}, 0)", r, sv[0]);
	}
	/* more than a record holds (a 110-byte name, 8 fds, 4 iovecs): the
	 * record kept, its parts cut to fit (the data, then the control
	 * messages) */
	{
		struct iovec four[4] = { { "a", 1 }, { "b", 1 }, { "c", 1 }, { "d", 1 } };
		char cb[CMSG_SPACE(8 * sizeof(int))];
		int eight[8] = { 0, 1, 2, 0, 1, 2, 0, 1 };

		memset(&un, 0, sizeof(un));
		un.sun_family = AF_UNIX;
		memset(un.sun_path, 'p', sizeof(un.sun_path) - 1);
		m = (struct msghdr){ .msg_name = &un, .msg_namelen = sizeof(un), .msg_iov = four, .msg_iovlen = 4,
				     .msg_control = cb, .msg_controllen = sizeof(cb) };
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(eight));
		memcpy(CMSG_DATA(c), eight, sizeof(eight));
		result(syscall(SYS_sendmsg, sv[0], &m, 0), r, sizeof(r));
		expect("sendmsg %s (%d, {msg_name={AF_UNIX, \"%.107s\"}, msg_namelen=%zu, msg_iov=[{iov_base=\"\"..., "
		       "iov_len=1}, {iov_base=\"\"..., iov_len=1}, {iov_base=\"\"..., iov_len=1}, {iov_base=\"\"..., "
		       "iov_len=1}], msg_iovlen=4, msg_control=[{cmsg_len=%zu, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, "
		       "...}], msg_controllen=%zu, msg_flags=0}, 0)", r, sv[0], un.sun_path, sizeof(un),
		       (size_t)CMSG_LEN(sizeof(eight)), sizeof(cb));
	}
	/* a name too short for the sender's address: what the kernel wrote
	 * of it, the lengths given and needed */
	if (sendto(v, "hi", 2, 0, (struct sockaddr *)&to, sizeof(to)) != 2)   /* (sendto: not traced here) */
		return;
	m = (struct msghdr){ .msg_name = &in, .msg_namelen = 4, .msg_iov = &one, .msg_iovlen = 1 };
	result(syscall(SYS_recvmsg, u, &m, 0), r, sizeof(r));
	expect("recvmsg %s (%d, {msg_name={AF_INET}, msg_namelen=4 => 16, msg_iov=[{iov_base=\"hi\", iov_len=8}], "
	       "msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0)", r, u);
}

/* memory policies, protection keys, groups: the probe's own, read and
 * set again unchanged */
static void decode_policies(void)
{
	char r[64], list[16 * 20] = "", mask[16 * 20] = "";
	unsigned long nodes[16] = { 0 };
	gid_t gids[16];
	int mode = -1, i;
	long n, key;

	result(syscall(SYS_get_mempolicy, &mode, nodes, 1025, NULL, 0), r, sizeof(r));
	for (i = 0; i < 16; i++)
		sprintf(mask + strlen(mask), nodes[i] ? "%s%#016lx" : "%s%016lx", i ? ", " : "", nodes[i]);
	expect("get_mempolicy %s ([%s], [%s], 1025, NULL, 0)", r,
	       mode == 0 ? "MPOL_DEFAULT" : mode == 1 ? "MPOL_PREFERRED" : mode == 2 ? "MPOL_BIND" : "?", mask);
	result(syscall(SYS_set_mempolicy, 0 /* MPOL_DEFAULT */, NULL, 0), r, sizeof(r));
	expect("set_mempolicy %s (MPOL_DEFAULT, NULL, 0)", r);
	key = syscall(SYS_pkey_alloc, 0, 0x3);
	result(key, r, sizeof(r));
	expect("pkey_alloc %s (0, PKEY_DISABLE_ACCESS|PKEY_DISABLE_WRITE)", r);
	if (key >= 0) {
		result(syscall(SYS_pkey_free, key), r, sizeof(r));
		expect("pkey_free %s (%ld)", r, key);
	}
	n = syscall(SYS_getgroups, 16, gids);
	result(n, r, sizeof(r));
	for (i = 0; i < n; i++)
		sprintf(list + strlen(list), "%s%u", i ? ", " : "", (unsigned)gids[i]);
	expect("getgroups %s (16, [%s])", r, list);
	if (n >= 0) {
		result(syscall(SYS_setgroups, n, gids), r, sizeof(r));
		expect("setgroups %s (%ld, [%s])", r, n, list);
	}
}

/* ioctl's argument by its command: ints given and filled, a window size
 * on a pty master, none for FIOCLEX, a number for the others */
/* file locks, times, mremap's and renameat2's flags, scheduling and
 * priorities: what a survey of real programs found undecoded */
static void decode_locks(void)
{
	char r[64], path[64], moved[80];
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 100, .l_len = 1 };
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { 1700000000, 0 } };
	int fd, max;
	void *m;

	snprintf(path, sizeof(path), "/tmp/snoop-probe-lock-%d", (int)getpid());
	fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	result(fd, r, sizeof(r));
	expect("openat %s (AT_FDCWD, \"%s\", O_RDWR|O_CREAT|O_TRUNC, 0600)", r, path);
	if (fd < 0)
		return;
	result(syscall(SYS_flock, fd, LOCK_EX | LOCK_NB), r, sizeof(r));
	expect("flock %s (%d, LOCK_EX|LOCK_NB)", r, fd);
	result(syscall(SYS_fcntl, fd, F_SETLK, &fl), r, sizeof(r));
	expect("fcntl %s (%d, F_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=100, l_len=1})", r, fd);
	result(syscall(SYS_fcntl, fd, F_OFD_GETLK, &fl), r, sizeof(r));
	expect("fcntl %s (%d, F_OFD_GETLK, {l_type=%s, l_whence=SEEK_SET, l_start=100, l_len=1, l_pid=%d})", r, fd,
	       fl.l_type == F_UNLCK ? "F_UNLCK" : "F_WRLCK", (int)fl.l_pid);
	result(syscall(SYS_utimensat, AT_FDCWD, path, ts, 0), r, sizeof(r));
	expect("utimensat %s (AT_FDCWD, \"%s\", [UTIME_OMIT, {tv_sec=1700000000, tv_nsec=0}], 0)", r, path);
	result(syscall(SYS_fallocate, fd, FALLOC_FL_KEEP_SIZE, 0, 4096), r, sizeof(r));
	expect("fallocate %s (%d, FALLOC_FL_KEEP_SIZE, 0, 4096)", r, fd);
	snprintf(moved, sizeof(moved), "%s.moved", path);
	result(syscall(SYS_renameat2, AT_FDCWD, path, AT_FDCWD, moved, RENAME_NOREPLACE), r, sizeof(r));
	expect("renameat2 %s (AT_FDCWD, \"%s\", AT_FDCWD, \"%s\", RENAME_NOREPLACE)", r, path, moved);
	unlink(moved);
	unlink(path);
	result(syscall(SYS_close, fd), r, sizeof(r));
	expect("close %s (%d)", r, fd);
	m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m != MAP_FAILED) {
		void *n = (void *)syscall(SYS_mremap, m, 4096, 8192, MREMAP_MAYMOVE, 0);

		result((long)n == -1 ? -errno : 0, r, sizeof(r));
		if ((long)n != -1)
			expect("mremap %ld - (%p, 4096, 8192, MREMAP_MAYMOVE, NULL)", (long)n, m);
	}
	max = (int)syscall(SYS_sched_get_priority_max, SCHED_FIFO);
	expect("sched_get_priority_max %d - (SCHED_FIFO)", max);
	result(syscall(SYS_getpriority, PRIO_PROCESS, 0), r, sizeof(r));
	expect("getpriority %s (PRIO_PROCESS, 0)", r);
}

static void decode_ioctls(void)
{
	char r[64];
	int sv[2], one = 1, n = -1, pty;
	struct winsize ws = { 24, 80, 0, 0 }, got = { 0 };

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) || write(sv[0], "abc", 3) != 3)
		return;
	expect("write 3 - (%d, \"abc\", 3)", sv[0]);
	result(syscall(SYS_ioctl, sv[1], FIONBIO, &one), r, sizeof(r));
	expect("ioctl %s (%d, FIONBIO, [1])", r, sv[1]);
	result(syscall(SYS_ioctl, sv[1], FIONREAD, &n), r, sizeof(r));
	expect("ioctl %s (%d, FIONREAD, [%d])", r, sv[1], n);
	result(syscall(SYS_ioctl, sv[1], FIOCLEX), r, sizeof(r));
	expect("ioctl %s (%d, FIOCLEX)", r, sv[1]);
	result(syscall(SYS_ioctl, sv[1], TIOCGWINSZ, &got), r, sizeof(r));
	expect("ioctl %s (%d, TIOCGWINSZ, %p)", r, sv[1], (void *)&got);   /* not a tty: its address */
	result(syscall(SYS_ioctl, sv[1], 0x5401ff, 0x1234), r, sizeof(r));
	expect("ioctl %s (%d, 0x5401ff, 0x1234)", r, sv[1]);
	pty = syscall(SYS_openat, AT_FDCWD, "/dev/ptmx", O_RDWR | O_NOCTTY);
	result(pty, r, sizeof(r));
	expect("openat %s (AT_FDCWD, \"/dev/ptmx\", O_RDWR|O_NOCTTY)", r);
	if (pty < 0)
		return;
	{
		struct termios t = { 0 };   /* the kernel's layout: glibc's struct termios starts the same */

		t.c_iflag = ICRNL | IXON;
		t.c_oflag = OPOST | ONLCR;
		t.c_cflag = B38400 | CS8 | CREAD;
		t.c_lflag = ISIG | ICANON | ECHO;
		result(syscall(SYS_ioctl, pty, TCSETS, &t), r, sizeof(r));
		expect("ioctl %s (%d, TCSETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "
		       "c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO, ...})", r, pty);
		memset(&t, 0, sizeof(t));
		result(syscall(SYS_ioctl, pty, TCGETS, &t), r, sizeof(r));
		expect("ioctl %s (%d, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "
		       "c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO, ...})", r, pty);
		result(syscall(SYS_ioctl, pty, TCFLSH, TCIOFLUSH), r, sizeof(r));
		expect("ioctl %s (%d, TCFLSH, TCIOFLUSH)", r, pty);
	}
	result(syscall(SYS_ioctl, pty, TIOCSWINSZ, &ws), r, sizeof(r));
	expect("ioctl %s (%d, TIOCSWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0})", r, pty);
	result(syscall(SYS_ioctl, pty, TIOCGWINSZ, &got), r, sizeof(r));
	expect("ioctl %s (%d, TIOCGWINSZ, {ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u})", r, pty, got.ws_row,
	       got.ws_col, got.ws_xpixel, got.ws_ypixel);
}

/* rt_sigreturn's mask: the one the handler's return puts back, which the
 * probe asks the kernel for first (SIGALRM by tgkill, not raise(), whose
 * own mask changes would be traced too) */
static void decode_sigreturn(void)
{
	char r[64], mask[512] = "[";
	sigset_t cur;
	int s;

	result(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &cur, 8), r, sizeof(r));
	for (s = 1; s < 32; s++)
		if (sigismember(&cur, s))
			sprintf(mask + strlen(mask), "%s%s", mask[1] ? " " : "", sigabbrev_np(s));
	strcat(mask, "]");
	expect("rt_sigprocmask %s (SIG_BLOCK, NULL, %s, 8)", r, mask);
	if (syscall(SYS_tgkill, getpid(), gettid(), SIGALRM))
		abort();
	expect("rt_sigreturn 0 - ({mask=%s})", mask);
}

/* What calls wait on: poll's and ppoll's pollfds and what came back (in
 * snoop's text after "=>"), ppoll's time left, epoll's events. The data
 * goes through a socket pair by sendto, a call the test does not trace. */
static void decode_waits(void)
{
	struct pollfd f[3];
	struct timespec tmo = { 5, 0 }, brief = { 0, 1000 };
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 0x100000007ULL }, got[4];
	uint64_t none = 0;
	char r[8][64], e[2][64];
	int s[2], ep, k = 0;

	struct sockaddr_un un;
	socklen_t unlen = sizeof(un);

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) || send(s[1], "w", 1, 0) != 1)
		abort();
	/* an unnamed socket's address: its length given, and written back */
	result(syscall(SYS_getsockname, s[0], &un, &unlen), e[0], sizeof(e[0]));
	expect("getsockname %s (%d, {AF_UNIX}, [%zu => %u])", e[0], s[0], sizeof(un), (unsigned)unlen);
	f[0] = (struct pollfd){ s[0], POLLIN, 0 };
	f[1] = (struct pollfd){ -1, POLLIN, 0 };
	f[2] = (struct pollfd){ s[1], POLLOUT, 0 };
	result(syscall(SYS_poll, f, 3, 1000), r[k++], sizeof(r[0]));
	wait_events((unsigned short)f[0].revents, 0, e[0]);
	wait_events((unsigned short)f[2].revents, 0, e[1]);
	expect("poll %s ([{fd=%d, events=POLLIN}, {fd=-1}, {fd=%d, events=POLLOUT}] => [{fd=%d, revents=%s}, "
	       "{fd=%d, revents=%s}], 3, 1000)", r[0], s[0], s[1], s[0], e[0], s[1], e[1]);
	/* the kernel writes the time left back into tmo */
	result(syscall(SYS_ppoll, f, 1, &tmo, NULL, 8), r[k++], sizeof(r[0]));
	expect("ppoll %s ([{fd=%d, events=POLLIN}] => [{fd=%d, revents=%s}], 1, {tv_sec=5, tv_nsec=0} => "
	       "{tv_sec=%ld, tv_nsec=%ld}, NULL, 8)", r[1], s[0], s[0], wait_events((unsigned short)f[0].revents, 0, e[0]),
	       (long)tmo.tv_sec, (long)tmo.tv_nsec);
	f[0].events = POLLPRI;   /* never on a unix socket: a timeout */
	result(syscall(SYS_ppoll, f, 1, &brief, NULL, 8), r[k++], sizeof(r[0]));
	expect("ppoll %s ([{fd=%d, events=POLLPRI}], 1, {tv_sec=0, tv_nsec=1000}, NULL, 8)", r[2], s[0]);
	ep = (int)syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
	result(ep, r[k++], sizeof(r[0]));
	expect("epoll_create1 %s (EPOLL_CLOEXEC)", r[3]);
	result(syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, s[0], &ev), r[k++], sizeof(r[0]));
	expect("epoll_ctl %s (%d, EPOLL_CTL_ADD, %d, {events=EPOLLIN|EPOLLET, data={u32=7, u64=4294967303}})", r[4], ep,
	       s[0]);
	result(syscall(SYS_epoll_wait, ep, got, 4, 1000), r[k++], sizeof(r[0]));
	expect("epoll_wait %s (%d, [{events=%s, data={u32=%u, u64=%llu}}], 4, 1000)", r[5], ep,
	       wait_events(got[0].events, 1, e[0]), (unsigned)got[0].data.u64, (unsigned long long)got[0].data.u64);
	/* edge-triggered: nothing new since */
	result(syscall(SYS_epoll_pwait, ep, got, 4, 0, &none, 8), r[k++], sizeof(r[0]));
	expect("epoll_pwait %s (%d, [], 4, 0, [], 8)", r[6], ep);
	result(syscall(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, s[0], NULL), r[k++], sizeof(r[0]));
	expect("epoll_ctl %s (%d, EPOLL_CTL_DEL, %d, NULL)", r[7], ep, s[0]);
}

/* Structures given to calls or filled by them: stat results, timespecs,
 * signal sets and actions, limits, uname, iovecs, a bound address, a
 * wait status. The kernel's struct sigaction is handler, flags, restorer,
 * mask: raw calls, so no SA_RESTORER. */
static void decode_structs(void)
{
	struct { unsigned long handler, flags, restorer, mask; } act = { (unsigned long)SIG_IGN, 0, 0, 1UL << (SIGINT - 1) }, old;
	struct timespec ts = { 0, 1000 };
	struct sockaddr_in in = { .sin_family = AF_INET };
	socklen_t inlen = sizeof(in);
	struct stat st, nst;
	struct rlimit lim;
	struct utsname u;
	struct iovec wv[2] = { { "ab", 2 }, { "cd", 2 } }, rv[2];
	struct itimerval prof = { { 0, 250000 }, { 100, 500 } }, left, off = { { 0, 0 }, { 0, 0 } }, was;
	static char altstack[65536];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) }, os;
	struct sysinfo si;
	struct { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid,
		 set_tid_size, cgroup; } ca = { .flags = CLONE_PARENT_SETTID, .exit_signal = SIGCHLD };
	int ctid = 0;
	long c;
	struct statfs sf;
	struct timespec past = { 0, 0 };   /* an absolute time long gone: the wait ends at once */
	uint32_t fw = 0;
	char r[32][64], a[2][32], rbuf[2][8], rnd[8], q[64];
	unsigned long set = 1UL << (SIGUSR1 - 1);
	int fd, p[2], s, status = 0, k = 0;
	pid_t child;

	fd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", O_WRONLY);
	result(fd, r[k++], sizeof(r[0]));
	result(syscall(SYS_fstat, fd, &st), r[k++], sizeof(r[0]));
	result(syscall(SYS_newfstatat, AT_FDCWD, "/proc/self/exe", &nst, 0), r[k++], sizeof(r[0]));
	result(syscall(SYS_nanosleep, &ts, NULL), r[k++], sizeof(r[0]));
	result(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8), r[k++], sizeof(r[0]));
	result(syscall(SYS_rt_sigaction, SIGUSR2, &act, &old, 8), r[k++], sizeof(r[0]));
	result(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &lim), r[k++], sizeof(r[0]));
	result(syscall(SYS_uname, &u), r[k++], sizeof(r[0]));
	result(syscall(SYS_writev, fd, wv, 2), r[k++], sizeof(r[0]));
	result(syscall(SYS_pipe2, p, 0), r[k++], sizeof(r[0]));
	result(syscall(SYS_write, p[1], "xyz", 3), r[k++], sizeof(r[0]));
	rv[0] = (struct iovec){ rbuf[0], 4 };
	rv[1] = (struct iovec){ rbuf[1], 8 };
	result(syscall(SYS_readv, p[0], rv, 2), r[k++], sizeof(r[0]));
	s = socket(AF_INET, SOCK_STREAM, 0);
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&in, sizeof(in)))
		abort();
	result(syscall(SYS_getsockname, s, &in, &inlen), r[k++], sizeof(r[0]));
	child = fork();
	if (child == 0)
		_exit(3);
	result(syscall(SYS_wait4, child, &status, 0, NULL), r[k++], sizeof(r[0]));
	result(syscall(SYS_getrandom, rnd, sizeof(rnd), GRND_NONBLOCK), r[k++], sizeof(r[0]));
	/* a profiling timer 100 s of CPU away: it never fires here */
	result(syscall(SYS_setitimer, ITIMER_PROF, &prof, NULL), r[k++], sizeof(r[0]));
	result(syscall(SYS_getitimer, ITIMER_PROF, &left), r[k++], sizeof(r[0]));
	result(syscall(SYS_setitimer, ITIMER_PROF, &off, &was), r[k++], sizeof(r[0]));
	result(syscall(SYS_sigaltstack, NULL, &os), r[k++], sizeof(r[0]));
	result(syscall(SYS_sigaltstack, &ss, NULL), r[k++], sizeof(r[0]));
	result(syscall(SYS_sysinfo, &si), r[k++], sizeof(r[0]));
	result(syscall(SYS_statfs, "/proc", &sf), r[k++], sizeof(r[0]));
	result(syscall(SYS_futex, &fw, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), r[k++], sizeof(r[0]));
	result(syscall(SYS_futex, &fw, FUTEX_WAIT_BITSET_PRIVATE, 0, &past, NULL, FUTEX_BITSET_MATCH_ANY), r[k++],
	       sizeof(r[0]));
	/* a fork by clone3: the child's TID written back to ctid */
	ca.parent_tid = (uint64_t)(uintptr_t)&ctid;
	c = syscall(SYS_clone3, &ca, sizeof(ca));
	if (c == 0)
		_exit(0);
	result(c, r[k++], sizeof(r[0]));
	result(syscall(SYS_wait4, (pid_t)c, NULL, 0, NULL), r[k++], sizeof(r[0]));

	k = 0;
	expect("openat %s (AT_FDCWD, \"/dev/null\", O_WRONLY)", r[k++]);
	expect("fstat %s (%d, {st_mode=S_IFCHR|0%03o, st_rdev=makedev(%#x, %#x), ...})", r[k++], fd,
	       st.st_mode & 0777, major(st.st_rdev), minor(st.st_rdev));
	expect("newfstatat %s (AT_FDCWD, \"/proc/self/exe\", {st_mode=S_IFREG|0%03o, st_size=%lld, ...}, 0)",
	       r[k++], nst.st_mode & 0777, (long long)nst.st_size);
	expect("nanosleep %s ({tv_sec=0, tv_nsec=1000}, NULL)", r[k++]);
	expect("rt_sigprocmask %s (SIG_BLOCK, [USR1], NULL, 8)", r[k++]);
	expect("rt_sigaction %s (SIGUSR2, {sa_handler=SIG_IGN, sa_mask=[INT], sa_flags=0}, "
	       "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8)", r[k++]);
	expect("prlimit64 %s (0, RLIMIT_NOFILE, NULL, {rlim_cur=%s, rlim_max=%s})", r[k++],
	       rlim(lim.rlim_cur, a[0]), rlim(lim.rlim_max, a[1]));
	expect("uname %s ({sysname=\"%s\", nodename=\"%s\", ...})", r[k++], u.sysname, u.nodename);
	expect("writev %s (%d, [{iov_base=\"ab\", iov_len=2}, {iov_base=\"cd\", iov_len=2}], 2)", r[k++], fd);
	expect("pipe2 %s ([%d, %d], 0)", r[k++], p[0], p[1]);
	expect("write %s (%d, \"xyz\", 3)", r[k++], p[1]);
	expect("readv %s (%d, [{iov_base=\"xyz\", iov_len=4}, {iov_base=\"\", iov_len=8}], 2)", r[k++], p[0]);
	expect("getsockname %s (%d, {AF_INET, 127.0.0.1:%d}, [16])", r[k++], s, ntohs(in.sin_port));
	expect("wait4 %s (%d, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL)", r[k++], child);
	expect("getrandom %s (\"%s\", %zu, GRND_NONBLOCK)", r[k++], quoted((unsigned char *)rnd, sizeof(rnd), q),
	       sizeof(rnd));
	expect("setitimer %s (ITIMER_PROF, {it_interval={tv_sec=0, tv_usec=250000}, it_value={tv_sec=100, tv_usec=500}}, "
	       "NULL)", r[k++]);
	expect("getitimer %s (ITIMER_PROF, {it_interval={tv_sec=0, tv_usec=250000}, it_value={tv_sec=%ld, tv_usec=%ld}})",
	       r[k++], (long)left.it_value.tv_sec, (long)left.it_value.tv_usec);
	expect("setitimer %s (ITIMER_PROF, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=0}}, "
	       "{it_interval={tv_sec=0, tv_usec=250000}, it_value={tv_sec=%ld, tv_usec=%ld}})",
	       r[k++], (long)was.it_value.tv_sec, (long)was.it_value.tv_usec);
	expect("sigaltstack %s (NULL, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0})", r[k++]);
	expect("sigaltstack %s ({ss_sp=%p, ss_flags=0, ss_size=%zu}, NULL)", r[k++], (void *)altstack, sizeof(altstack));
	expect("sysinfo %s ({uptime=%ld, loads=[%lu, %lu, %lu], totalram=%lu, freeram=%lu, sharedram=%lu, bufferram=%lu, "
	       "totalswap=%lu, freeswap=%lu, procs=%u, totalhigh=%lu, freehigh=%lu, mem_unit=%u})", r[k++], si.uptime,
	       si.loads[0], si.loads[1], si.loads[2], si.totalram, si.freeram, si.sharedram, si.bufferram, si.totalswap,
	       si.freeswap, (unsigned)si.procs, si.totalhigh, si.freehigh, si.mem_unit);
	expect("statfs %s (\"/proc\", {f_type=%s, f_bsize=%ld, f_blocks=%lu, f_bfree=%lu, f_bavail=%lu, f_files=%lu, "
	       "f_ffree=%lu, f_fsid={val=[%s, %s]}, f_namelen=%ld, f_frsize=%ld, f_flags=%s})", r[k++],
	       sf.f_type == 0x9fa0 ? "PROC_SUPER_MAGIC" : "not /proc", (long)sf.f_bsize, (unsigned long)sf.f_blocks,
	       (unsigned long)sf.f_bfree, (unsigned long)sf.f_bavail, (unsigned long)sf.f_files, (unsigned long)sf.f_ffree,
	       xint((unsigned)sf.f_fsid.__val[0], a[0]), xint((unsigned)sf.f_fsid.__val[1], a[1]), (long)sf.f_namelen,
	       (long)sf.f_frsize, st_flags((unsigned long)sf.f_flags, q));
	expect("futex %s (%p, FUTEX_WAKE_PRIVATE, 1)", r[k++], (void *)&fw);
	expect("futex %s (%p, FUTEX_WAIT_BITSET_PRIVATE, 0, {tv_sec=0, tv_nsec=0}, FUTEX_BITSET_MATCH_ANY)", r[k++],
	       (void *)&fw);
	expect("clone3 %s ({flags=CLONE_PARENT_SETTID, parent_tid=%p, exit_signal=SIGCHLD, stack=NULL, stack_size=0} => "
	       "{parent_tid=[%d]}, %zu)", r[k++], (void *)&ctid, ctid, sizeof(ca));
	expect("wait4 %s (%ld, NULL, 0, NULL)", r[k++], c);
}

static void decode(int argc, char **argv)
{
	static char buf[64] = "abc";   /* then zeros: the 32 bytes shown are known */
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(9) };
	struct sockaddr_un un = { .sun_family = AF_UNIX, .sun_path = "/nonexistent/snoop.sock" };
	char longname[301], cut[256], zeros[4 * 29 + 1], r[13][64], cwd[4096];
	int fd, s1, s2, i, k = 0;

	/* for decode_sigreturn; before the first expected call, so its
	 * rt_sigaction is not compared */
	signal(SIGALRM, on_alarm);
	fd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", O_WRONLY);
	result(fd, r[k++], sizeof(r[0]));
	result(syscall(SYS_write, fd, "hello\n", 6), r[k++], sizeof(r[0]));
	result(syscall(SYS_close, fd), r[k++], sizeof(r[0]));
	inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
	s1 = socket(AF_INET, SOCK_STREAM, 0);
	result(syscall(SYS_connect, s1, &in, sizeof(in)), r[k++], sizeof(r[0]));
	result(syscall(SYS_close, s1), r[k++], sizeof(r[0]));
	s2 = socket(AF_UNIX, SOCK_STREAM, 0);
	result(syscall(SYS_connect, s2, &un, sizeof(un)), r[k++], sizeof(r[0]));
	result(syscall(SYS_close, s2), r[k++], sizeof(r[0]));
	result(syscall(SYS_openat, (long)-100, (long)1, O_RDONLY, 0), r[k++], sizeof(r[0]));
	memset(longname, 'a', 300);
	longname[300] = '\0';
	result(syscall(SYS_openat, (long)-100, longname, O_RDONLY, 0), r[k++], sizeof(r[0]));
	result(syscall(SYS_write, -1, buf, 1UL << 40), r[k++], sizeof(r[0]));
	/* the second getcwd fails (ERANGE) with the first's path still in cwd */
	result(syscall(SYS_getcwd, cwd, sizeof(cwd)), r[k++], sizeof(r[0]));
	result(syscall(SYS_getcwd, cwd, 1), r[k++], sizeof(r[0]));

	memcpy(cut, longname, 255);
	cut[255] = '\0';
	for (i = 0; i < 29; i++)
		memcpy(zeros + 4 * i, "\\x00", 4);
	zeros[4 * 29] = '\0';
	k = 0;
	expect_execve(argc, argv);
	expect("openat %s (AT_FDCWD, \"/dev/null\", O_WRONLY)", r[k++]);
	expect("write %s (%d, \"hello\\n\", 6)", r[k++], fd);
	expect("close %s (%d)", r[k++], fd);
	expect("connect %s (%d, {AF_INET, 127.0.0.1:9}, %zu)", r[k++], s1, sizeof(in));
	expect("close %s (%d)", r[k++], s1);
	expect("connect %s (%d, {AF_UNIX, \"%s\"}, %zu)", r[k++], s2, un.sun_path, sizeof(un));
	expect("close %s (%d)", r[k++], s2);
	expect("openat %s (AT_FDCWD, 0x1, O_RDONLY)", r[k++]);
	expect("openat %s (AT_FDCWD, \"%s\"..., O_RDONLY)", r[k++], cut);
	expect("write %s (-1, \"abc%s\"..., %lu)", r[k++], zeros, 1UL << 40);
	expect("getcwd %s (\"%s\", %zu)", r[k++], cwd, sizeof(cwd));
	expect("getcwd %s (%p, 1)", r[k++], (void *)cwd);
}

static volatile sig_atomic_t window_phase;

static void on_usr1(int sig)
{
	(void)sig;
	window_phase++;
}

/* The counted window: exactly the getppid() calls between the two marker
 * close() calls, which a tracer attached meanwhile records too. */
static int window(void)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	long n = 0;

	sigaction(SIGUSR1, &sa, NULL);
	printf("%d\n", (int)getpid());
	fflush(stdout);
	while (window_phase == 0)
		syscall(SYS_getppid);
	syscall(SYS_close, 0x5eed01);
	while (window_phase == 1) {
		syscall(SYS_getppid);
		n++;
	}
	syscall(SYS_close, 0x5eed02);
	printf("window=%ld\n", n);
	fflush(stdout);
	while (window_phase == 2)   /* on, until stopped (a third SIGUSR1 or SIGTERM) */
		syscall(SYS_getppid);
	return 0;
}

static long long now_ns(void);

static int timed(char **argv)
{
	long long t0 = now_ns();
	pid_t child = fork();
	struct rusage ru;
	int status;

	if (child == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (child < 0 || wait4(child, &status, 0, &ru) != child)
		return 126;
	fprintf(stderr, "elapsed_ns=%lld maxrss_kb=%ld\n", now_ns() - t0, ru.ru_maxrss);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The benchmark's workloads time themselves: snoop's start-up and exit are
 * not part of the per-call cost. */
/* n children, each an execve of /bin/true with 40 arguments of 100 bytes
 * (more than a record's first strings: the whole argv is copied), waited
 * for one after the other. */
static void execs(long n)
{
	static char arg[100], *argv[42];
	long i;
	int k;

	memset(arg, 'a', sizeof(arg) - 1);
	argv[0] = "true";
	for (k = 1; k <= 40; k++)
		argv[k] = arg;
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			execv("/bin/true", argv);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, NULL, 0) != pid)
			abort();
	}
}

/* n round trips of a byte, parent and child on CPU 0: every read blocks
 * and switches to the other (the cost snoop's sched_switch program adds
 * to every context switch on the machine is in this workload's time). */
static void pingpong(long n)
{
	int there[2], back[2];
	cpu_set_t cpu0;
	pid_t child;
	long i;
	char b = 0;

	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0) || pipe(there) || pipe(back))
		exit(1);
	if ((child = fork()) == 0) {
		for (i = 0; i < n; i++)
			if (read(there[0], &b, 1) != 1 || write(back[1], &b, 1) != 1)
				_exit(1);
		_exit(0);
	}
	for (i = 0; i < n; i++)
		if (write(there[1], &b, 1) != 1 || read(back[0], &b, 1) != 1)
			exit(1);
	waitpid(child, NULL, 0);
}

static int bench(const char *mode, long n)
{
	char buf[64];
	long long t0;
	long i, calls = n;
	int fd;

	t0 = now_ns();
	if (strcmp(mode, "bench") == 0) {
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
	} else if (strcmp(mode, "execs") == 0) {
		execs(n);
	} else if (strcmp(mode, "pingpong") == 0) {
		pingpong(n);
		calls = 4 * n;
	} else {
		for (i = 0; i < n; i++) {
			fd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/zero", O_RDONLY);
			syscall(SYS_read, fd, buf, sizeof(buf));
			syscall(SYS_write, -1, buf, sizeof(buf));   /* EBADF: no device cost */
			syscall(SYS_close, fd);
		}
		calls = 4 * n;
	}
	printf("calls=%ld ns_per_call=%.1f\n", calls, (double)(now_ns() - t0) / (double)calls);
	return 0;
}

/* A thread that changes CPU every 500 calls: its records land in every
 * CPU's buffer in turn. */
static void *hop_main(void *arg)
{
	long i, n = (long)arg, ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	for (i = 0; i < n; i++) {
		if (i % 500 == 0) {
			CPU_ZERO(&set);
			CPU_SET((int)((i / 500) % ncpu), &set);
			sched_setaffinity(0, sizeof(set), &set);
			usleep(500);   /* bursts, not a flood: the test is order, not loss */
		}
		syscall(SYS_getppid);
	}
	return NULL;
}

static void *storm_main(void *arg)
{
	long i, n = (long)arg;

	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	return NULL;
}

/* nthreads threads of fn(n) at once, all joined: 0, 1 if one could not
 * start, 2 for a count out of 1..64 */
static int run_threads(void *(*fn)(void *), long n, int nthreads)
{
	pthread_t t[64];
	int i;

	if (nthreads < 1 || nthreads > 64)
		return 2;
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&t[i], NULL, fn, (void *)n))
			return 1;
	for (i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	return 0;
}

/* getppid refused with EACCES by a seccomp filter: the kernel skips the
 * call and its sys_enter, and still reports its exit. */
static int refused(void)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };
	char r[2][64];
	int pid = getpid();

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		return 1;
	result(syscall(SYS_getppid, 0x5eed, 0x5eee), r[0], sizeof(r[0]));
	result(syscall(SYS_getppid, 0x5eed, 0x5eef), r[1], sizeof(r[1]));
	expect("%d %d getppid %s 0x5eed 0x5eee", pid, pid, r[0]);
	expect("%d %d getppid %s 0x5eed 0x5eef", pid, pid, r[1]);
	return 0;
}

/* A call a signal interrupts: the tracer sees ERESTARTNOHAND, the program
 * EINTR once its handler has run. */
static int interrupted(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int pid = getpid();

	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	if (syscall(SYS_pause) != -1 || errno != EINTR)
		return 1;
	expect("%d %d pause -514 ERESTARTNOHAND", pid, pid);
	return 0;
}

/* An in/out argument: nanosleep(&ts, &ts) interrupted by a signal writes
 * the time left over its request. The record shows the request, as
 * strace does (decoded: "SYSCALL RET ERRNO (ARGS)"). */
static int inout(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { 0, 200000 } };
	struct timespec ts = { 5, 0 };

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	if (syscall(SYS_nanosleep, &ts, &ts) != -1 || errno != EINTR || ts.tv_sec == 5)
		return 1;
	expect("nanosleep -516 ERESTART_RESTARTBLOCK ({tv_sec=5, tv_nsec=0}, %p)", (void *)&ts);
	return 0;
}

/* A call its thread dies in: no return at all. */
static int killed(void)
{
	pid_t child = fork();

	if (child == 0) {
		syscall(SYS_pause);
		_exit(1);
	}
	usleep(200000);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	expect("%d %d pause ? -", (int)child, (int)child);
	/* SIGTERM, whose default action kills: the call returned its restart
	 * code first, which strace (stopped there) shows */
	child = fork();
	if (child == 0) {
		signal(SIGTERM, SIG_DFL);
		syscall(SYS_pause);
		_exit(1);
	}
	usleep(200000);
	kill(child, SIGTERM);
	waitpid(child, NULL, 0);
	expect("%d %d pause ? ERESTARTNOHAND", (int)child, (int)child);
	return 0;
}

/* A child writes to address 0x10 and dies of SIGSEGV: the signal's line
 * shows the fault's code and address, as strace's does
 * ({si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10}). */
static void on_child(int sig)
{
	(void)sig;
}

static int fault(void)
{
	pid_t child;
	int status;

	/* a handler, so that SIGCHLD is delivered without a tracer too (a
	 * default-ignored signal is dropped unless ptrace is attached) */
	signal(SIGCHLD, on_child);
	child = fork();

	if (child == 0) {
		*(volatile int *)0x10 = 1;
		_exit(1);
	}
	waitpid(child, &status, 0);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV ? 0 : 1;
}

/* The records -y must show for a vfork child's fds: the parent's table as
 * it was at the vfork, though the parent's vfork record comes only after
 * the child's exec; then the child's own changes, kept across its exec. */
static int vforkfds(void)
{
	char out[512];
	ssize_t n = readlink("/proc/self/fd/1", out, sizeof(out) - 1);
	int fd = open("/dev/null", O_WRONLY), status;
	pid_t child;

	if (n <= 0 || fd < 0)
		return 3;
	out[n] = 0;
	child = vfork();
	if (child == 0) {
		if (dup2(fd, 1) != 1 || close(fd))
			_exit(126);
		execl("/bin/sh", "sh", "-c", "echo vforked", (char *)NULL);
		_exit(127);
	}
	if (child < 0 || close(fd) || waitpid(child, &status, 0) != child || status)
		return 3;
	expect("%d dup2 1 - (%d</dev/null>, 1<%s>)", (int)child, fd, out);
	expect("%d close 0 - (%d</dev/null>)", (int)child, fd);
	expect("%d write 8 - (1</dev/null>, \"vforked\\n\", 8)", (int)child);
	expect("%d close 0 - (%d</dev/null>)", (int)getpid(), fd);
	return 0;
}

/* A call whose thread is switched out mid-call and returns on another CPU
 * (snoop's slot of CPU 0 must not keep it: the child's calls take that
 * slot meanwhile). The record shows the reader's arguments, and the
 * test checks its duration covers the child's pause. */
static int migrate(void)
{
	cpu_set_t cpu0, cpu1;
	int p[2], pid = getpid(), i, on;
	pid_t child;
	long ret;
	char b;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return 3;
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	CPU_ZERO(&cpu1);
	CPU_SET(1, &cpu1);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0) || pipe(p))
		return 1;
	child = fork();
	if (child == 0) {
		usleep(100000);   /* the reader is asleep in read by now */
		for (i = 0; i < 100; i++)
			syscall(SYS_getppid);
		if (sched_setaffinity(pid, sizeof(cpu1), &cpu1) || write(p[1], "m", 1) != 1)
			_exit(1);
		_exit(0);
	}
	ret = syscall(SYS_read, p[0], &b, 1, 0x9001, 0x9002, 0x9003);
	on = sched_getcpu();
	if (waitpid(child, &i, 0) != child || i != 0 || ret != 1 || on != 1)
		return 1;
	expect("%d %d read 1 - %#x %p 0x1 0x9001 0x9002 0x9003", pid, pid, p[0], (void *)&b);
	return 0;
}

/* leaderwait: main prints the PID and calls pthread_exit; a thread waits
 * for a line on stdin (snoop -p attached meanwhile), then the magic
 * sequence's calls but exit_group, and the process ends with it. */
static void *wait_then_magic(void *arg)
{
	char line[64];

	(void)arg;
	if (!fgets(line, sizeof(line), stdin))
		return NULL;
	magic();
	return NULL;
}

static int leaderwait(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, wait_then_magic, NULL))
		return 1;
	printf("%d\n", getpid());
	fflush(stdout);
	pthread_exit(NULL);
}

/* leaderexit: the threads go on after main's pthread_exit. */
static pthread_barrier_t leader_gone;

static void *after_leader(void *arg)
{
	char r[64];

	(void)arg;
	pthread_barrier_wait(&leader_gone);
	usleep(100000);   /* main is gone by now */
	result(syscall(SYS_openat, (long)-100, PATH_PROBE, 0, 0, 0x8001, 0x8002), r, sizeof(r));
	expect("%d %d openat %s 0xffffffffffffff9c %p 0x0 0x0 0x8001 0x8002", getpid(), (int)syscall(SYS_gettid),
	       r, (void *)PATH_PROBE);
	return NULL;
}

static int leaderexit(void)
{
	pthread_t t;
	int i;

	pthread_barrier_init(&leader_gone, NULL, 4);
	for (i = 0; i < 3; i++)
		if (pthread_create(&t, NULL, after_leader, NULL))
			return 1;
	pthread_barrier_wait(&leader_gone);
	pthread_exit(NULL);
}

/* threadexec: a thread, not the leader, execs; the kernel kills the others
 * and the thread takes the leader's TID. */
static const char *self_path;

static void *exec_basic(void *arg)
{
	(void)arg;
	execl(self_path, self_path, "basic", (char *)NULL);
	return NULL;
}

/* The leader of this process has exited (its state in /proc is Z). */
static int leader_is_zombie(void)
{
	char buf[512], *end;
	ssize_t n;
	int fd = open("/proc/self/stat", O_RDONLY);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	end = strrchr(buf, ')');
	return end && end[1] == ' ' && end[2] == 'Z';
}

static void *exec_basic_alone(void *arg)
{
	int i;

	for (i = 0; i < 5000 && !leader_is_zombie(); i++)
		usleep(1000);
	return exec_basic(arg);
}

static int threadexec(const char *self, int wait_first, int alone)
{
	char line[64];
	pthread_t t;

	if (wait_first) {
		printf("%d\n", (int)getpid());
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			return 3;
	}
	self_path = self;
	if (pthread_create(&t, NULL, alone ? exec_basic_alone : exec_basic, NULL))
		return 1;
	if (alone)
		pthread_exit(NULL);
	pause();
	return 0;
}

static void *thread_main(void *arg)
{
	long i = (long)arg;
	char r[64];

	result(syscall(SYS_close, 0x5eed00 + i, 0x1111, 0x2222, 0x3333, 0x4444, 0x5555), r, sizeof(r));
	expect("%d %d close %s %#lx 0x1111 0x2222 0x3333 0x4444 0x5555", getpid(), (int)syscall(SYS_gettid),
	       r, 0x5eed00 + i);
	return NULL;
}

static int threads(int n)
{
	static pthread_t t[1000];
	long i;

	if (n < 1 || n > 1000)
		return 2;
	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, thread_main, (void *)i))
			return 1;
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "basic";
	char line[64];
	pid_t child;
	long i, n;

	if (strcmp(mode, "wait") == 0) {
		printf("%d\n", (int)getpid());
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			return 3;
		mode = "basic";
	}
	if (strcmp(mode, "pidbasic") == 0) {
		printf("%d\n", (int)getpid());
		fflush(stdout);
		mode = "basic";
	}
	if (strcmp(mode, "basic") == 0) {
		exit_magic(magic());
	}
	if (strcmp(mode, "threads") == 0)
		return threads(argc > 2 ? atoi(argv[2]) : 4);
	if (strcmp(mode, "fork") == 0) {
		child = fork();
		if (child == 0) {
			magic();
			_exit(0);
		}
		waitpid(child, NULL, 0);
		return 0;
	}
	if (strcmp(mode, "forks") == 0) {
		n = argc > 2 ? atol(argv[2]) : 1000;
		for (i = 0; i < n; i++) {
			child = fork();
			if (child == 0) {
				char r[64];

				result(syscall(SYS_close, 0x5eed, 0, 0, 0, 0, 0), r, sizeof(r));
				expect("%d %d close %s 0x5eed 0x0 0x0 0x0 0x0 0x0", getpid(), getpid(), r);
				_exit(0);
			}
			waitpid(child, NULL, 0);
		}
		return 0;
	}
	if (strcmp(mode, "execaway") == 0 && argc > 2) {
		syscall(SYS_close, 0x5eed, 0x1111, 0x2222, 0x3333, 0x4444, 0x5555);
		execv(argv[2], argv + 2);
		return 127;
	}
	if (strcmp(mode, "decode") == 0) {
		decode(argc, argv);
		decode_values();
		decode_structs();
		decode_waits();
		decode_sigreturn();
		decode_fd_makers();
		decode_prctl();
		decode_msghdr();
		decode_policies();
		decode_ioctls();
		decode_locks();
		return 0;
	}
	if (strcmp(mode, "bench") == 0 || strcmp(mode, "mixed") == 0 || strcmp(mode, "execs") == 0 ||
	    strcmp(mode, "pingpong") == 0)
		return bench(mode, argc > 2 ? atol(argv[2]) : 1000000);
	if (strcmp(mode, "twostorm") == 0) {
		n = argc > 2 ? atol(argv[2]) : 1000000;
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		syscall(SYS_getpid);
		usleep(500000);
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		return 0;
	}
	if (strcmp(mode, "seccomp") == 0)
		return refused();
	if (strcmp(mode, "interrupted") == 0)
		return interrupted();
	if (strcmp(mode, "inout") == 0)
		return inout();
	if (strcmp(mode, "migrate") == 0)
		return migrate();
	if (strcmp(mode, "killed") == 0)
		return killed();
	if (strcmp(mode, "fault") == 0)
		return fault();
	if (strcmp(mode, "vforkfds") == 0)
		return vforkfds();
	if (strcmp(mode, "leaderexit") == 0)
		return leaderexit();
	if (strcmp(mode, "leaderwait") == 0)
		return leaderwait();
	if (strcmp(mode, "threadexec") == 0)
		return threadexec(argv[0], argc > 2 && strcmp(argv[2], "wait") == 0,
				  argc > 2 && strcmp(argv[2], "alone") == 0);
	if (strcmp(mode, "threadstorm") == 0 && argc > 3)
		return run_threads(storm_main, atol(argv[2]), atoi(argv[3]));
	if (strcmp(mode, "hop") == 0)
		return run_threads(hop_main, argc > 2 ? atol(argv[2]) : 50000, argc > 3 ? atoi(argv[3]) : 4);
	if (strcmp(mode, "storm") == 0) {
		n = argc > 2 ? atol(argv[2]) : 1000000;
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		return 0;
	}
	if (strcmp(mode, "window") == 0)
		return window();
	if (strcmp(mode, "timed") == 0 && argc > 2)
		return timed(argv + 2);
	fprintf(stderr, "sysprobe: unknown mode %s\n", mode);
	return 2;
}
