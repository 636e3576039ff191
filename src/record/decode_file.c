/* decode_file.c - files and descriptors: directory fds, open flags and
 * modes, access modes, AT_* flags, lseek whence, fcntl and ioctl commands. */
#include <fcntl.h>
#include "record/decoders.h"
#include "record/fdtable.h"
#include "record/text.h"
#include "record/xlat.h"

/* -y: the fd's path or socket after it, as strace -y shows them */
size_t dec_fd(char *dst, const struct arg *x)
{
	size_t i = fmt_sdec(dst, x->i32, 0), n;
	const char *text;

	if (x->fds && x->i32 >= 0 && (text = fdtable_get(x->fds, x->r->pid, (int)x->i32, &n))) {
		dst[i++] = '<';
		i += fmt_escape(dst + i, (const uint8_t *)text, n);
		dst[i++] = '>';
	}
	return i;
}

size_t dec_dirfd(char *dst, const struct arg *x)
{
	return x->i32 == -100 ? fmt_lit(dst, "AT_FDCWD") : dec_fd(dst, x);
}

/* the access mode is a value in the low two bits, the rest are flags */
size_t dec_open_flags(char *dst, const struct arg *x)
{
	return xlat_value_flags(dst, xlat_open_modes, 3, xlat_open_flags, x->v);
}

/* flags with no access mode in them (pipe2, dup3): 0 is "0", not O_RDONLY */
size_t dec_open_flags_only(char *dst, const struct arg *x)
{
	return xlat_flags(dst, xlat_open_flags, x->v);
}

/* octal, as chmod(1) takes it: 0644 */
size_t dec_mode(char *dst, const struct arg *x)
{
	char tmp[24];
	uint64_t v = x->v;
	size_t n = 0, i = 0;

	if (!v)
		return fmt_lit(dst, "0");
	do {
		tmp[n++] = (char)('0' + (v & 7));
		v >>= 3;
	} while (v);
	dst[i++] = '0';
	while (n)
		dst[i++] = tmp[--n];
	return i;
}

size_t dec_access(char *dst, const struct arg *x)
{
	return x->v ? xlat_flags(dst, xlat_access_modes, x->v) : fmt_lit(dst, "F_OK");
}

size_t dec_at_flags(char *dst, const struct arg *x)
{
	return xlat_flags(dst, xlat_at_flags, x->v);
}

/* a table of its own: AT_EACCESS is 0x200, which the AT_* table names
 * AT_REMOVEDIR (unlinkat's), and faccessat2 takes only these three */
size_t dec_faccessat_flags(char *dst, const struct arg *x)
{
	return xlat_flags(dst, xlat_faccessat_flags, x->v);
}

size_t dec_whence(char *dst, const struct arg *x)
{
	return xlat_value(dst, xlat_seek_whence, x->i32);
}

size_t dec_fcntl(char *dst, const struct arg *x)
{
	return xlat_value(dst, xlat_fcntl_cmds, x->i32);
}

size_t dec_ioctl(char *dst, const struct arg *x)
{
	const char *name = xlat_name(xlat_ioctl_cmds, x->v & 0xffffffff);

	return name ? fmt_str(dst, name, 0) : fmt_hex(dst, x->v);
}

size_t dec_fadvise(char *dst, const struct arg *x)
{
	return xlat_value(dst, xlat_fadvise_advice, x->i32);
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
size_t dec_fcntl_arg(char *dst, const struct arg *x)
{
	switch ((int)x->r->args[1]) {
	case F_SETFD:
		return x->v == FD_CLOEXEC ? fmt_lit(dst, "FD_CLOEXEC") : fmt_sdec(dst, x->i32, 0);
	case F_SETFL:
		return xlat_value_flags(dst, xlat_open_modes, 3, xlat_open_flags, x->v);
	case F_DUPFD: case F_DUPFD_CLOEXEC: case F_SETOWN: case F_SETSIG: case F_SETPIPE_SZ:
		return fmt_sdec(dst, x->i32, 0);
	default:
		return dec_pointer(dst, x);   /* a struct flock, f_owner_ex ... */
	}
}

size_t dec_epoll_flags(char *dst, const struct arg *x)
{
	return xlat_flags(dst, xlat_epoll_flags, (uint32_t)x->v);
}
