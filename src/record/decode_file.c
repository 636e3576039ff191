/* decode_file.c - files and descriptors: directory fds, open flags and
 * modes, access modes, AT_* flags, lseek whence, fcntl and ioctl commands. */
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <sys/syscall.h>
#include "record/decoders.h"
#include "record/fdtable.h"
#include "record/ia32.h"
#include "record/text.h"
#include "record/value.h"
#include "record/xlat.h"

/* -y: the fd's path or socket after it, as strace -y shows them */
void dec_fd(struct vout *o, const struct arg *x)
{
	const char *text;
	size_t n;

	if (x->fds && x->i32 >= 0 && (text = fdtable_get(x->fds, x->r->pid, (int)x->i32, &n)))
		value_fd(o, x->i32, text, n);
	else
		value_int(o, x->i32);
}

/* -y: AT_FDCWD</tmp>, the working directory as strace -y shows it */
void value_fd_of(struct vout *o, const struct arg *x, int32_t fd)
{
	struct arg y = *x;

	y.i32 = fd;
	dec_fd(o, &y);
}

/* pipe/pipe2/socketpair: the two fds the call wrote, as strace shows them */
void dec_fd_pair(struct vout *o, const struct arg *x)
{
	struct mem_item m;
	int32_t fd[2];

	if (!x->v || !find_mem_item(x, &m) || m.len != sizeof(fd)) {
		dec_pointer(o, x);
		return;
	}
	memcpy(fd, m.p, sizeof(fd));
	value_array_begin(o);
	value_fd_of(o, x, fd[0]);   /* the table learnt the pair before the line: fdtable_learns_first */
	value_elem(o);
	value_fd_of(o, x, fd[1]);
	value_array_end(o, 0);
}

void dec_dirfd(struct vout *o, const struct arg *x)
{
	const char *text;
	size_t n;

	if (x->i32 != AT_FDCWD)
		dec_fd(o, x);
	else if (x->fds && (text = fdtable_get(x->fds, x->r->pid, FD_CWD, &n)))
		value_cwd(o, text, n);
	else
		value_sym(o, "AT_FDCWD");
}

/* the access mode is a value in the low two bits, the rest are flags */
void dec_open_flags(struct vout *o, const struct arg *x)
{
	value_xlat_flags(o, xlat_open_modes, 3, xlat_open_flags, x->v);
}

/* flags with no access mode in them (pipe2, dup3): 0 is "0", not O_RDONLY */
void dec_open_flags_only(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_open_flags, x->v);
}

/* octal, as chmod(1) takes it: 0644 (0 alone is a number) */
/* v in octal with its leading 0 and at least digits more (0644; strace's
 * %#03o: 007), raw: inside a value's text */
static void put_octal(struct vout *o, uint64_t v, size_t digits)
{
	char tmp[24];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + (v & 7));
		v >>= 3;
	} while (v);
	while (n < digits)
		tmp[n++] = '0';
	o->dst[o->i++] = '0';
	while (n)
		o->dst[o->i++] = tmp[--n];
}

void dec_mode(struct vout *o, const struct arg *x)
{
	if (!x->v) {
		value_uint(o, 0);
		return;
	}
	value_text_begin(o);
	put_octal(o, x->v, 1);
	value_text_end(o);
}

/* Named flag bits above the permissions, then the permissions in octal:
 * shmget's IPC_CREAT|IPC_EXCL|0600 (strace prints a mode this way) */
void value_flags_mode(struct vout *o, const struct xlat *flags, uint64_t v)
{
	uint64_t rest = v & ~(uint64_t)0777;

	if (!v) {
		value_uint(o, 0);
		return;
	}
	value_text_begin(o);
	if (rest) {
		o->i += xlat_flags(vout_end(o), flags, rest);
		o->dst[o->i++] = '|';
	}
	put_octal(o, v & 0777, 3);
	value_text_end(o);
}

/* mknod's mode: its file type by name, then the permissions, S_IFIFO|0666 */
void dec_node_mode(struct vout *o, const struct arg *x)
{
	static const struct {
		uint32_t type;
		const char *name;
	} types[] = {
		{ S_IFREG, "S_IFREG|" }, { S_IFSOCK, "S_IFSOCK|" }, { S_IFIFO, "S_IFIFO|" }, { S_IFLNK, "S_IFLNK|" },
		{ S_IFDIR, "S_IFDIR|" }, { S_IFBLK, "S_IFBLK|" }, { S_IFCHR, "S_IFCHR|" },
	};
	uint32_t mode = (uint32_t)x->v & 0xffff;   /* the kernel's umode_t */
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if ((mode & S_IFMT) == types[i].type)
			break;
	value_text_begin(o);
	if (i < sizeof(types) / sizeof(types[0])) {
		o->i += fmt_str(o->dst + o->i, types[i].name, 0);
		mode &= ~(uint32_t)S_IFMT;
	}
	put_octal(o, mode, 2);
	value_text_end(o);
}

void dec_access(struct vout *o, const struct arg *x)
{
	if (x->v)
		value_flags(o, xlat_access_modes, x->v);
	else
		value_sym(o, "F_OK");
}

void dec_at_flags(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_at_flags, x->v);
}

/* a table of its own: AT_EACCESS is 0x200, which the AT_* table names
 * AT_REMOVEDIR (unlinkat's), and faccessat2 takes only these three */
void dec_faccessat_flags(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_faccessat_flags, x->v);
}

void dec_whence(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_seek_whence, x->i32);
}

void dec_fcntl(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_fcntl_cmds, x->i32);
}

void dec_ioctl(struct vout *o, const struct arg *x)
{
	const char *name = xlat_name(xlat_ioctl_cmds, x->v & 0xffffffff);

	if (name)
		value_sym(o, name);
	else
		value_hex(o, x->v);
}

/* c_oflag as strace shows it: each delay field by name (NL0|CR0|TAB0|
 * BS0|VT0|FF0; TAB3 by its other name, XTABS, as strace 6.1), then the
 * flags, "0" for none */
static void term_oflag(struct vout *o, uint32_t v)
{
	static const struct {
		uint32_t mask, unit;
		const char *names[4];
	} delays[] = {
		{ NLDLY, NL1, { "NL0", "NL1" } }, { CRDLY, CR1, { "CR0", "CR1", "CR2", "CR3" } },
		{ TABDLY, TAB1, { "TAB0", "TAB1", "TAB2", "XTABS" } }, { BSDLY, BS1, { "BS0", "BS1" } },
		{ VTDLY, VT1, { "VT0", "VT1" } }, { FFDLY, FF1, { "FF0", "FF1" } },
	};
	size_t i;

	value_text_begin(o);
	for (i = 0; i < sizeof(delays) / sizeof(delays[0]); i++) {
		o->i += fmt_str(vout_end(o), delays[i].names[(v & delays[i].mask) / delays[i].unit], 0);
		o->dst[o->i++] = '|';
		v &= ~delays[i].mask;
	}
	o->i += xlat_flags(vout_end(o), xlat_term_oflags, v);
	value_text_end(o);
}

/* c_cflag as strace shows it: the baud rate, the input one (shifted) when
 * set, the character size, then the flags */
static void term_cflag(struct vout *o, uint32_t v)
{
	value_text_begin(o);
	o->i += xlat_value(vout_end(o), xlat_baud_rates, v & CBAUD);
	o->dst[o->i++] = '|';
	if (v & CIBAUD) {
		o->i += xlat_value(vout_end(o), xlat_baud_rates, (v & CIBAUD) >> 16);
		o->i += fmt_lit(vout_end(o), "<<IBSHIFT|");
	}
	o->i += xlat_value(vout_end(o), xlat_term_csize, v & CSIZE);
	o->dst[o->i++] = '|';
	o->i += xlat_flags(vout_end(o), xlat_term_cflags, v & ~(uint32_t)(CBAUD | CIBAUD | CSIZE));
	value_text_end(o);
}

/* struct termios's flags, then "..." (strace without -v) */
static void put_termios(struct vout *o, const uint8_t *p)
{
	uint32_t f[4];

	memcpy(f, p, sizeof(f));
	value_struct_begin(o);
	value_field(o, "c_iflag");
	value_flags(o, xlat_term_iflags, f[0]);
	value_field(o, "c_oflag");
	term_oflag(o, f[1]);
	value_field(o, "c_cflag");
	term_cflag(o, f[2]);
	value_field(o, "c_lflag");
	value_flags(o, xlat_term_lflags, f[3]);
	value_struct_end(o, 1);
}

/* What an ioctl gave or filled: read at the exit, kept when the call
 * succeeded (a failed one's shows its address) */
static const uint8_t *ioctl_arg_of(const struct arg *x, size_t size)
{
	return x->r->ret >= 0 ? struct_of(x, size) : NULL;
}

/* ioctl's third argument by its command, as strace shows it: an int
 * given or filled ([1]: FIONBIO, FIONREAD, TIOCGPTN ...), a termios's
 * flags, a struct winsize, the modem lines, read at the exit when the
 * call succeeded (a failed one's: the address); a number given as it is
 * (TCFLSH's TCIFLUSH, TIOCSCTTY's 0); others in hex. The commands that
 * take none show none (ioctl_shows). */
void dec_ioctl_arg(struct vout *o, const struct arg *x)
{
	int32_t v;
	uint16_t ws[4];
	const uint8_t *p;

	switch ((uint32_t)x->r->args[1]) {
	case TCSBRK: case TCSBRKP: case TIOCSCTTY:
		value_int(o, x->i32);
		return;
	case TCXONC:
		value_xlat(o, xlat_tcxonc_options, (int64_t)x->v);
		return;
	case TCFLSH:
		value_xlat(o, xlat_tcflsh_options, (int64_t)x->v);
		return;
	case FIONBIO: case FIOASYNC: case FIONREAD: case TIOCOUTQ: case TIOCGPTN: case TIOCSPTLCK:
	case TIOCGPGRP: case TIOCSPGRP: case TIOCGSID: case TIOCGETD: case TIOCSETD: case TIOCPKT:
	case TIOCGSOFTCAR: case TIOCSSOFTCAR: case TIOCGEXCL: case TIOCGDEV:
		if (!(p = ioctl_arg_of(x, sizeof(v))))
			break;
		memcpy(&v, p, sizeof(v));
		value_array_begin(o);
		value_elem(o);
		value_int(o, v);
		value_array_end(o, 0);
		return;
	case TIOCMGET: case TIOCMSET: case TIOCMBIS: case TIOCMBIC:
		if (!(p = ioctl_arg_of(x, sizeof(v))))
			break;
		memcpy(&v, p, sizeof(v));
		value_array_begin(o);
		value_elem(o);
		value_flags(o, xlat_modem_flags, (uint32_t)v);
		value_array_end(o, 0);
		return;
	case TCGETS: case TCSETS: case TCSETSW: case TCSETSF: case TIOCGLCKTRMIOS: case TIOCSLCKTRMIOS:
		if (!(p = ioctl_arg_of(x, 16)))
			break;
		put_termios(o, p);
		return;
	case TIOCGWINSZ: case TIOCSWINSZ:
		if (!(p = ioctl_arg_of(x, sizeof(ws))))
			break;
		memcpy(ws, p, sizeof(ws));
		value_struct_begin(o);
		value_field(o, "ws_row");
		value_uint(o, ws[0]);
		value_field(o, "ws_col");
		value_uint(o, ws[1]);
		value_field(o, "ws_xpixel");
		value_uint(o, ws[2]);
		value_field(o, "ws_ypixel");
		value_uint(o, ws[3]);
		value_struct_end(o, 0);
		return;
	case TIOCSTI:
		if (!(p = ioctl_arg_of(x, 1)))
			break;
		value_str(o, p, 1, 0);
		return;
	default:
		dec_hex(o, x);
		return;
	}
	dec_pointer(o, x);
}

/* Whether ioctl shows its third argument: not for the commands that take
 * none */
int ioctl_shows(uint64_t cmd)
{
	switch ((uint32_t)cmd) {
	case FIOCLEX: case FIONCLEX: case TIOCSBRK: case TIOCCBRK: case TIOCCONS: case TIOCNOTTY:
	case TIOCEXCL: case TIOCNXCL: case TIOCVHANGUP:
	case 0xb701: case 0xb702: case 0xb703:   /* NS_GET_USERNS, NS_GET_PARENT, NS_GET_NSTYPE */
		return 0;
	}
	return 1;
}

void dec_fadvise(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_fadvise_advice, x->i32);
}

/* fcntl's commands that take no argument: strace shows none */
int fcntl_takes_no_arg(uint64_t cmd)
{
	switch ((int)cmd) {
	case F_GETFD: case F_GETFL: case F_GETOWN: case F_GETSIG: case F_GETLEASE: case F_GETPIPE_SZ:
	case F_GET_SEALS:
		return 1;
	default:
		return 0;
	}
}

/* fcntl's argument, by command: FD_CLOEXEC, open flags, an fd, a number */
/* {l_type=F_RDLCK, l_whence=SEEK_SET, l_start=0, l_len=1}, with the
 * l_pid of a lock F_GETLK found; read at the exit: a call that failed
 * (F_SETLK of a lock held: EAGAIN) shows its address */
static void put_flock(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 32);
	int cmd = (int)x->r->args[1];
	int16_t type, whence;
	int64_t start, len;
	int32_t pid;

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(&type, p, 2);
	memcpy(&whence, p + 2, 2);
	memcpy(&start, p + 8, 8);
	memcpy(&len, p + 16, 8);
	memcpy(&pid, p + 24, 4);
	value_struct_begin(o);
	value_field(o, "l_type");
	value_xlat(o, xlat_lock_types, type);
	value_field(o, "l_whence");
	value_xlat(o, xlat_seek_whence, whence);
	value_field(o, "l_start");
	value_int(o, start);
	value_field(o, "l_len");
	value_int(o, len);
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		value_field(o, "l_pid");
		value_int(o, pid);
	}
	value_struct_end(o, 0);
}

/* {type=F_OWNER_PID, pid=1234} */
static void put_owner(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 8);
	int32_t v[2];

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(v, p, sizeof(v));
	value_struct_begin(o);
	value_field(o, "type");
	value_xlat(o, xlat_owner_types, v[0]);
	value_field(o, "pid");
	value_int(o, v[1]);
	value_struct_end(o, 0);
}

void dec_fcntl_arg(struct vout *o, const struct arg *x)
{
	switch ((int)x->r->args[1]) {
	case F_SETFD:
		if (x->v == FD_CLOEXEC)
			value_sym(o, "FD_CLOEXEC");
		else
			value_int(o, x->i32);
		break;
	case F_SETFL:
		dec_open_flags(o, x);
		break;
	case F_DUPFD: case F_DUPFD_CLOEXEC: case F_SETOWN: case F_SETSIG: case F_SETPIPE_SZ:
		value_int(o, x->i32);
		break;
	case F_GETLK: case F_SETLK: case F_SETLKW: case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
		put_flock(o, x);
		break;
	case F_GETOWN_EX: case F_SETOWN_EX:
		put_owner(o, x);
		break;
	case F_SETLEASE:
		value_xlat(o, xlat_lock_types, x->i32);
		break;
	default:
		dec_pointer(o, x);
	}
}

void dec_epoll_flags(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_epoll_flags, (uint32_t)x->v);
}
