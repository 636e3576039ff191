/* decode_struct.c - structures the traced process gave to a call or the
 * call filled in, read by the BPF side as one memory item (SNOOP_MEM_IN,
 * SNOOP_MEM_OUT, SNOOP_MEM_IOV_*): stat and statx results, timespecs,
 * resource limits, uname, ints behind pointers, wait statuses, iovecs.
 * Shown as strace shows them without -v (a few fields, then "..."); the
 * address when the call failed or the memory could not be read.
 *
 * The layouts are the x86_64 kernel's, which the C library's structs
 * match on x86_64; a struct shorter than expected is shown as its address.
 */
#include <string.h>
#include <sys/resource.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include "record/decode.h"
#include "record/decoders.h"
#include "record/text.h"
#include "record/xlat.h"

/* The struct behind argument x if the record carries at least size bytes
 * of it. */
static const uint8_t *struct_of(const struct arg *x, size_t size)
{
	struct mem_item m;

	if (!x->v || !find_mem_item(x, &m) || m.len < size)
		return NULL;
	return m.p;
}

/* S_IFREG|0644, with S_ISUID, S_ISGID, S_ISVTX between them when set */
size_t decode_file_mode(char *dst, uint32_t mode)
{
	size_t i = xlat_value(dst, xlat_file_types, mode & S_IFMT);

	if (mode & S_ISUID)
		i += fmt_lit(dst + i, "|S_ISUID");
	if (mode & S_ISGID)
		i += fmt_lit(dst + i, "|S_ISGID");
	if (mode & S_ISVTX)
		i += fmt_lit(dst + i, "|S_ISVTX");
	dst[i++] = '|';
	dst[i++] = '0';
	dst[i++] = (char)('0' + ((mode >> 6) & 7));
	dst[i++] = (char)('0' + ((mode >> 3) & 7));
	dst[i++] = (char)('0' + (mode & 7));
	return i;
}

/* makedev(0x1, 0x3), as strace shows a device number */
static size_t put_makedev(char *dst, uint64_t major, uint64_t minor)
{
	size_t i = fmt_lit(dst, "makedev(");

	i += fmt_hex(dst + i, major);
	i += fmt_lit(dst + i, ", ");
	i += fmt_hex(dst + i, minor);
	dst[i++] = ')';
	return i;
}

/* A device's number instead of a size: character and block devices. */
static int is_device(uint32_t mode)
{
	return S_ISCHR(mode) || S_ISBLK(mode);
}

/* stat, fstat, lstat, newfstatat: {st_mode=S_IFREG|0644, st_size=45367, ...} */
size_t dec_stat(char *dst, const struct arg *x)
{
	const uint8_t *p = struct_of(x, sizeof(struct stat));
	struct stat st;
	size_t i;

	if (!p)
		return dec_pointer(dst, x);
	memcpy(&st, p, sizeof(st));
	i = fmt_lit(dst, "{st_mode=");
	i += decode_file_mode(dst + i, st.st_mode);
	if (is_device(st.st_mode)) {
		i += fmt_lit(dst + i, ", st_rdev=");
		i += put_makedev(dst + i, major(st.st_rdev), minor(st.st_rdev));
	} else {
		i += fmt_lit(dst + i, ", st_size=");
		i += fmt_sdec(dst + i, st.st_size, 0);
	}
	i += fmt_lit(dst + i, ", ...}");
	return i;
}

/* statx: the fields strace shows without -v. Only the first
 * offsetof(stx_rdev_major) + 8 bytes are read. */
size_t dec_statx(char *dst, const struct arg *x)
{
	const uint8_t *p = struct_of(x, STATX_READ_BYTES);
	struct statx st;
	size_t i;

	if (!p)
		return dec_pointer(dst, x);
	memset(&st, 0, sizeof(st));
	memcpy(&st, p, STATX_READ_BYTES);
	i = fmt_lit(dst, "{stx_mask=");
	i += xlat_flags(dst + i, xlat_statx_masks, st.stx_mask);
	i += fmt_lit(dst + i, ", stx_attributes=");
	i += xlat_flags(dst + i, xlat_statx_attrs, st.stx_attributes);
	i += fmt_lit(dst + i, ", stx_mode=");
	i += decode_file_mode(dst + i, st.stx_mode);
	if (is_device(st.stx_mode)) {
		i += fmt_lit(dst + i, ", stx_rdev=");
		i += put_makedev(dst + i, st.stx_rdev_major, st.stx_rdev_minor);
	} else {
		i += fmt_lit(dst + i, ", stx_size=");
		i += fmt_udec(dst + i, st.stx_size, 0, ' ');
	}
	i += fmt_lit(dst + i, ", ...}");
	return i;
}

/* statx's flags: the sync type (0 is AT_STATX_SYNC_AS_STAT) and AT_* */
size_t dec_statx_flags(char *dst, const struct arg *x)
{
	uint64_t v = (uint32_t)x->v;
	size_t i = 0;

	if (!(v & (AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC)))
		i = fmt_lit(dst, "AT_STATX_SYNC_AS_STAT");
	if (v) {
		if (i)
			dst[i++] = '|';
		i += xlat_flags(dst + i, xlat_statx_flags, v);
	}
	return i;
}

size_t dec_statx_mask(char *dst, const struct arg *x)
{
	return xlat_flags(dst, xlat_statx_masks, (uint32_t)x->v);
}

/* {tv_sec=0, tv_nsec=10000000} */
size_t dec_timespec(char *dst, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 16);
	int64_t ts[2];
	size_t i;

	if (!p)
		return dec_pointer(dst, x);
	memcpy(ts, p, sizeof(ts));
	i = fmt_lit(dst, "{tv_sec=");
	i += fmt_sdec(dst + i, ts[0], 0);
	i += fmt_lit(dst + i, ", tv_nsec=");
	i += fmt_sdec(dst + i, ts[1], 0);
	dst[i++] = '}';
	return i;
}

/* RLIM64_INFINITY, 8192*1024 (strace's way with multiples of 1024), 64 */
static size_t put_rlim(char *dst, uint64_t v)
{
	size_t i;

	if (v == ~(uint64_t)0)
		return fmt_lit(dst, "RLIM64_INFINITY");
	if (v > 1024 && v % 1024 == 0) {
		i = fmt_udec(dst, v / 1024, 0, ' ');
		return i + fmt_lit(dst + i, "*1024");
	}
	return fmt_udec(dst, v, 0, ' ');
}

/* {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY} */
size_t dec_rlimit(char *dst, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 16);
	uint64_t lim[2];
	size_t i;

	if (!p)
		return dec_pointer(dst, x);
	memcpy(lim, p, sizeof(lim));
	i = fmt_lit(dst, "{rlim_cur=");
	i += put_rlim(dst + i, lim[0]);
	i += fmt_lit(dst + i, ", rlim_max=");
	i += put_rlim(dst + i, lim[1]);
	dst[i++] = '}';
	return i;
}

size_t dec_rlimit_resource(char *dst, const struct arg *x)
{
	return xlat_value(dst, xlat_rlimit_resources, x->i32);
}

/* {sysname="Linux", nodename="vm", ...}: fields of 65 bytes each */
size_t dec_utsname(char *dst, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 2 * 65);
	size_t i;

	if (!p)
		return dec_pointer(dst, x);
	i = fmt_lit(dst, "{sysname=");
	i += put_quoted(dst + i, p, strnlen((const char *)p, 65), 0);
	i += fmt_lit(dst + i, ", nodename=");
	i += put_quoted(dst + i, p + 65, strnlen((const char *)p + 65, 65), 0);
	i += fmt_lit(dst + i, ", ...}");
	return i;
}

/* An int behind a pointer: [16] (socklen_t, an option's value) */
size_t dec_int_ptr(char *dst, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 4);
	int32_t v;
	size_t i = 0;

	if (!p)
		return dec_pointer(dst, x);
	memcpy(&v, p, sizeof(v));
	dst[i++] = '[';
	i += fmt_sdec(dst + i, v, 0);
	dst[i++] = ']';
	return i;
}

/* wait4's status: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]; written only
 * when a child was reaped (the return is its PID) */
size_t dec_wait_status(char *dst, const struct arg *x)
{
	const uint8_t *p = x->r->ret > 0 ? struct_of(x, 4) : NULL;
	int32_t s;
	size_t i;

	if (!p)
		return dec_pointer(dst, x);
	memcpy(&s, p, sizeof(s));
	if (WIFEXITED(s)) {
		i = fmt_lit(dst, "[{WIFEXITED(s) && WEXITSTATUS(s) == ");
		i += fmt_sdec(dst + i, WEXITSTATUS(s), 0);
	} else if (WIFSIGNALED(s)) {
		i = fmt_lit(dst, "[{WIFSIGNALED(s) && WTERMSIG(s) == ");
		i += decode_signal(dst + i, WTERMSIG(s));
		if (WCOREDUMP(s))
			i += fmt_lit(dst + i, " && WCOREDUMP(s)");
	} else if (WIFSTOPPED(s)) {
		i = fmt_lit(dst, "[{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		i += decode_signal(dst + i, WSTOPSIG(s));
	} else {
		i = fmt_lit(dst, "[{");
		i += fmt_hex(dst + i, (uint32_t)s);
	}
	i += fmt_lit(dst + i, "}]");
	return i;
}

/* [{iov_base="ab", iov_len=2}, {iov_base="cd", iov_len=2}]: each entry's
 * kept bytes follow its struct snoop_iov. readv's entries hold data only
 * up to the return value; "..." ends a string cut by -s. */
static size_t put_iovec(char *dst, const struct arg *x, int out)
{
	struct mem_item m;
	struct snoop_iov h;
	uint64_t left = x->r->ret > 0 ? (uint64_t)x->r->ret : 0, filled;
	size_t i = 0, k = 0;

	if (!x->v || !find_mem_item(x, &m))
		return dec_pointer(dst, x);
	dst[i++] = '[';
	while (k + sizeof(h) <= m.len) {
		memcpy(&h, m.p + k, sizeof(h));
		k += sizeof(h);
		if (h.kept > m.len - k)
			break;   /* damaged: claims more than the item holds */
		filled = out ? (h.len < left ? h.len : left) : h.len;
		left -= out ? filled : 0;
		if (i > 1)
			i += fmt_lit(dst + i, ", ");
		i += fmt_lit(dst + i, "{iov_base=");
		i += put_quoted(dst + i, m.p + k, h.kept, h.kept < filled);
		i += fmt_lit(dst + i, ", iov_len=");
		i += fmt_udec(dst + i, h.len, 0, ' ');
		dst[i++] = '}';
		k += h.kept;
	}
	if (m.flags & SNOOP_MEM_TRUNC)
		i += i > 1 ? fmt_lit(dst + i, ", ...") : fmt_lit(dst + i, "...");
	dst[i++] = ']';
	return i;
}

size_t dec_iovec_in(char *dst, const struct arg *x)
{
	return put_iovec(dst, x, 0);
}

size_t dec_iovec_out(char *dst, const struct arg *x)
{
	return put_iovec(dst, x, 1);
}
