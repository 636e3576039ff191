/* decode.c - see decode.h. No stdio, no malloc: the reader's record path
 * runs through here. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "decode.h"
#include "format.h"
#include "syscalls.h"
#include "xlat.h"

/*
 * Argument kinds, one character each:
 *   d int       u unsigned   x hex        p pointer (NULL for 0)
 *   f fd        D dirfd (AT_FDCWD)        S string (captured)
 *   b buffer filled by the call (captured at exit, length = return value)
 *   B buffer given to the call (captured, length = next argument)
 *   z sockaddr (captured, length = next argument)    v argv (captured)
 *   o open flags  m mode (octal)  r mmap prot  M mmap flags  a access mode
 *   A AT_* flags  w lseek whence  s signal     c clone flags  F fcntl command
 *   k address family  t socket type  C clock id  h sigprocmask how
 *   i ioctl command   X futex op
 * Names are resolved to numbers with the generated syscall table, so the
 * table serves any architecture whose syscalls have these names.
 */
struct signature {
	const char *name;
	const char *args;
};

static const struct signature signatures[] = {
	{ "read", "fbu" }, { "write", "fBu" }, { "open", "Som" }, { "close", "f" },
	{ "stat", "Sp" }, { "fstat", "fp" }, { "lstat", "Sp" }, { "poll", "pud" },
	{ "lseek", "fdw" }, { "mmap", "purMfx" }, { "mprotect", "pur" }, { "munmap", "pu" },
	{ "brk", "p" }, { "rt_sigaction", "sppu" }, { "rt_sigprocmask", "hppu" },
	{ "rt_sigreturn", "" }, { "ioctl", "fix" }, { "pread64", "fbux" }, { "pwrite64", "fBux" },
	{ "readv", "fpd" }, { "writev", "fpd" }, { "access", "Sa" }, { "pipe", "p" },
	{ "select", "dpppp" }, { "sched_yield", "" }, { "mremap", "puuxp" }, { "madvise", "pud" },
	{ "dup", "f" }, { "dup2", "ff" }, { "pause", "" }, { "nanosleep", "pp" },
	{ "getitimer", "dp" }, { "alarm", "u" }, { "setitimer", "dpp" }, { "getpid", "" },
	{ "sendfile", "ffpu" }, { "socket", "ktd" }, { "connect", "fzd" }, { "accept", "fpp" },
	{ "sendto", "fBuxzd" }, { "recvfrom", "fbuxpp" }, { "sendmsg", "fpx" }, { "recvmsg", "fpx" },
	{ "shutdown", "fd" }, { "bind", "fzd" }, { "listen", "fd" }, { "getsockname", "fpp" },
	{ "getpeername", "fpp" }, { "socketpair", "ktdp" }, { "setsockopt", "fddpd" },
	{ "getsockopt", "fddpp" }, { "clone", "cpppx" }, { "fork", "" }, { "vfork", "" },
	{ "execve", "Svp" }, { "exit", "d" }, { "wait4", "dpxp" }, { "kill", "ds" },
	{ "uname", "p" }, { "fcntl", "fFx" }, { "flock", "fd" }, { "fsync", "f" },
	{ "fdatasync", "f" }, { "truncate", "Sd" }, { "ftruncate", "fd" }, { "getdents64", "fpu" },
	{ "getcwd", "pu" }, { "chdir", "S" }, { "fchdir", "f" }, { "rename", "SS" },
	{ "mkdir", "Sm" }, { "rmdir", "S" }, { "creat", "Sm" }, { "link", "SS" },
	{ "unlink", "S" }, { "symlink", "SS" }, { "readlink", "Sbu" }, { "chmod", "Sm" },
	{ "fchmod", "fm" }, { "chown", "Sdd" }, { "fchown", "fdd" }, { "lchown", "Sdd" },
	{ "umask", "m" }, { "gettimeofday", "pp" }, { "getrlimit", "dp" }, { "getrusage", "dp" },
	{ "sysinfo", "p" }, { "times", "p" }, { "getuid", "" }, { "getgid", "" },
	{ "setuid", "d" }, { "setgid", "d" }, { "geteuid", "" }, { "getegid", "" },
	{ "setpgid", "dd" }, { "getppid", "" }, { "getpgrp", "" }, { "setsid", "" },
	{ "getpgid", "d" }, { "getsid", "d" }, { "statfs", "Sp" }, { "fstatfs", "fp" },
	{ "prctl", "dxxxx" }, { "arch_prctl", "xp" }, { "chroot", "S" }, { "sync", "" },
	{ "mount", "SSpxp" }, { "umount2", "Sx" }, { "gettid", "" }, { "tkill", "ds" },
	{ "futex", "pXdppd" }, { "set_tid_address", "p" }, { "clock_gettime", "Cp" },
	{ "clock_getres", "Cp" }, { "clock_nanosleep", "Cxpp" }, { "exit_group", "d" },
	{ "epoll_wait", "fpdd" }, { "epoll_ctl", "fdfp" }, { "tgkill", "dds" },
	{ "openat", "DSom" }, { "mkdirat", "DSm" }, { "mknodat", "DSmx" }, { "fchownat", "DSddA" },
	{ "newfstatat", "DSpA" }, { "unlinkat", "DSA" }, { "renameat", "DSDS" },
	{ "linkat", "DSDSA" }, { "symlinkat", "SDS" }, { "readlinkat", "DSbu" },
	{ "fchmodat", "DSm" }, { "faccessat", "DSa" }, { "faccessat2", "DSaA" },
	{ "pselect6", "dppppp" }, { "ppoll", "puppu" }, { "set_robust_list", "pu" },
	{ "utimensat", "DSpA" }, { "epoll_pwait", "fpddpu" }, { "eventfd2", "ux" },
	{ "epoll_create1", "x" }, { "dup3", "ffo" }, { "pipe2", "po" }, { "accept4", "fppt" },
	{ "prlimit64", "ddpp" }, { "getrandom", "pux" }, { "memfd_create", "Sx" },
	{ "execveat", "DSvpA" }, { "statx", "DSAxp" }, { "renameat2", "DSDSx" },
	{ "openat2", "DSpu" }, { "clone3", "pu" }, { "close_range", "ffx" },
	{ "rseq", "pudx" }, { "getdents", "fpu" }, { "recvmmsg", "fpuxp" }, { "sendmmsg", "fpux" },
	{ "waitid", "ddpxp" }, { "pipe", "p" }, { "inotify_add_watch", "fSx" },
	{ "setns", "fx" }, { "unshare", "c" }, { "pidfd_open", "dx" }, { "sched_getaffinity", "dup" },
	{ "sched_setaffinity", "dup" }, { "getcpu", "ppp" }, { "mlock", "pu" }, { "munlock", "pu" },
};

#define MAX_NR SNOOP_MAX_SYSCALLS
static const char *by_nr[MAX_NR];
static int by_nr_ready;

static void index_signatures(void)
{
	size_t i;
	long nr;

	for (i = 0; i < sizeof(signatures) / sizeof(signatures[0]); i++) {
		nr = syscall_number(signatures[i].name);
		if (nr >= 0 && nr < MAX_NR)   /* names this architecture lacks are skipped */
			by_nr[nr] = signatures[i].args;
	}
	by_nr_ready = 1;
}

const char *decode_signature(long nr)
{
	if (!by_nr_ready)
		index_signatures();
	return (nr >= 0 && nr < MAX_NR) ? by_nr[nr] : NULL;
}

uint32_t decode_argspec(long nr)
{
	const char *sig = decode_signature(nr);
	uint32_t spec = 0, item, n = 0;
	int i;

	for (i = 0; sig && sig[i] && n < SNOOP_CAP_ITEMS; i++) {
		switch (sig[i]) {
		case 'S': item = SNOOP_SPEC(i, SNOOP_CAP_STR, 0); break;
		case 'b': item = SNOOP_SPEC(i, SNOOP_CAP_BUF_RET, 0); break;
		case 'B': item = SNOOP_SPEC(i, SNOOP_CAP_BUF_ARG, i + 1); break;
		case 'z': item = SNOOP_SPEC(i, SNOOP_CAP_SOCKADDR, i + 1); break;
		case 'v': item = SNOOP_SPEC(i, SNOOP_CAP_ARGV, 0); break;
		default: continue;
		}
		spec |= item << (16 * n++);
	}
	return spec;
}

/* ---- constants ---- */

const char *xlat_name(const struct xlat *x, uint64_t v)
{
	for (; x->name; x++)
		if (x->val == v)
			return x->name;
	return NULL;
}

static size_t put(char *dst, const char *s)
{
	size_t n = strlen(s);

	memcpy(dst, s, n);
	return n;
}

size_t xlat_flags(char *dst, const struct xlat *x, uint64_t v)
{
	size_t i = 0;

	if (!v)
		return put(dst, "0");
	for (; x->name; x++) {
		/* zero-valued names (O_LARGEFILE on 64-bit) would match anything */
		if (x->val && (v & x->val) == x->val) {
			if (i)
				dst[i++] = '|';
			i += put(dst + i, x->name);
			v &= ~x->val;
		}
	}
	if (v) {
		if (i)
			dst[i++] = '|';
		i += fmt_hex(dst + i, v);
	}
	return i;
}

/* NAME, or the number in decimal when the table has none. */
static size_t put_const(char *dst, const struct xlat *x, int64_t v)
{
	const char *name = xlat_name(x, (uint64_t)v);

	return name ? put(dst, name) : fmt_sdec(dst, v, 0);
}

static size_t put_signal(char *dst, int64_t sig)
{
	const char *name = xlat_name(xlat_signals, (uint64_t)sig);
	size_t i;

	if (name)
		return put(dst, name);
	if (sig >= 32 && sig <= 64) {   /* the kernel's SIGRTMIN is 32 */
		i = put(dst, "SIGRTMIN+");
		return i + fmt_udec(dst + i, (uint64_t)(sig - 32), 0, ' ');
	}
	return fmt_sdec(dst, sig, 0);
}

/* A value in the low bits (open's access mode, the mmap type, the socket
 * type, the futex op), then the flag bits above them. */
static size_t put_value_flags(char *dst, const struct xlat *values, uint64_t mask,
			      const struct xlat *flags, uint64_t v)
{
	size_t i = put_const(dst, values, (int64_t)(v & mask));

	v &= ~mask;
	if (v) {
		dst[i++] = '|';
		i += xlat_flags(dst + i, flags, v);
	}
	return i;
}

/* clone flags: the low byte is the child's exit signal */
static size_t put_clone_flags(char *dst, uint64_t v)
{
	size_t i = 0;

	if (v & ~(uint64_t)0xff)
		i = xlat_flags(dst, xlat_clone_flags, v & ~(uint64_t)0xff);
	if (v & 0xff) {
		if (i)
			dst[i++] = '|';
		i += put_signal(dst + i, (int64_t)(v & 0xff));
	}
	return i ? i : put(dst, "0");
}

static size_t put_mode(char *dst, uint64_t v)
{
	char tmp[24];
	size_t n = 0, i = 0;

	if (!v)
		return put(dst, "0");
	do {
		tmp[n++] = (char)('0' + (v & 7));
		v >>= 3;
	} while (v);
	dst[i++] = '0';
	while (n)
		dst[i++] = tmp[--n];
	return i;
}

static size_t put_access(char *dst, uint64_t v)
{
	return v ? xlat_flags(dst, xlat_access_modes, v) : put(dst, "F_OK");
}

static size_t put_prot(char *dst, uint64_t v)
{
	return v ? xlat_flags(dst, xlat_mmap_prot, v) : put(dst, "PROT_NONE");
}

/* ---- memory from the traced process ---- */

size_t decode_escape(char *dst, const uint8_t *s, size_t n)
{
	static const char xd[] = "0123456789abcdef";
	size_t i = 0, k;

	for (k = 0; k < n; k++) {
		uint8_t c = s[k];

		switch (c) {
		case '"': case '\\': dst[i++] = '\\'; dst[i++] = (char)c; continue;
		case '\n': dst[i++] = '\\'; dst[i++] = 'n'; continue;
		case '\t': dst[i++] = '\\'; dst[i++] = 't'; continue;
		case '\r': dst[i++] = '\\'; dst[i++] = 'r'; continue;
		}
		if (c >= 0x20 && c < 0x7f) {
			dst[i++] = (char)c;
		} else {   /* always two digits: the grammar is unambiguous */
			dst[i++] = '\\';
			dst[i++] = 'x';
			dst[i++] = xd[c >> 4];
			dst[i++] = xd[c & 0xf];
		}
	}
	return i;
}

struct capture {
	const uint8_t *p;
	size_t len;
	int flags;
};

/* The captured item for argument a, if the record has one. */
static int find_capture(const struct snoop_record *r, const uint8_t *data, size_t len, int a,
			struct capture *c)
{
	size_t off = 0;
	int i;

	for (i = 0; i < SNOOP_CAP_ITEMS; i++) {
		if (r->cap_arg[i] == a && (r->cap_flags[i] & (SNOOP_CAP_DONE | SNOOP_CAP_FAULT))) {
			if (off + r->cap_len[i] > len)
				return 0;   /* claims more than arrived: ignore */
			c->p = data + off;
			c->len = r->cap_len[i];
			c->flags = r->cap_flags[i];
			return 1;
		}
		off += r->cap_len[i];
	}
	return 0;
}

static size_t put_quoted(char *dst, const uint8_t *s, size_t n, int trunc)
{
	size_t i = 0;

	dst[i++] = '"';
	i += decode_escape(dst + i, s, n);
	dst[i++] = '"';
	if (trunc)
		i += put(dst + i, "...");
	return i;
}

static size_t put_pointer(char *dst, uint64_t v)
{
	return v ? fmt_hex(dst, v) : put(dst, "NULL");
}

/* A string or buffer argument: quoted when captured; the address when it
 * could not be read (or was not captured), as strace does. */
static size_t put_memory(char *dst, const struct snoop_record *r, const uint8_t *data,
			 size_t len, int a)
{
	struct capture c;

	if (!r->args[a] || !find_capture(r, data, len, a, &c) || (c.flags & SNOOP_CAP_FAULT))
		return put_pointer(dst, r->args[a]);
	return put_quoted(dst, c.p, c.len, c.flags & SNOOP_CAP_TRUNC);
}

static size_t put_argv(char *dst, const struct snoop_record *r, const uint8_t *data,
		       size_t len, int a)
{
	struct capture c;
	size_t i = 0, k = 0, n;

	if (!r->args[a] || !find_capture(r, data, len, a, &c) || (c.flags & SNOOP_CAP_FAULT))
		return put_pointer(dst, r->args[a]);
	dst[i++] = '[';
	while (k < c.len) {   /* NUL-ended strings, one after the other */
		n = strnlen((const char *)c.p + k, c.len - k);
		if (k)
			i += put(dst + i, ", ");
		i += put_quoted(dst + i, c.p + k, n, 0);
		k += n + 1;
	}
	if (c.flags & SNOOP_CAP_TRUNC)
		i += put(dst + i, k ? ", ..." : "...");
	dst[i++] = ']';
	return i;
}

size_t decode_sockaddr(char *dst, const uint8_t *sa, size_t n)
{
	char ip[INET6_ADDRSTRLEN];
	uint16_t family, port;
	size_t i = 0, pathlen;

	if (n < 2)
		return put(dst, "{}");
	memcpy(&family, sa, 2);
	dst[i++] = '{';
	i += put_const(dst + i, xlat_socket_families, family);
	if (family == AF_INET && n >= sizeof(struct sockaddr_in)) {
		memcpy(&port, sa + 2, 2);
		inet_ntop(AF_INET, sa + 4, ip, sizeof(ip));
		i += put(dst + i, ", ");
		i += put(dst + i, ip);
		dst[i++] = ':';
		i += fmt_udec(dst + i, ntohs(port), 0, ' ');
	} else if (family == AF_INET6 && n >= sizeof(struct sockaddr_in6)) {
		memcpy(&port, sa + 2, 2);
		inet_ntop(AF_INET6, sa + 8, ip, sizeof(ip));
		i += put(dst + i, ", [");
		i += put(dst + i, ip);
		i += put(dst + i, "]:");
		i += fmt_udec(dst + i, ntohs(port), 0, ' ');
	} else if (family == AF_UNIX && n > 2) {
		/* abstract sockets start with a NUL: shown as @name, like ss(8) */
		i += put(dst + i, ", ");
		if (sa[2] == '\0') {
			dst[i++] = '@';
			i += put_quoted(dst + i, sa + 3, n - 3, 0);
		} else {
			pathlen = strnlen((const char *)sa + 2, n - 2);
			i += put_quoted(dst + i, sa + 2, pathlen, 0);
		}
	}
	dst[i++] = '}';
	return i;
}

static size_t put_sockaddr(char *dst, const struct snoop_record *r, const uint8_t *data,
			   size_t len, int a)
{
	struct capture c;

	if (!r->args[a] || !find_capture(r, data, len, a, &c) || (c.flags & SNOOP_CAP_FAULT))
		return put_pointer(dst, r->args[a]);
	return decode_sockaddr(dst, c.p, c.len);
}

/* One argument of kind k. */
static size_t put_arg(char *dst, char k, const struct snoop_record *r, const uint8_t *data,
		      size_t len, int a)
{
	uint64_t v = r->args[a];
	int64_t i32 = (int32_t)v;   /* int arguments: the upper half is not theirs */

	switch (k) {
	case 'd': case 'f': return fmt_sdec(dst, i32, 0);
	case 'D': return i32 == -100 ? put(dst, "AT_FDCWD") : fmt_sdec(dst, i32, 0);
	case 'u': return fmt_udec(dst, v, 0, ' ');
	case 'p': return put_pointer(dst, v);
	case 'S': case 'b': case 'B': return put_memory(dst, r, data, len, a);
	case 'z': return put_sockaddr(dst, r, data, len, a);
	case 'v': return put_argv(dst, r, data, len, a);
	case 'o': return put_value_flags(dst, xlat_open_modes, 3, xlat_open_flags, v);
	case 'm': return put_mode(dst, v);
	case 'r': return put_prot(dst, v);
	case 'M': return put_value_flags(dst, xlat_mmap_types, 0xf, xlat_mmap_flags, v);
	case 'a': return put_access(dst, v);
	case 'A': return xlat_flags(dst, xlat_at_flags, v);
	case 'w': return put_const(dst, xlat_seek_whence, i32);
	case 's': return put_signal(dst, i32);
	case 'c': return put_clone_flags(dst, v);
	case 'F': return put_const(dst, xlat_fcntl_cmds, i32);
	case 'k': return put_const(dst, xlat_socket_families, i32);
	case 't': return put_value_flags(dst, xlat_socket_types, 0xf, xlat_socket_type_flags, v);
	case 'C': return put_const(dst, xlat_clocks, i32);
	case 'h': return put_const(dst, xlat_sigprocmask_how, i32);
	case 'i': {
		const char *name = xlat_name(xlat_ioctl_cmds, v & 0xffffffff);
		return name ? put(dst, name) : fmt_hex(dst, v);
	}
	case 'X': return put_value_flags(dst, xlat_futex_ops, 0x7f, xlat_futex_flags, v);
	default: return fmt_hex(dst, v);
	}
}

/* Calls emit for each argument's text; the two output syntaxes differ only
 * in how they wrap and separate those texts. */
static size_t each_arg(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
		       size_t (*emit)(char *dst, const char *text, size_t n, int first))
{
	const char *sig = decode_signature(r->nr);
	char text[DECODE_MAX];
	size_t i = 0;
	int a, nargs = sig ? (int)strlen(sig) : 6;

	for (a = 0; a < nargs && a < 6; a++) {
		/* open's mode means something only when a file may be created */
		if (sig && sig[a] == 'm' && a && sig[a - 1] == 'o' &&
		    !(r->args[a - 1] & (O_CREAT | O_TMPFILE)))
			break;
		i += emit(dst + i, text, put_arg(text, sig ? sig[a] : 'x', r, data, len, a), a == 0);
	}
	return i;
}

static size_t emit_text(char *dst, const char *text, size_t n, int first)
{
	size_t i = 0;

	if (!first) {
		dst[i++] = ',';
		dst[i++] = ' ';
	}
	memcpy(dst + i, text, n);
	return i + n;
}

size_t decode_args(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len)
{
	size_t i = 0;

	dst[i++] = '(';
	i += each_arg(dst + i, r, data, len, emit_text);
	dst[i++] = ')';
	return i;
}

static size_t emit_json(char *dst, const char *text, size_t n, int first)
{
	size_t i = 0, k;

	if (!first)
		dst[i++] = ',';
	dst[i++] = '"';
	for (k = 0; k < n; k++) {   /* text is printable ASCII: only " and \ need it */
		if (text[k] == '"' || text[k] == '\\')
			dst[i++] = '\\';
		dst[i++] = text[k];
	}
	dst[i++] = '"';
	return i;
}

size_t decode_args_json(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len)
{
	size_t i = 0;

	dst[i++] = '[';
	i += each_arg(dst + i, r, data, len, emit_json);
	dst[i++] = ']';
	return i;
}
