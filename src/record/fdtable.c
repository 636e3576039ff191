/* fdtable.c - see fdtable.h. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include "record/decoders.h"
#include "record/fdtable.h"
#include "record/ia32.h"
#include "record/text.h"

int fdtable_init(struct fdtable *t, size_t slots, fd_seed_fn seed, void *ctx)
{
	memset(t, 0, sizeof(*t));
	for (t->size = 64; t->size < slots; t->size *= 2)
		;
	t->slots = calloc(t->size, sizeof(*t->slots));
	t->seed = seed;
	t->seed_ctx = ctx;
	t->copy_at_fork_call = 1;
	return t->slots ? 0 : -1;
}

void fdtable_free(struct fdtable *t)
{
	free(t->slots);
	t->slots = NULL;
}

static size_t home(const struct fdtable *t, uint32_t pid, int fd)
{
	return ((pid * 0x9e3779b1u) ^ ((uint32_t)fd * 0x85ebca6bu)) & (t->size - 1);
}

/* The slot of (pid, fd), or of the free slot where it would go. */
static struct fd_entry *slot(const struct fdtable *t, uint32_t pid, int fd)
{
	size_t i = home(t, pid, fd);

	while (t->slots[i].pid && !(t->slots[i].pid == pid && t->slots[i].fd == fd))
		i = (i + 1) & (t->size - 1);
	return &t->slots[i];
}

/* A new entry (or the old one, emptied); NULL when the table is full. */
static struct fd_entry *put(struct fdtable *t, uint32_t pid, int fd)
{
	struct fd_entry *e = slot(t, pid, fd);

	if (!e->pid) {
		if (t->used + 1 > t->size - t->size / 8)
			return NULL;   /* keep probes short: a full table learns no more */
		t->used++;
	}
	memset(e, 0, sizeof(*e));
	e->pid = pid;
	e->fd = fd;
	return e;
}

/* Linear probing's deletion: later entries of the run move up. */
static void delete_at(struct fdtable *t, size_t i)
{
	size_t j = i, h;

	t->slots[i].pid = 0;
	t->used--;
	for (;;) {
		j = (j + 1) & (t->size - 1);
		if (!t->slots[j].pid)
			return;
		h = home(t, t->slots[j].pid, t->slots[j].fd);
		/* moves up if its home is not within (i, j] */
		if ((j > i && (h <= i || h > j)) || (j < i && (h <= i && h > j))) {
			t->slots[i] = t->slots[j];
			t->slots[j].pid = 0;
			i = j;
		}
	}
}

void fdtable_del(struct fdtable *t, uint32_t pid, int fd)
{
	struct fd_entry *e = slot(t, pid, fd);

	if (e->pid)
		delete_at(t, (size_t)(e - t->slots));
}

/* text, its end if it is too long (a path's end says the most) */
static void set_text(char *dst, uint8_t *dlen, size_t max, const char *text, size_t len)
{
	if (len > max) {
		text += len - max;
		len = max;
	}
	memcpy(dst, text, len);
	*dlen = (uint8_t)len;
}

void fdtable_set(struct fdtable *t, uint32_t pid, int fd, const char *text, size_t len, int cloexec)
{
	struct fd_entry *e = put(t, pid, fd);

	if (e) {
		set_text(e->text, &e->len, FD_TEXT_MAX, text, len);
		e->cloexec = (uint8_t)!!cloexec;
	}
}

void fdtable_seeded(struct fdtable *t, uint32_t pid)
{
	put(t, pid, FD_SEEDED);
}

/* Has pid's table begun (a seed, or a fork's copy)? */
static int known(struct fdtable *t, uint32_t pid)
{
	return slot(t, pid, FD_SEEDED)->pid != 0;
}

static struct fd_entry *find(struct fdtable *t, uint32_t pid, int fd)
{
	struct fd_entry *e;

	if (!pid)
		return NULL;   /* the mark of a free slot, no process's (see fdtable_learn) */
	if (t->seed && !known(t, pid)) {
		put(t, pid, FD_SEEDED);
		t->seed(t->seed_ctx, t, pid);
	}
	e = slot(t, pid, fd);
	return e->pid ? e : NULL;
}

const char *fdtable_get(struct fdtable *t, uint32_t pid, int fd, size_t *len)
{
	struct fd_entry *e = find(t, pid, fd);
	size_t n;

	if (!e || fd == FD_SEEDED)
		return NULL;
	if (!e->socket) {
		*len = e->len;
		return e->text;
	}
	/* TCP:[127.0.0.1:40000->127.0.0.1:8080], TCP:[127.0.0.1:8080] (bound,
	 * listening), TCP:[->127.0.0.1:8080] (the local end not seen) */
	memcpy(t->scratch, e->text, e->len);
	n = e->len;
	if (e->local_len || e->remote_len) {
		n += fmt_lit(t->scratch + n, ":[");
		memcpy(t->scratch + n, e->local, e->local_len);
		n += e->local_len;
		if (e->remote_len) {
			n += fmt_lit(t->scratch + n, "->");
			memcpy(t->scratch + n, e->remote, e->remote_len);
			n += e->remote_len;
		}
		t->scratch[n++] = ']';
	}
	*len = n;
	return t->scratch;
}

/* close_range(lo, hi, flags) that succeeded: pid's fds in [lo, hi] closed,
 * or with CLOSE_RANGE_CLOEXEC (4) made close-on-exec. */
static void closed_range(struct fdtable *t, uint32_t pid, uint32_t lo, uint32_t hi, uint64_t flags)
{
	struct fd_entry *e;
	size_t i;

	for (i = 0; i < t->size; i++) {
		e = &t->slots[i];
		if (e->pid != pid || e->fd < 0 || (uint32_t)e->fd < lo || (uint32_t)e->fd > hi)
			continue;
		if (flags & 4) {
			e->cloexec = 1;
			continue;
		}
		delete_at(t, i);
		i--;   /* a later entry may have moved here */
	}
}

/* Drops pid's entries: all of them (its end), or the close-on-exec ones (an exec). */
static void forget(struct fdtable *t, uint32_t pid, int cloexec_only)
{
	size_t i;

	for (i = 0; i < t->size; i++) {
		if (t->slots[i].pid != pid || (cloexec_only && !t->slots[i].cloexec))
			continue;
		delete_at(t, i);
		i--;   /* a later entry may have moved here */
	}
}

/* A fork: child starts with a copy of each of parent's entries (FD_SEEDED too:
 * the child knows what its parent knew); a result that is no PID has no child. */
static void inherit(struct fdtable *t, uint32_t parent, uint32_t child)
{
	struct fd_entry copy, *e;
	size_t i;

	if (!child || !parent || child == parent)   /* pid 0: the free slots' mark (a damaged capture) */
		return;
	find(t, parent, FD_SEEDED);   /* a parent not asked about yet: its seed first */
	for (i = 0; i < t->size; i++) {
		if (t->slots[i].pid != parent)
			continue;
		copy = t->slots[i];
		if ((e = put(t, child, copy.fd))) {
			*e = copy;
			e->pid = child;
		}
	}
	put(t, child, FD_SEEDED);   /* known, even with nothing to copy: no seed of its own */
}

void fdtable_fork(struct fdtable *t, uint32_t parent, uint32_t child)
{
	t->copy_at_fork_call = 0;
	inherit(t, parent, child);
}

/* The call that forked child: its copy, where no fork record
 * (SNOOP_REC_FORK, timed before the child ran) makes it: a capture of
 * version 3 or less, a kernel without BTF. This record comes after the
 * child's first records when the parent returns late, as a vfork parent
 * always does, after its child's exec: those then made the child known
 * (a seed), and are not overwritten. */
static void forked(struct fdtable *t, uint32_t parent, uint32_t child)
{
	if (t->copy_at_fork_call && child && !known(t, child))
		inherit(t, parent, child);
}

/* ---- what records change ---- */

/* The memory item of argument a, if the record has it. */
static const uint8_t *item(const struct snoop_record *r, const uint8_t *data, size_t len, int a, size_t *n)
{
	struct mem_item m;

	if (!record_mem_item(r, data, len, a, &m))
		return NULL;
	*n = m.len;
	return m.p;
}

/* An absolute path without its "." components, doubled and trailing
 * slashes (/tmp/x/./y/ is /tmp/x/y, as the kernel names it); ".." is
 * kept: a symbolic link before it (/lib on a merged /usr) would make
 * dropping a component wrong. The new length. */
static size_t tidy_path(char *s, size_t n)
{
	size_t i = 0, k = 0, end;

	if (!n || s[0] != '/')
		return n;
	while (i < n) {
		while (i < n && s[i] == '/')
			i++;
		for (end = i; end < n && s[end] != '/'; end++)
			;
		if (end == i || (end - i == 1 && s[i] == '.')) {
			i = end;
			continue;
		}
		s[k++] = '/';
		memmove(s + k, s + i, end - i);
		k += end - i;
		i = end;
	}
	if (!k)
		s[k++] = '/';
	return k;
}

/* "/proc/PID" into dst (room: 17 bytes); its length */
static size_t proc_dir(char *dst, uint32_t pid)
{
	size_t h = fmt_lit(dst, "/proc/");

	return h + fmt_udec(dst + h, pid, 0, ' ');
}

/* /proc/self and /proc/thread-self as the kernel names what is opened
 * through them, /proc/PID and /proc/PID/task/TID. The new length. */
static size_t own_proc(char *s, size_t n, size_t room, const struct snoop_record *r)
{
	char head[48];
	size_t skip, h;

	if (n >= 10 && memcmp(s, "/proc/self", 10) == 0 && (n == 10 || s[10] == '/')) {
		skip = 10;
		h = proc_dir(head, r->pid);
	} else if (n >= 17 && memcmp(s, "/proc/thread-self", 17) == 0 && (n == 17 || s[17] == '/')) {
		skip = 17;
		h = proc_dir(head, r->pid);
		h += fmt_lit(head + h, "/task/");
		h += fmt_udec(head + h, r->tid, 0, ' ');
	} else {
		return n;
	}
	if (n - skip + h > room)
		return n;
	memmove(s + h, s + skip, n - skip);
	memcpy(s, head, h);
	return n - skip + h;
}

/* The fd N a path names the process's own fd by (/dev/fd/N, /proc/PID/fd/N,
 * /dev/stdin, /dev/stdout, /dev/stderr): opening it opens the file N is.
 * (size_t)-1 when the path is none of those. */
static size_t fd_link(const char *s, size_t n, uint32_t pid)
{
	char head[40];
	size_t h, fd = 0, i;

	if (n == 10 && memcmp(s, "/dev/stdin", 10) == 0)
		return 0;
	if (n == 11 && memcmp(s, "/dev/stdout", 11) == 0)
		return 1;
	if (n == 11 && memcmp(s, "/dev/stderr", 11) == 0)
		return 2;
	if (n > 8 && memcmp(s, "/dev/fd/", 8) == 0) {
		h = 8;
	} else {
		h = proc_dir(head, pid);
		h += fmt_lit(head + h, "/fd/");
		if (n <= h || memcmp(s, head, h))
			return (size_t)-1;
	}
	for (i = h; i < n && i < h + 7; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (size_t)-1;
		fd = fd * 10 + (size_t)(s[i] - '0');
	}
	return i == n ? fd : (size_t)-1;
}

static void copied(struct fdtable *t, uint32_t pid, int from, int to, int cloexec);

/* dirfd/path as an absolute path when the directory is known */
static void opened(struct fdtable *t, const struct snoop_record *r, const uint8_t *data, size_t len,
		   int dirfd, int path_arg, int fd, uint64_t flags)
{
	char full[FD_TEXT_MAX * 2 + 2];
	const uint8_t *p;
	const char *dir;
	size_t n, dn, k = 0, link;

	p = item(r, data, len, path_arg, &n);
	if (!p)
		return;
	if (n && p[0] != '/' && (dir = fdtable_get(t, r->pid, dirfd, &dn)) && dn && dir[0] == '/') {
		memcpy(full, dir, dn);
		k = dn;
		if (full[k - 1] != '/')
			full[k++] = '/';
	}
	if (n > sizeof(full) - k)
		n = sizeof(full) - k;
	memcpy(full + k, p, n);
	n = own_proc(full, tidy_path(full, k + n), sizeof(full), r);
	/* O_PATH|O_NOFOLLOW opens the link itself, not the file it names */
	if (!(flags & O_NOFOLLOW) && (link = fd_link(full, n, r->pid)) != (size_t)-1 && find(t, r->pid, (int)link))
		copied(t, r->pid, (int)link, fd, flags & O_CLOEXEC);   /* the file that fd is */
	else
		fdtable_set(t, r->pid, fd, full, n, flags & O_CLOEXEC);
}

static void copied(struct fdtable *t, uint32_t pid, int from, int to, int cloexec)
{
	struct fd_entry *src = find(t, pid, from), copy, *e;

	if (from == to)
		return;
	if (!src) {
		fdtable_del(t, pid, to);
		return;
	}
	copy = *src;
	e = put(t, pid, to);
	if (e) {
		*e = copy;
		e->fd = to;
		e->cloexec = (uint8_t)!!cloexec;
	}
}

static const char *protocol(int family, int type)
{
	type &= 0xf;
	switch (family) {
	case AF_INET: return type == SOCK_STREAM ? "TCP" : type == SOCK_DGRAM ? "UDP" : "INET";
	case AF_INET6: return type == SOCK_STREAM ? "TCPv6" : type == SOCK_DGRAM ? "UDPv6" : "INET6";
	case AF_UNIX: return type == SOCK_STREAM ? "UNIX-STREAM" : type == SOCK_DGRAM ? "UNIX-DGRAM" : "UNIX";
	case AF_NETLINK: return "NETLINK";
	default: return "socket";
	}
}

/* 127.0.0.1:8080, [::1]:443, a unix path, or @name */
static size_t address(char *dst, const uint8_t *sa, size_t n)
{
	char ip[INET6_ADDRSTRLEN];
	uint16_t family, port;
	size_t i = 0;

	if (n < 2)
		return 0;
	memcpy(&family, sa, 2);
	if (family == AF_INET && n >= sizeof(struct sockaddr_in)) {
		memcpy(&port, sa + 2, 2);
		inet_ntop(AF_INET, sa + 4, ip, sizeof(ip));
		i = fmt_str(dst, ip, 0);
	} else if (family == AF_INET6 && n >= sizeof(struct sockaddr_in6)) {
		memcpy(&port, sa + 2, 2);
		inet_ntop(AF_INET6, sa + 8, ip, sizeof(ip));
		dst[i++] = '[';
		i += fmt_str(dst + i, ip, 0);
		dst[i++] = ']';
	} else if (family == AF_UNIX && n > 2) {
		if (sa[2] == 0)
			dst[i++] = '@';
		n = strnlen((const char *)sa + 2 + (sa[2] == 0), n - 2 - (sa[2] == 0));
		n = n > FD_ADDR_MAX - 1 ? FD_ADDR_MAX - 1 : n;
		memcpy(dst + i, sa + 2 + (sa[2] == 0), n);
		return i + n;
	} else {
		return 0;
	}
	dst[i++] = ':';
	return i + fmt_udec(dst + i, ntohs(port), 0, ' ');
}

/* a socket's local (or remote) address, from a sockaddr the call had */
static void addressed(struct fdtable *t, const struct snoop_record *r, const uint8_t *data, size_t len,
		      int fd, int arg, int remote)
{
	struct fd_entry *e = find(t, r->pid, fd);
	const uint8_t *sa;
	size_t n;
	char text[80];

	if (!e || !e->socket || !(sa = item(r, data, len, arg, &n)))
		return;
	n = address(text, sa, n);
	/* the wildcard with no port: an unbound socket's getsockname (strace
	 * -yy then shows the inode alone), nothing learnt */
	if ((n == 9 && memcmp(text, "0.0.0.0:0", 9) == 0) || (n == 6 && memcmp(text, "[::]:0", 6) == 0))
		return;
	if (remote)
		set_text(e->remote, &e->remote_len, FD_ADDR_MAX, text, n);
	else
		set_text(e->local, &e->local_len, FD_ADDR_MAX, text, n);
}

static void socketed(struct fdtable *t, uint32_t pid, int fd, const char *proto, int cloexec)
{
	struct fd_entry *e;

	fdtable_set(t, pid, fd, proto, strlen(proto), cloexec);
	e = slot(t, pid, fd);
	if (e->pid)
		e->socket = 1;
}

/* The address family of the sockaddr of argument a; AF_UNSPEC if none. */
static int family_of(const struct snoop_record *r, const uint8_t *data, size_t len, int a)
{
	uint16_t family = AF_UNSPEC;
	size_t n;
	const uint8_t *sa = item(r, data, len, a, &n);

	if (sa && n >= sizeof(family))
		memcpy(&family, sa, sizeof(family));
	return family;
}

/* accept: a new socket, its remote end the peer the call returned. From the listener
 * comes what is true of every socket it accepts: the protocol and local address the
 * records showed. A listener seeded from /proc (socket:[INODE]) names only itself:
 * the new socket is named by its peer's family (INET:[->10.0.0.2:80]). */
static void accepted(struct fdtable *t, const struct snoop_record *r, const uint8_t *data, size_t len,
		     int cloexec)
{
	struct fd_entry *l = find(t, r->pid, (int)r->args[0]), *e;
	int fd = (int)r->ret;

	if (l && l->socket)
		copied(t, r->pid, (int)r->args[0], fd, cloexec);
	else
		socketed(t, r->pid, fd, protocol(family_of(r, data, len, 1), 0), cloexec);
	if ((e = find(t, r->pid, fd)))
		e->remote_len = 0;
	addressed(t, r, data, len, fd, 1, 1);
}

static void piped(struct fdtable *t, const struct snoop_record *r, const uint8_t *data, size_t len,
		  int arg, const char *what, int cloexec)
{
	const uint8_t *p = item(r, data, len, arg, &(size_t){ 0 });
	int32_t fd[2];

	if (!p)
		return;
	memcpy(fd, p, sizeof(fd));
	if (strcmp(what, "pipe") == 0) {
		fdtable_set(t, r->pid, fd[0], what, strlen(what), cloexec);
		fdtable_set(t, r->pid, fd[1], what, strlen(what), cloexec);
	} else {
		socketed(t, r->pid, fd[0], what, cloexec);
		socketed(t, r->pid, fd[1], what, cloexec);
	}
}

/* Did clone3 make a thread? Its flags, the first u64 of its struct
 * clone_args; a struct not read counts as a process's. */
static int clone3_thread(const struct snoop_record *r, const uint8_t *data, size_t len)
{
	size_t n;
	const uint8_t *p = item(r, data, len, 0, &n);
	uint64_t flags = 0;

	if (p && n >= sizeof(flags))
		memcpy(&flags, p, sizeof(flags));
	return (flags & CLONE_THREAD) != 0;
}

/* An fd that is no file: the name /proc/PID/fd gives it (strace -y's) */
static void anon(struct fdtable *t, uint32_t pid, int fd, const char *name, int cloexec)
{
	fdtable_set(t, pid, fd, name, strlen(name), cloexec);
}

/* memfd_create's: /memfd:NAME (deleted), as /proc/PID/fd names it */
static void memfd(struct fdtable *t, const struct snoop_record *r, const uint8_t *data, size_t len, int fd,
		  int cloexec)
{
	char text[FD_TEXT_MAX + 32];
	size_t n, k;
	const uint8_t *p = item(r, data, len, 0, &n);

	if (!p)
		return;
	k = fmt_lit(text, "/memfd:");
	while (n && !p[n - 1])
		n--;   /* the string's NUL, when the item kept it */
	if (n > FD_TEXT_MAX)
		n = FD_TEXT_MAX;
	memcpy(text + k, p, n);
	k += n;
	k += fmt_lit(text + k, " (deleted)");
	fdtable_set(t, r->pid, fd, text, k, cloexec);
}

/* ioctl: FIOCLEX and FIONCLEX set close-on-exec; a pty master's number
 * (TIOCGPTN) names the peer TIOCGPTPEER opens, /dev/pts/N */
static void ioctled(struct fdtable *t, const struct snoop_record *r, const uint8_t *data, size_t len)
{
	struct fd_entry *e = find(t, r->pid, (int)r->args[0]);
	char text[32];
	const uint8_t *p;
	int32_t ptn;
	size_t n;

	if (!e)
		return;
	switch ((uint32_t)r->args[1]) {
	case FIOCLEX: e->cloexec = 1; break;
	case FIONCLEX: e->cloexec = 0; break;
	case TIOCGPTN:
		if (!e->socket && (p = item(r, data, len, 2, &n)) && n >= sizeof(ptn)) {
			memcpy(&ptn, p, sizeof(ptn));
			e->local_len = (uint8_t)fmt_udec(e->local, (uint32_t)ptn, 0, ' ');
		}
		break;
	case TIOCGPTPEER:
		if (!e->socket && e->local_len) {
			n = fmt_lit(text, "/dev/pts/");
			memcpy(text + n, e->local, e->local_len);
			fdtable_set(t, r->pid, (int)r->ret, text, n + e->local_len, r->args[2] & O_CLOEXEC);
		}
		break;
	}
}

void fdtable_learn(struct fdtable *t, const struct snoop_record *r, const uint8_t *data, size_t len)
{
	long nr = record_native_nr(r);
	const __u64 *a = r->args;
	struct fd_entry *e;
	int fd = (int)r->ret;

	/* pid 0 marks a free slot, and no process has it (the idle task makes
	 * no system calls): a record that claims it (a damaged capture) would
	 * take free slots for its fds, and its end would free them forever */
	if (!r->pid)
		return;
	if (r->flags & SNOOP_REC_EXIT) {
		forget(t, r->pid, 0);
		return;
	}
	if ((r->flags & (SNOOP_REC_SIGNAL | SNOOP_REC_NORETURN | SNOOP_REC_KILLED)) ||
	    (r->ret < 0 && !(nr == SYS_connect && r->ret == -115)))   /* EINPROGRESS: connecting */
		return;
	switch (nr) {
	case SYS_open: opened(t, r, data, len, FD_CWD, 0, fd, a[1]); break;
	case SYS_creat: opened(t, r, data, len, FD_CWD, 0, fd, 0); break;
	case SYS_openat: opened(t, r, data, len, (int)a[0], 1, fd, a[2]); break;
	case SYS_openat2: opened(t, r, data, len, (int)a[0], 1, fd, 0); break;
	case SYS_chdir: opened(t, r, data, len, FD_CWD, 0, FD_CWD, 0); break;
	case SYS_fchdir: copied(t, r->pid, (int)a[0], FD_CWD, 0); break;
	case SYS_close: fdtable_del(t, r->pid, (int)a[0]); break;
	case SYS_ioctl: ioctled(t, r, data, len); break;
	case SYS_close_range: closed_range(t, r->pid, (uint32_t)a[0], (uint32_t)a[1], a[2]); break;
	case SYS_dup: copied(t, r->pid, (int)a[0], fd, 0); break;
	case SYS_dup2: copied(t, r->pid, (int)a[0], (int)a[1], 0); break;
	case SYS_dup3: copied(t, r->pid, (int)a[0], (int)a[1], a[2] & O_CLOEXEC); break;
	case SYS_fcntl:
		if ((int)a[1] == F_DUPFD || (int)a[1] == F_DUPFD_CLOEXEC)
			copied(t, r->pid, (int)a[0], fd, (int)a[1] == F_DUPFD_CLOEXEC);
		else if ((int)a[1] == F_SETFD && (e = find(t, r->pid, (int)a[0])))
			e->cloexec = (uint8_t)(a[2] & FD_CLOEXEC);
		break;
	case SYS_pipe: piped(t, r, data, len, 0, "pipe", 0); break;
	case SYS_pipe2: piped(t, r, data, len, 0, "pipe", a[1] & O_CLOEXEC); break;
	case SYS_socketpair: piped(t, r, data, len, 3, protocol((int)a[0], (int)a[1]), a[1] & SOCK_CLOEXEC); break;
	case SYS_socket: socketed(t, r->pid, fd, protocol((int)a[0], (int)a[1]), a[1] & SOCK_CLOEXEC); break;
	case SYS_connect: addressed(t, r, data, len, (int)a[0], 1, 1); break;
	case SYS_bind: case SYS_getsockname: addressed(t, r, data, len, (int)a[0], 1, 0); break;
	case SYS_getpeername: addressed(t, r, data, len, (int)a[0], 1, 1); break;
	case SYS_accept: accepted(t, r, data, len, 0); break;
	case SYS_accept4: accepted(t, r, data, len, a[3] & SOCK_CLOEXEC); break;
	case SYS_epoll_create: anon(t, r->pid, fd, "anon_inode:[eventpoll]", 0); break;
	case SYS_epoll_create1: anon(t, r->pid, fd, "anon_inode:[eventpoll]", a[0] & O_CLOEXEC); break;
	case SYS_eventfd: anon(t, r->pid, fd, "anon_inode:[eventfd]", 0); break;
	case SYS_eventfd2: anon(t, r->pid, fd, "anon_inode:[eventfd]", a[1] & O_CLOEXEC); break;
	case SYS_timerfd_create: anon(t, r->pid, fd, "anon_inode:[timerfd]", a[1] & O_CLOEXEC); break;
	case SYS_signalfd:   /* an fd given is changed, not made */
		if ((int)a[0] == -1)
			anon(t, r->pid, fd, "anon_inode:[signalfd]", 0);
		break;
	case SYS_signalfd4:
		if ((int)a[0] == -1)
			anon(t, r->pid, fd, "anon_inode:[signalfd]", a[3] & O_CLOEXEC);
		break;
	case SYS_inotify_init: anon(t, r->pid, fd, "anon_inode:inotify", 0); break;
	case SYS_inotify_init1: anon(t, r->pid, fd, "anon_inode:inotify", a[0] & O_CLOEXEC); break;
	case SYS_fanotify_init: anon(t, r->pid, fd, "anon_inode:[fanotify]", a[0] & 1); break;   /* FAN_CLOEXEC */
	case SYS_userfaultfd: anon(t, r->pid, fd, "anon_inode:[userfaultfd]", a[0] & O_CLOEXEC); break;
	case SYS_perf_event_open: anon(t, r->pid, fd, "anon_inode:[perf_event]", a[4] & 8); break;   /* PERF_FLAG_FD_CLOEXEC */
	case SYS_pidfd_open: anon(t, r->pid, fd, "anon_inode:[pidfd]", 1); break;   /* always close-on-exec */
	case SYS_io_uring_setup: anon(t, r->pid, fd, "anon_inode:[io_uring]", 1); break;
	case SYS_memfd_create: memfd(t, r, data, len, fd, a[1] & 1); break;   /* MFD_CLOEXEC */
	case SYS_execve: case SYS_execveat: forget(t, r->pid, 1); break;
	case SYS_clone:
		if (!(a[0] & CLONE_THREAD) && r->ret > 0)
			forked(t, r->pid, (uint32_t)r->ret);
		break;
	case SYS_fork: case SYS_vfork:
		if (r->ret > 0)
			forked(t, r->pid, (uint32_t)r->ret);
		break;
	case SYS_clone3:   /* its flags lead its struct clone_args: a thread (pthread_create's) copies nothing */
		if (r->ret > 0 && !clone3_thread(r, data, len))
			forked(t, r->pid, (uint32_t)r->ret);
		break;
	default:
		break;
	}
}

int fdtable_learns_first(const struct snoop_record *r)
{
	long nr = record_native_nr(r);

	return nr == SYS_pipe || nr == SYS_pipe2 || nr == SYS_socketpair;
}

void fdtable_syscalls(uint64_t *bits)
{
	static const int calls[] = {
		SYS_open, SYS_creat, SYS_openat, SYS_openat2, SYS_chdir, SYS_fchdir, SYS_close, SYS_close_range, SYS_dup,
		SYS_dup2, SYS_dup3, SYS_fcntl, SYS_pipe, SYS_pipe2, SYS_socketpair, SYS_socket, SYS_connect,
		SYS_bind, SYS_getsockname, SYS_getpeername, SYS_accept, SYS_accept4, SYS_execve,
		SYS_execveat, SYS_clone, SYS_clone3, SYS_fork, SYS_vfork, SYS_epoll_create, SYS_epoll_create1,
		SYS_eventfd, SYS_eventfd2, SYS_timerfd_create, SYS_signalfd, SYS_signalfd4, SYS_inotify_init,
		SYS_inotify_init1, SYS_fanotify_init, SYS_userfaultfd, SYS_perf_event_open, SYS_pidfd_open,
		SYS_io_uring_setup, SYS_memfd_create, SYS_ioctl,
	};
	size_t i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		bits[calls[i] / 64] |= 1ULL << (calls[i] % 64);
}
