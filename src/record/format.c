/* format.c - see format.h. The hot path of the reader: keep it branch-light. */
#include <string.h>
#include "record/cgtable.h"
#include "record/decode.h"
#include "record/format.h"
#include "record/syscalls.h"

size_t fmt_syscall_name(char *dst, const struct snoop_record *r)
{
	const char *name = r->flags & SNOOP_REC_IA32 ? ia32_syscall_name(r->nr) : syscall_name(r->nr);

	if (name)
		return fmt_str(dst, name, 0);
	return fmt_lit(dst, "sys_") + fmt_sdec(dst + 4, r->nr, 0);
}

size_t fmt_errno_name(char *dst, int64_t ret)
{
	const char *ename = errno_name(-ret);

	if (ename)
		return fmt_str(dst, ename, 0);
	dst[0] = 'E';
	return 1 + fmt_udec(dst + 1, (uint64_t)-ret, 0, ' ');
}

/* ---- a record's line, and (when asked) where its fields are ----
 *
 * Each writer below is inlined into fmt_record_at twice, once with sp the
 * constant NULL: in that copy, the local output's, every MARK is gone. */
#define SPANS_INLINE static inline __attribute__((always_inline))

/* Field k is the n bytes at offset off of the line. Its arguments are
 * evaluated only when sp is asked for. */
#define MARK(sp, k, off, n)                                                             \
	do {                                                                            \
		if (sp)                                                                 \
			(sp)->f[k] = (struct fmt_span){ (uint32_t)(off), (uint32_t)(n) }; \
	} while (0)

/* Field k is the n bytes that end at offset end: a right-aligned column's
 * value, after its padding. */
#define MARK_ENDING(sp, k, end, n) MARK(sp, k, (end) - (n), n)

/* The digits fmt_udec writes for v (without padding), and fmt_sdec's */
static size_t udec_len(uint64_t v)
{
	size_t n = 1;

	for (; v >= 10; v /= 10)
		n++;
	return n;
}

static size_t sdec_len(int64_t v)
{
	return v < 0 ? 1 + udec_len(0 - (uint64_t)v) : udec_len((uint64_t)v);
}

/* fmt_seconds's S.uuuuuu without padding */
static size_t seconds_len(uint64_t ns)
{
	return udec_len(ns / 1000000000u) + 7;
}

/* Field 4 at offset at of the line: the name, "ia32:" before an ia32
 * call's (as strace notes a process in 32-bit mode), padded to the column. */
SPANS_INLINE size_t fmt_syscall(char *dst, const struct snoop_record *r, struct fmt_spans *sp, size_t at)
{
	const char *name = r->flags & SNOOP_REC_IA32 ? NULL : syscall_name(r->nr);
	char tmp[64];
	size_t n = 0;

	if (name) {   /* the common case, straight to the column */
		MARK(sp, FMT_F_SYSCALL, at, strlen(name));
		return fmt_str(dst, name, FMT_W_NAME);
	}
	if (r->flags & SNOOP_REC_IA32)
		n = fmt_lit(tmp, "ia32:");
	n += fmt_syscall_name(tmp + n, r);
	tmp[n] = '\0';
	MARK(sp, FMT_F_SYSCALL, at, n);
	return fmt_str(dst, tmp, FMT_W_NAME);
}

/* RET ERRNO: "-2 ENOENT", "3 -", or "? -" for calls that never return and
 * for calls the thread died in; written at offset at of the line.
 * Returns from -4095 to -1 are errors, as the kernel ABI defines. */
SPANS_INLINE size_t fmt_result(char *dst, const struct snoop_record *r, struct fmt_spans *sp, size_t at)
{
	size_t i, n;
	char tmp[24];

	if (r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_KILLED)) {
		i = fmt_str(dst, "", FMT_W_RET - 1);
		dst[i++] = '?';
		MARK_ENDING(sp, FMT_F_RET, at + i, 1);
		dst[i++] = ' ';
		if (snoop_killed_restart(r)) {   /* "? ERESTART_RESTARTBLOCK": the return strace sees */
			n = fmt_errno_name(tmp, r->ret);
			tmp[n] = '\0';
			MARK(sp, FMT_F_ERRNO, at + i, n);
			return i + fmt_str(dst + i, tmp, FMT_W_ERRNO);
		}
		MARK(sp, FMT_F_ERRNO, at + i, 1);
		return i + fmt_str(dst + i, "-", FMT_W_ERRNO);
	}
	i = fmt_sdec(dst, r->ret, FMT_W_RET);   /* right-aligned: the digits end the column */
	MARK_ENDING(sp, FMT_F_RET, at + i, sdec_len(r->ret));
	dst[i++] = ' ';
	if (r->ret < 0 && r->ret >= -4095) {
		n = fmt_errno_name(tmp, r->ret);
		tmp[n] = '\0';
		MARK(sp, FMT_F_ERRNO, at + i, n);
		return i + fmt_str(dst + i, tmp, FMT_W_ERRNO);
	}
	MARK(sp, FMT_F_ERRNO, at + i, 1);
	return i + fmt_str(dst + i, "-", FMT_W_ERRNO);
}

/* Field 7, right-aligned in its column: "?" for a call without both
 * ends, the ns, or (-T) the seconds with 6 decimals. */
SPANS_INLINE size_t fmt_duration(char *dst, const struct snoop_record *r, unsigned mode, struct fmt_spans *sp,
				 size_t at)
{
	size_t i;

	if (r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_NOENTRY)) {
		i = fmt_str(dst, "", FMT_W_DUR - 1);
		dst[i++] = '?';
		MARK_ENDING(sp, FMT_F_DURATION, at + i, 1);
	} else if (mode & FMT_SECONDS) {
		i = fmt_seconds(dst, r->duration_ns, FMT_W_DUR);
		MARK_ENDING(sp, FMT_F_DURATION, at + i, seconds_len(r->duration_ns));
	} else {
		i = fmt_udec(dst, r->duration_ns, FMT_W_DUR, ' ');
		MARK_ENDING(sp, FMT_F_DURATION, at + i, udec_len(r->duration_ns));
	}
	return i;
}

/* Fields 1-3: time pid tid, at the line's start (--pidns=target: the
 * namespace's numbers, the host's where the record has none) */
SPANS_INLINE size_t fmt_who(char *dst, const struct snoop_record *r, const char *time_text, unsigned mode,
			    struct fmt_spans *sp)
{
	size_t i = time_text ? fmt_str(dst, time_text, 0) : fmt_timestamp(dst, r->ts_ns);
	uint32_t pid = record_pid(r, mode), tid = record_tid(r, mode);

	MARK(sp, FMT_F_TIME, 0, i);
	dst[i++] = ' ';
	i += fmt_udec(dst + i, pid, FMT_W_PID, ' ');
	MARK_ENDING(sp, FMT_F_PID, i, udec_len(pid));
	dst[i++] = ' ';
	i += fmt_udec(dst + i, tid, FMT_W_PID, ' ');
	MARK_ENDING(sp, FMT_F_TID, i, udec_len(tid));
	return i;
}

/* --show-cgroup: after the line, one field without spaces (FORMAT.md):
 * " [cgroup=ID]", or " [cgroup=ID,container=NAME]" for a container's */
static size_t fmt_cgroup_tag(char *dst, const struct snoop_record *r)
{
	const struct cg_entry *e = cgtable_find(cgtable_used(), r->cgroup_id);
	size_t i = fmt_lit(dst, " [cgroup=");

	i += fmt_udec(dst + i, r->cgroup_id, 0, ' ');
	if (e && e->ctr_id[0]) {
		i += fmt_lit(dst + i, ",container=");
		i += cg_container_label(dst + i, e);
	}
	dst[i++] = ']';
	return i;
}

/* Fields 1-7: time pid tid syscall ret errno duration, at the line's start. */
SPANS_INLINE size_t fmt_prefix(char *dst, const struct snoop_record *r, const char *time_text, unsigned mode,
			       struct fmt_spans *sp)
{
	size_t i = fmt_who(dst, r, time_text, mode, sp);

	dst[i++] = ' ';
	i += fmt_syscall(dst + i, r, sp, i);
	dst[i++] = ' ';
	i += fmt_result(dst + i, r, sp, i);
	dst[i++] = ' ';
	return i + fmt_duration(dst + i, r, mode, sp, i);
}

size_t fmt_record(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len, unsigned mode)
{
	return fmt_record_at(dst, r, data, len, mode, NULL, NULL, NULL);
}

/* Records that are not syscalls, as strace shows them:
 *   TIME PID TID --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---
 *   TIME PID TID +++ exited with 0 +++      (or: killed by SIGKILL) */
SPANS_INLINE size_t fmt_event(char *dst, const struct snoop_record *r, const char *time_text, unsigned mode,
			      struct fmt_spans *sp)
{
	size_t i = fmt_who(dst, r, time_text, mode, sp), n;

	if (r->flags & SNOOP_REC_SIGNAL) {
		i += fmt_lit(dst + i, " --- ");
		i += n = decode_signal(dst + i, r->nr);
		MARK_ENDING(sp, FMT_F_SIGNAL, i, n);
		dst[i++] = ' ';
		i += n = decode_siginfo(dst + i, r);
		MARK_ENDING(sp, FMT_F_SIGINFO, i, n);
		i += fmt_lit(dst + i, " ---");
	} else {
		i += fmt_lit(dst + i, " +++ ");
		i += n = fmt_process_end(dst + i, r);
		/* the field is the status or the signal, after "exited with " or "killed by " */
		if (r->args[1])
			MARK_ENDING(sp, FMT_F_KILLED_BY, i, n - (sizeof("killed by ") - 1));
		else
			MARK_ENDING(sp, FMT_F_STATUS, i, n - (sizeof("exited with ") - 1));
		i += fmt_lit(dst + i, " +++");
	}
	if (mode & FMT_CGROUP)
		i += fmt_cgroup_tag(dst + i, r);
	dst[i++] = '\n';
	return i;
}

size_t fmt_process_end(char *dst, const struct snoop_record *r)
{
	size_t i;

	if (r->args[1]) {
		i = fmt_lit(dst, "killed by ");
		return i + decode_signal(dst + i, (int64_t)r->args[1]);
	}
	i = fmt_lit(dst, "exited with ");
	return i + fmt_udec(dst + i, r->args[0], 0, ' ');
}

SPANS_INLINE size_t record_line(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
				unsigned mode, const char *time_text, struct fdtable *fds, struct fmt_spans *sp)
{
	size_t i, args;
	int a;

	if (r->flags & (SNOOP_REC_SIGNAL | SNOOP_REC_EXIT))
		return fmt_event(dst, r, time_text, mode, sp);
	i = fmt_prefix(dst, r, time_text, mode, sp);
	args = i + 1;   /* after the space that starts them */

	if (mode & FMT_RAW) {
		for (a = 0; a < 6; a++) {
			dst[i++] = ' ';
			i += fmt_hex(dst + i, r->args[a]);
		}
	} else {
		dst[i++] = ' ';
		i += decode_args_fds(dst + i, r, fds, data, len);
	}
	if (r->flags & SNOOP_REC_UNFINISHED)
		i += fmt_str(dst + i, " <unfinished ...>", 0);
	MARK(sp, FMT_F_ARGS, args, i - args);
	if (mode & FMT_CGROUP)
		i += fmt_cgroup_tag(dst + i, r);
	dst[i++] = '\n';
	return i;
}

size_t fmt_record_at(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
		     unsigned mode, const char *time_text, struct fdtable *fds, struct fmt_spans *spans)
{
	if (!spans)
		return record_line(dst, r, data, len, mode, time_text, fds, NULL);
	memset(spans, 0, sizeof(*spans));
	return record_line(dst, r, data, len, mode, time_text, fds, spans);
}

size_t fmt_lost(char *dst, uint64_t lost, int cpu)
{
	size_t i = fmt_str(dst, "# lost ", 0);

	i += fmt_udec(dst + i, lost, 0, ' ');
	i += fmt_str(dst + i, " records on cpu ", 0);
	i += fmt_udec(dst + i, (uint64_t)cpu, 0, ' ');
	dst[i++] = '\n';
	return i;
}

size_t fmt_dropped(char *dst, uint64_t count, const char *url)
{
	size_t i = fmt_lit(dst, "# dropped ");

	i += fmt_udec(dst + i, count, 0, ' ');
	i += fmt_lit(dst + i, " records for ");
	i += fmt_str(dst + i, url, 0);
	i += fmt_lit(dst + i, " (not sent: the collector was away or slow)\n");
	return i;
}

/* Each kind's words: its type, what it counts (singular, plural), and
 * why, for one and for many */
static const struct {
	const char *type, *one, *many, *why_one, *why_many;
} unstored_notes[SNOOP_UNSTORED_KINDS] = {
	[SNOOP_UNSTORED_TRACED] = { "untraced", "process", "processes",
		"the kernel's table of traced processes was full or out of memory: its calls are missing",
		"the kernel's table of traced processes was full or out of memory: their calls are missing" },
	[SNOOP_UNSTORED_ENDING] = { "unkept", "process end", "process ends",
		"the kernel's table of endings was full or out of memory: its end record shows 0, not its exit status "
		"or killing signal",
		"the kernel's table of endings was full or out of memory: their end records show 0, not their exit "
		"status or killing signal" },
};

const char *fmt_unstored_type(unsigned kind)
{
	return kind < SNOOP_UNSTORED_KINDS ? unstored_notes[kind].type : NULL;
}

size_t fmt_unstored_what(char *dst, unsigned kind, uint64_t count)
{
	size_t i;

	if (kind >= SNOOP_UNSTORED_KINDS)
		return 0;
	i = fmt_str(dst, unstored_notes[kind].type, 0);
	dst[i++] = ' ';
	i += fmt_udec(dst + i, count, 0, ' ');
	dst[i++] = ' ';
	return i + fmt_str(dst + i, count == 1 ? unstored_notes[kind].one : unstored_notes[kind].many, 0);
}

size_t fmt_unstored(char *dst, unsigned kind, uint64_t count)
{
	size_t i;

	if (kind >= SNOOP_UNSTORED_KINDS)
		return 0;
	i = fmt_lit(dst, "# ");
	i += fmt_unstored_what(dst + i, kind, count);
	i += fmt_lit(dst + i, " (");
	i += fmt_str(dst + i, count == 1 ? unstored_notes[kind].why_one : unstored_notes[kind].why_many, 0);
	return i + fmt_lit(dst + i, ")\n");
}

/* ---- the header ---- */

static size_t fmt_kv(char *dst, const char *key, const char *val)
{
	size_t i = fmt_str(dst, " ", 0);

	i += fmt_str(dst + i, key, 0);
	dst[i++] = '=';
	return i + fmt_str(dst + i, val, 0);
}

size_t fmt_header_line(char *dst, const struct run_info *ri, unsigned mode)
{
	size_t i = fmt_lit(dst, "# snoop format=");

	i += fmt_udec(dst + i, FORMAT_VERSION, 0, ' ');
	i += fmt_lit(dst + i, " clock=monotonic");
	i += fmt_kv(dst + i, "boot_realtime", ri->boot_realtime);
	i += fmt_kv(dst + i, "host", ri->host);
	i += fmt_kv(dst + i, "kernel", ri->kernel);
	i += fmt_kv(dst + i, "arch", ri->arch);
	i += fmt_kv(dst + i, "pid", ri->pid);
	i += fmt_kv(dst + i, "args", mode & FMT_RAW ? "raw" : "decoded");
	if (ri->select[0])
		i += fmt_kv(dst + i, "select", ri->select);
	if (ri->cgroups[0])
		i += fmt_kv(dst + i, "cgroups", ri->cgroups);
	return i + fmt_kv(dst + i, "cmdline", ri->cmdline);   /* last: it runs to the end of the line */
}

size_t fmt_header(char *dst, const struct run_info *ri, unsigned mode)
{
	int raw = mode & FMT_RAW;
	size_t i = fmt_header_line(dst, ri, mode);

	i += fmt_lit(dst + i, "\n# time pid tid syscall ret errno ");
	i += mode & FMT_SECONDS ? fmt_lit(dst + i, "duration_s") : fmt_lit(dst + i, "duration_ns");
	i += fmt_str(dst + i, raw ? " arg0 arg1 arg2 arg3 arg4 arg5\n" : " (args)\n", 0);
	return i;
}

int header_field(const char *text, const char *key, char *out, size_t outlen)
{
	size_t klen = strlen(key), n;
	const char *p = text, *end;
	/* cmdline is the traced command's own words: a field before it is
	 * never looked for in it (`-- echo cgroups=1:/:docker:...`) */
	const char *stop = strcmp(key, "cmdline") ? strstr(text, " cmdline=") : NULL;

	for (; (p = strstr(p, key)) && (!stop || p < stop); p += klen) {
		if ((p == text || p[-1] == ' ') && p[klen] == '=')
			break;
	}
	if (!p || (stop && p >= stop) || !outlen)
		return -1;
	p += klen + 1;
	/* cmdline is last and may hold spaces: it runs to the end of the line */
	end = strcmp(key, "cmdline") == 0 ? strchrnul(p, '\n') : p + strcspn(p, " \n");
	n = (size_t)(end - p) < outlen - 1 ? (size_t)(end - p) : outlen - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}
