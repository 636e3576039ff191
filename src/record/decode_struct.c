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
#include <signal.h>
#include <sys/resource.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include "record/decode.h"
#include "record/decoders.h"
#include "record/text.h"
#include "record/value.h"
#include "record/xlat.h"

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

/* S_IFREG|0644 as a value: one text */
static void value_file_mode(struct vout *o, uint32_t mode)
{
	value_text_begin(o);
	o->i += decode_file_mode(vout_end(o), mode);
	value_text_end(o);
}

/* makedev(0x1, 0x3), as strace shows a device number: one text */
static void value_makedev(struct vout *o, uint64_t major, uint64_t minor)
{
	value_text_begin(o);
	o->i += fmt_lit(vout_end(o), "makedev(");
	o->i += fmt_hex(vout_end(o), major);
	o->i += fmt_lit(vout_end(o), ", ");
	o->i += fmt_hex(vout_end(o), minor);
	o->dst[o->i++] = ')';
	value_text_end(o);
}

/* A device's number instead of a size: character and block devices. */
static int is_device(uint32_t mode)
{
	return S_ISCHR(mode) || S_ISBLK(mode);
}

/* stat, fstat, lstat, newfstatat: {st_mode=S_IFREG|0644, st_size=45367, ...} */
void dec_stat(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, STAT_READ_BYTES);
	struct stat st;

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(&st, p, sizeof(st));
	value_struct_begin(o);
	value_field(o, "st_mode");
	value_file_mode(o, st.st_mode);
	if (is_device(st.st_mode)) {
		value_field(o, "st_rdev");
		value_makedev(o, major(st.st_rdev), minor(st.st_rdev));
	} else {
		value_field(o, "st_size");
		value_int(o, st.st_size);
	}
	value_struct_end(o, 1);
}

/* statx: the fields strace shows without -v. Only the first
 * offsetof(stx_rdev_major) + 8 bytes are read. */
void dec_statx(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, STATX_READ_BYTES);
	struct statx st;

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memset(&st, 0, sizeof(st));
	memcpy(&st, p, STATX_READ_BYTES);
	value_struct_begin(o);
	value_field(o, "stx_mask");
	value_flags(o, xlat_statx_masks, st.stx_mask);
	value_field(o, "stx_attributes");
	value_flags(o, xlat_statx_attrs, st.stx_attributes);
	value_field(o, "stx_mode");
	value_file_mode(o, st.stx_mode);
	if (is_device(st.stx_mode)) {
		value_field(o, "stx_rdev");
		value_makedev(o, st.stx_rdev_major, st.stx_rdev_minor);
	} else {
		value_field(o, "stx_size");
		value_uint(o, st.stx_size);
	}
	value_struct_end(o, 1);
}

/* statx's flags: the sync type (0 is AT_STATX_SYNC_AS_STAT) and AT_* */
void dec_statx_flags(struct vout *o, const struct arg *x)
{
	uint64_t v = (uint32_t)x->v;
	int sync_as_stat = !(v & (AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC));

	value_text_begin(o);
	if (sync_as_stat)
		o->i += fmt_lit(vout_end(o), "AT_STATX_SYNC_AS_STAT");
	if (v && sync_as_stat)
		o->dst[o->i++] = '|';
	if (v)
		o->i += xlat_flags(vout_end(o), xlat_statx_flags, v);
	value_text_end(o);
}

void dec_statx_mask(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_statx_masks, (uint32_t)x->v);
}

void value_time_fields(struct vout *o, const uint8_t *p, const char *part)
{
	int64_t t[2];

	memcpy(t, p, sizeof(t));
	value_field(o, "tv_sec");
	value_int(o, t[0]);
	value_field(o, part);
	value_uint(o, (uint64_t)t[1]);   /* strace's %llu: -1 is 18446744073709551615 */
}

void value_time(struct vout *o, const uint8_t *p, const char *part)
{
	value_struct_begin(o);
	value_time_fields(o, p, part);
	value_struct_end(o, 0);
}

/* utimensat's times: [UTIME_OMIT, {tv_sec=1700000000, tv_nsec=0}] */
void dec_utimes(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 32);
	int64_t nsec;
	int i;

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	value_array_begin(o);
	for (i = 0; i < 2; i++, p += 16) {
		value_elem(o);
		memcpy(&nsec, p + 8, sizeof(nsec));
		if (nsec == UTIME_NOW)
			value_sym(o, "UTIME_NOW");
		else if (nsec == UTIME_OMIT)
			value_sym(o, "UTIME_OMIT");
		else
			value_time(o, p, "tv_nsec");
	}
	value_array_end(o, 0);
}

void dec_timespec(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 16);

	if (!p)
		dec_pointer(o, x);
	else
		value_time(o, p, "tv_nsec");
}

/* A struct that begins with two times (timevals or timespecs: the field
 * after tv_sec is sub's), named first and second: the interval timers',
 * rusage's (more: the fields strace leaves to -v) */
static void two_times(struct vout *o, const struct arg *x, const char *first, const char *second,
		      const char *sub, int more)
{
	const uint8_t *p = struct_of(x, 32);

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	value_struct_begin(o);
	value_field(o, first);
	value_time(o, p, sub);
	value_field(o, second);
	value_time(o, p + 16, sub);
	value_struct_end(o, more);
}

/* mknod's dev: the kernel's new_encode_dev layout (major in bits 8-19,
 * minor in 0-7 and 20-31), which glibc's major() and minor() read */
void dec_dev(struct vout *o, const struct arg *x)
{
	uint32_t d = (uint32_t)x->v;

	value_makedev(o, (d & 0xfff00) >> 8, (d & 0xff) | ((d >> 12) & 0xfff00));
}

/* ia32: a 64-bit offset in two registers, low half first (strace shows the one value) */
void dec_lohi(struct vout *o, const struct arg *x)
{
	uint64_t high = x->a + 1 < 6 ? (uint32_t)x->r->args[x->a + 1] : 0;   /* a signature's last: no next */
	int64_t v = (int64_t)((uint32_t)x->v | high << 32);

	value_int(o, v);
}

/* {it_interval={tv_sec=0, tv_usec=250000}, it_value={tv_sec=1, tv_usec=500}} */
void dec_itimerval(struct vout *o, const struct arg *x)
{
	two_times(o, x, "it_interval", "it_value", "tv_usec", 0);
}

/* {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=100, tv_nsec=5}}:
 * the POSIX timers' and timerfd's */
void dec_itimerspec(struct vout *o, const struct arg *x)
{
	two_times(o, x, "it_interval", "it_value", "tv_nsec", 0);
}

/* strace's: {sigev_value={sival_int=1, sival_ptr=0x1}, sigev_signo=SIGUSR2,
 * sigev_notify=SIGEV_THREAD_ID, sigev_notify_thread_id=42}, the value only
 * when it is not 0, the signal by name where one is sent */
void dec_sigevent(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 32);
	int32_t signo, notify, ival;
	uint64_t ptr, fn, attr;

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(&ptr, p, 8);
	memcpy(&ival, p, 4);
	memcpy(&signo, p + 8, 4);
	memcpy(&notify, p + 12, 4);
	memcpy(&fn, p + 16, 8);
	memcpy(&attr, p + 24, 8);
	value_struct_begin(o);
	if (ptr) {
		value_field(o, "sigev_value");
		value_struct_begin(o);
		value_field(o, "sival_int");
		value_int(o, ival);
		value_field(o, "sival_ptr");
		value_pointer(o, ptr);
		value_struct_end(o, 0);
	}
	value_field(o, "sigev_signo");
	if (notify == SIGEV_SIGNAL || notify == SIGEV_THREAD || notify == SIGEV_THREAD_ID)
		value_signal(o, signo);
	else
		value_uint(o, (uint32_t)signo);
	value_field(o, "sigev_notify");
	value_xlat(o, xlat_sigev_notify, notify);
	if (notify == SIGEV_THREAD_ID) {
		value_field(o, "sigev_notify_thread_id");
		value_int(o, (int32_t)fn);
	} else if (notify == SIGEV_THREAD) {
		value_field(o, "sigev_notify_function");
		value_pointer(o, fn);
		value_field(o, "sigev_notify_attributes");
		value_pointer(o, attr);
	}
	value_struct_end(o, 0);
}

void dec_itimer_which(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_itimer_which, (uint32_t)x->v);   /* strace's: unsigned */
}

/* {ss_sp=0x55d0c2a0, ss_flags=SS_DISABLE, ss_size=65536}: stack_t is a
 * pointer, an int (then 4 bytes of padding) and a size_t */
void dec_stack(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 24);
	uint64_t sp, size;
	uint32_t flags;

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(&sp, p, sizeof(sp));
	memcpy(&flags, p + 8, sizeof(flags));
	memcpy(&size, p + 16, sizeof(size));
	value_struct_begin(o);
	value_field(o, "ss_sp");
	value_pointer(o, sp);
	value_field(o, "ss_flags");
	value_flags(o, xlat_sigaltstack_flags, flags);
	value_field(o, "ss_size");
	value_uint(o, size);
	value_struct_end(o, 0);
}

/* {uptime=50244, loads=[19744, 45248, 50944], totalram=..., mem_unit=1},
 * every field as strace -v shows it (strace shows them all anyway) */
void dec_sysinfo(struct vout *o, const struct arg *x)
{
	static const char *const sizes[] = { "totalram", "freeram", "sharedram", "bufferram", "totalswap", "freeswap" };
	const uint8_t *p = struct_of(x, SYSINFO_READ_BYTES);
	uint64_t v[13];
	uint16_t procs;
	uint32_t unit;
	size_t k;

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(v, p, sizeof(v));   /* uptime, loads[3], the six sizes, procs and pad, totalhigh, freehigh */
	memcpy(&procs, p + 80, sizeof(procs));
	memcpy(&unit, p + 104, sizeof(unit));
	value_struct_begin(o);
	value_field(o, "uptime");
	value_int(o, (int64_t)v[0]);
	value_field(o, "loads");
	value_array_begin(o);
	for (k = 1; k <= 3; k++) {
		value_elem(o);
		value_uint(o, v[k]);
	}
	value_array_end(o, 0);
	for (k = 0; k < 6; k++) {
		value_field(o, sizes[k]);
		value_uint(o, v[4 + k]);
	}
	value_field(o, "procs");
	value_uint(o, procs);
	value_field(o, "totalhigh");
	value_uint(o, v[11]);
	value_field(o, "freehigh");
	value_uint(o, v[12]);
	value_field(o, "mem_unit");
	value_uint(o, unit);
	value_struct_end(o, 0);
}

/* 0x572919d1, 0: an fsid's halves as strace shows them */
static void value_xint(struct vout *o, uint32_t v)
{
	if (v)
		value_hex(o, v);
	else
		value_uint(o, 0);
}

/* {f_type=EXT2_SUPER_MAGIC, f_bsize=4096, ..., f_fsid={val=[0x572919d1,
 * 0xdc363339]}, f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}:
 * every field, as strace shows them (f_flags when the kernel set ST_VALID) */
void dec_statfs(struct vout *o, const struct arg *x)
{
	static const char *const counts[] = { "f_bsize", "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree" };
	const uint8_t *p = struct_of(x, STATFS_READ_BYTES);
	const char *type;
	uint64_t v[11];
	uint32_t fsid[2];
	size_t k;

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(v, p, sizeof(v));   /* f_type, the six counts, f_fsid, f_namelen, f_frsize, f_flags */
	memcpy(fsid, p + 56, sizeof(fsid));
	value_struct_begin(o);
	value_field(o, "f_type");
	if ((type = xlat_name(xlat_statfs_types, v[0])))
		value_sym(o, type);
	else
		value_hex(o, v[0]);
	for (k = 0; k < 6; k++) {
		value_field(o, counts[k]);
		value_uint(o, v[1 + k]);
	}
	value_field(o, "f_fsid");
	value_struct_begin(o);
	value_field(o, "val");
	value_array_begin(o);
	for (k = 0; k < 2; k++) {
		value_elem(o);
		value_xint(o, fsid[k]);
	}
	value_array_end(o, 0);
	value_struct_end(o, 0);
	value_field(o, "f_namelen");
	value_uint(o, v[8]);
	value_field(o, "f_frsize");
	value_uint(o, v[9]);
	if (v[10] & 0x20) {   /* ST_VALID: the kernel set f_flags */
		value_field(o, "f_flags");
		value_flags(o, xlat_statfs_flags, v[10]);
	}
	value_struct_end(o, 0);
}

/* clone3's struct clone_args: its fields as strace shows them (those the
 * flags use), then what the call wrote back. Fields past the size the
 * caller gave are not its own: zero, as the kernel takes them. */
enum { CA_FLAGS, CA_PIDFD, CA_CHILD_TID, CA_PARENT_TID, CA_EXIT_SIGNAL, CA_STACK, CA_STACK_SIZE, CA_TLS,
       CA_SET_TID, CA_SET_TID_SIZE, CA_CGROUP, CA_FIELDS };

static void clone_args_fields(struct vout *o, const uint64_t *a, uint64_t size)
{
	value_field(o, "flags");
	value_flags(o, xlat_clone_flags, a[CA_FLAGS]);
	if (a[CA_FLAGS] & CLONE_PIDFD) {
		value_field(o, "pidfd");
		value_pointer(o, a[CA_PIDFD]);
	}
	if (a[CA_FLAGS] & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
		value_field(o, "child_tid");
		value_pointer(o, a[CA_CHILD_TID]);
	}
	if (a[CA_FLAGS] & CLONE_PARENT_SETTID) {
		value_field(o, "parent_tid");
		value_pointer(o, a[CA_PARENT_TID]);
	}
	value_field(o, "exit_signal");
	if (a[CA_EXIT_SIGNAL] < INT32_MAX)
		value_signal(o, (int64_t)a[CA_EXIT_SIGNAL]);
	else
		value_uint(o, a[CA_EXIT_SIGNAL]);
	value_field(o, "stack");
	value_pointer(o, a[CA_STACK]);
	value_field(o, "stack_size");
	if (a[CA_STACK_SIZE])
		value_hex(o, a[CA_STACK_SIZE]);
	else
		value_uint(o, 0);
	if (a[CA_FLAGS] & CLONE_SETTLS) {
		value_field(o, "tls");
		value_pointer(o, a[CA_TLS]);
	}
	if (a[CA_SET_TID] || a[CA_SET_TID_SIZE]) {   /* the TIDs themselves are not read */
		value_field(o, "set_tid");
		value_pointer(o, a[CA_SET_TID]);
		value_field(o, "set_tid_size");
		value_uint(o, a[CA_SET_TID_SIZE]);
	}
	if (size > CA_CGROUP * 8 && (a[CA_CGROUP] || (a[CA_FLAGS] & CLONE_INTO_CGROUP))) {
		value_field(o, "cgroup");
		value_uint(o, a[CA_CGROUP]);
	}
}

void dec_clone_args(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, CLONE_ARGS_READ_BYTES);
	uint64_t a[CA_FIELDS] = { 0 }, size = x->r->args[1];
	const struct snoop_record *r = x->r;

	if (!p || size < CA_SET_TID * 8) {   /* strace too: less than up to tls is no struct */
		dec_pointer(o, x);
		return;
	}
	memcpy(a, p, size < sizeof(a) ? size : sizeof(a));
	value_struct_begin(o);
	clone_args_fields(o, a, size);
	/* the parent's: the child's TID, which the call also returns. A
	 * CLONE_PIDFD's pidfd, behind its pointer, was not read: nothing */
	if ((a[CA_FLAGS] & (CLONE_PARENT_SETTID | CLONE_PIDFD)) == CLONE_PARENT_SETTID && r->ret > 0 &&
	    !(r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_KILLED))) {
		value_struct_after(o);
		value_field(o, "parent_tid");
		value_array_begin(o);
		value_int(o, r->ret);
		value_array_end(o, 0);
		value_struct_after_end(o);
		return;
	}
	value_struct_end(o, 0);
}

/* RLIM64_INFINITY, 8192*1024 (strace's way with multiples of 1024), 64 */
static void value_rlim(struct vout *o, uint64_t v)
{
	if (v == ~(uint64_t)0)
		value_sym(o, "RLIM64_INFINITY");
	else if (v > 1024 && v % 1024 == 0)
		value_product(o, v / 1024, 1024);
	else
		value_uint(o, v);
}

/* {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY} */
void dec_rlimit(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 16);
	uint64_t lim[2];

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(lim, p, sizeof(lim));
	value_struct_begin(o);
	value_field(o, "rlim_cur");
	value_rlim(o, lim[0]);
	value_field(o, "rlim_max");
	value_rlim(o, lim[1]);
	value_struct_end(o, 0);
}

void dec_rlimit_resource(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_rlimit_resources, x->i32);
}

/* {sysname="Linux", nodename="vm", ...}: fields of 65 bytes each */
void dec_utsname(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 2 * 65);

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	value_struct_begin(o);
	value_field(o, "sysname");
	value_str(o, p, strnlen((const char *)p, 65), 0);
	value_field(o, "nodename");
	value_str(o, p + 65, strnlen((const char *)p + 65, 65), 0);
	value_struct_end(o, 1);
}

/* An int behind a pointer: [16] (socklen_t, an option's value) */
void dec_int_ptr(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 4);
	int32_t v;

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(&v, p, sizeof(v));
	value_array_begin(o);
	value_int(o, v);
	value_array_end(o, 0);
}

/* A long the call filled: [0x7f52a0c1e000] (io_setup's context,
 * get_robust_list's head; [NULL] for 0), or [24] (a size) */
static void long_out(struct vout *o, const struct arg *x, int address)
{
	const uint8_t *p = struct_of(x, 8);
	uint64_t v;

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(&v, p, sizeof(v));
	value_array_begin(o);
	if (address)
		value_pointer(o, v);
	else
		value_uint(o, v);
	value_array_end(o, 0);
}

void dec_ptr_out(struct vout *o, const struct arg *x)
{
	long_out(o, x, 1);
}

void dec_ulong_out(struct vout *o, const struct arg *x)
{
	long_out(o, x, 0);
}

/* A length given and written back (a socket address's): [128 => 16],
 * or [16] when the call left it as it was, as strace shows it. The item
 * is entry's int then the exit's; the exit's alone ([16]) when entry's
 * was not kept. JSON: [16], the length after the call. */
void dec_int_inout(struct vout *o, const struct arg *x)
{
	struct mem_item m;
	int32_t v[2];

	if (!x->v || !find_mem_item(x, &m) || m.len < 4) {
		dec_pointer(o, x);
		return;
	}
	memcpy(v, m.p, 4);
	v[1] = v[0];
	if (m.len >= 8)
		memcpy(&v[1], m.p + 4, 4);
	value_array_begin(o);
	if (v[0] != v[1] && !o->json) {
		value_int(o, v[0]);
		o->i += fmt_lit(vout_end(o), " => ");
	}
	value_int(o, v[1]);
	value_array_end(o, 0);
}

/* strace's reading of a wait status: the case, then what bits are left
 * (a ptrace event stop's PTRACE_EVENT_EXEC<<16, others in hex); a stop
 * with PTRACE_O_TRACESYSGOOD's bit is SIGTRAP | 0x80; a status no case
 * takes is its number, [0x12345]. */
static size_t wait_status_text(char *dst, int32_t status)
{
	uint32_t s = (uint32_t)status, event;
	const char *name;
	size_t i;

	if (WIFSTOPPED(s)) {
		i = fmt_lit(dst, "[{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		i += decode_signal(dst + i, WSTOPSIG(s) & 0x7f);
		if (WSTOPSIG(s) & 0x80)
			i += fmt_lit(dst + i, " | 0x80");
		s &= ~0xff7fu;
	} else if (WIFSIGNALED(s)) {
		i = fmt_lit(dst, "[{WIFSIGNALED(s) && WTERMSIG(s) == ");
		i += decode_signal(dst + i, WTERMSIG(s));
		if (WCOREDUMP(s))
			i += fmt_lit(dst + i, " && WCOREDUMP(s)");
		s &= ~0xffu;
	} else if (WIFEXITED(s)) {
		i = fmt_lit(dst, "[{WIFEXITED(s) && WEXITSTATUS(s) == ");
		i += fmt_sdec(dst + i, WEXITSTATUS(s), 0);
		s &= ~0xff00u;
	} else if (WIFCONTINUED(s)) {
		i = fmt_lit(dst, "[{WIFCONTINUED(s)");
		s &= ~0xffffu;
	} else {
		i = fmt_lit(dst, "[");
		i += fmt_hex(dst + i, s);
		return i + fmt_lit(dst + i, "]");
	}
	i += fmt_lit(dst + i, "}");
	if ((event = s >> 16)) {
		name = xlat_name(xlat_ptrace_events, event);
		dst[i++] = '|';
		i += name ? fmt_str(dst + i, name, 0) : fmt_hex(dst + i, event);
		i += fmt_lit(dst + i, "<<16");
		s &= 0xffff;
	}
	if (s) {
		dst[i++] = '|';
		i += fmt_hex(dst + i, s);
	}
	return i + fmt_lit(dst + i, "]");
}

/* wait4's status: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], strace's C
 * expression: one text (JSON: a string). Written only when a child was
 * reaped (the return is its PID). */
void dec_wait_status(struct vout *o, const struct arg *x)
{
	const uint8_t *p = x->r->ret > 0 ? struct_of(x, 4) : NULL;
	int32_t s;

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(&s, p, sizeof(s));
	value_text_begin(o);
	o->i += wait_status_text(vout_end(o), s);
	value_text_end(o);
}

/* [{iov_base="ab", iov_len=2}, {iov_base="cd", iov_len=2}]: n bytes of
 * entries, each a struct snoop_iov and its kept bytes. A call that filled
 * them (out: readv, recvmsg) did so up to its return value; "..." ends a
 * string cut by -s, ", ..." an array of which entries were not kept. */
void put_iov_entries(struct vout *o, const struct snoop_record *r, const uint8_t *p, size_t n, int out, int cut)
{
	struct snoop_iov h;
	uint64_t left = r->ret > 0 ? (uint64_t)r->ret : 0, filled, base;
	size_t k = 0;

	value_array_begin(o);
	while (k + sizeof(h) <= n) {
		memcpy(&h, p + k, sizeof(h));
		k += sizeof(h);
		if (h.kept > n - k)
			break;   /* damaged: claims more than the item holds */
		filled = out ? (h.len < left ? h.len : left) : h.len;
		left -= out ? filled : 0;
		value_elem(o);
		value_struct_begin(o);
		value_field(o, "iov_base");
		if (h.null == SNOOP_IOV_UNREAD && h.kept == sizeof(base)) {
			memcpy(&base, p + k, sizeof(base));
			value_pointer(o, base);   /* unreadable: its address */
		} else if (h.null && !h.kept) {
			value_null(o);   /* strace's NULL, where a buffer shows "" */
		} else {
			value_str(o, p + k, h.kept, h.kept < filled);
		}
		value_field(o, "iov_len");
		value_uint(o, h.len);
		value_struct_end(o, 0);
		k += h.kept;
	}
	value_array_end(o, cut);
}

static void put_iovec(struct vout *o, const struct arg *x, int out)
{
	struct mem_item m;

	if (!x->v || !find_mem_item(x, &m))
		dec_pointer(o, x);
	else
		put_iov_entries(o, x->r, m.p, m.len, out, m.flags & SNOOP_MEM_TRUNC);
}

void dec_iovec_in(struct vout *o, const struct arg *x)
{
	put_iovec(o, x, 0);
}

void dec_iovec_out(struct vout *o, const struct arg *x)
{
	put_iovec(o, x, 1);
}

/* struct rusage, as strace shows it without -v: its two times, then
 * "..." (RUSAGE_READ_BYTES: only they are read) */
void dec_rusage(struct vout *o, const struct arg *x)
{
	two_times(o, x, "ru_utime", "ru_stime", "tv_usec", 1);
}
