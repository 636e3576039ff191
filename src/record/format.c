/* format.c - see format.h. The hot path of the reader: keep it branch-light. */
#include <string.h>
#include <time.h>
#include "record/decode.h"
#include "record/format.h"
#include "record/syscalls.h"

/* The call's name: "sys_NNN" for numbers the table does not know (newer
 * kernels); an ia32 call's from the ia32 table. */
static size_t fmt_name(char *dst, const struct snoop_record *r)
{
	const char *name = r->flags & SNOOP_REC_IA32 ? ia32_syscall_name(r->nr) : syscall_name(r->nr);

	if (name)
		return fmt_str(dst, name, 0);
	return fmt_lit(dst, "sys_") + fmt_sdec(dst + 4, r->nr, 0);
}

/* Field 4: the name, "ia32:" before an ia32 call's (as strace notes a
 * process in 32-bit mode), padded to the column. */
static size_t fmt_syscall(char *dst, const struct snoop_record *r)
{
	char tmp[64];
	size_t n = 0;

	if (r->flags & SNOOP_REC_IA32)
		n = fmt_lit(tmp, "ia32:");
	n += fmt_name(tmp + n, r);
	tmp[n] = '\0';
	return fmt_str(dst, tmp, FMT_W_NAME);
}

/* "ENOENT", or "E4000" for an error number without a name. ret is in the
 * error range -4095..-1. */
static size_t fmt_errno(char *dst, int64_t ret)
{
	const char *ename = errno_name(-ret);

	if (ename)
		return fmt_str(dst, ename, 0);
	dst[0] = 'E';
	return 1 + fmt_udec(dst + 1, (uint64_t)-ret, 0, ' ');
}

/* RET ERRNO: "-2 ENOENT", "3 -", or "? -" for calls that never return and
 * for calls the thread died in.
 * Returns from -4095 to -1 are errors, as the kernel ABI defines. */
static size_t fmt_result(char *dst, const struct snoop_record *r)
{
	size_t i;
	char tmp[24];

	if (r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_KILLED)) {
		i = fmt_str(dst, "", FMT_W_RET - 1);
		dst[i++] = '?';
		dst[i++] = ' ';
		return i + fmt_str(dst + i, "-", FMT_W_ERRNO);
	}
	i = fmt_sdec(dst, r->ret, FMT_W_RET);
	dst[i++] = ' ';
	if (r->ret < 0 && r->ret >= -4095) {
		tmp[fmt_errno(tmp, r->ret)] = '\0';
		return i + fmt_str(dst + i, tmp, FMT_W_ERRNO);
	}
	return i + fmt_str(dst + i, "-", FMT_W_ERRNO);
}

/* Fields 1-7: time pid tid syscall ret errno duration. */
static size_t fmt_who(char *dst, const struct snoop_record *r, const char *time_text);

static size_t fmt_prefix(char *dst, const struct snoop_record *r, const char *time_text, unsigned mode)
{
	size_t i = fmt_who(dst, r, time_text);

	dst[i++] = ' ';
	i += fmt_syscall(dst + i, r);
	dst[i++] = ' ';
	i += fmt_result(dst + i, r);
	dst[i++] = ' ';
	if (r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_NOENTRY)) {
		i += fmt_str(dst + i, "", FMT_W_DUR - 1);
		dst[i++] = '?';
	} else if (mode & FMT_SECONDS) {
		i += fmt_seconds(dst + i, r->duration_ns, FMT_W_DUR);
	} else {
		i += fmt_udec(dst + i, r->duration_ns, FMT_W_DUR, ' ');
	}
	return i;
}

size_t fmt_record(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len, int raw)
{
	return fmt_record_at(dst, r, data, len, raw, NULL, NULL);
}

/* Fields 1-3: time pid tid. */
static size_t fmt_who(char *dst, const struct snoop_record *r, const char *time_text)
{
	size_t i = time_text ? fmt_str(dst, time_text, 0) : fmt_timestamp(dst, r->ts_ns);

	dst[i++] = ' ';
	i += fmt_udec(dst + i, r->pid, FMT_W_PID, ' ');
	dst[i++] = ' ';
	return i + fmt_udec(dst + i, r->tid, FMT_W_PID, ' ');
}

/* Records that are not syscalls, as strace shows them:
 *   TIME PID TID --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---
 *   TIME PID TID +++ exited with 0 +++      (or: killed by SIGKILL) */
static size_t fmt_event(char *dst, const struct snoop_record *r, const char *time_text)
{
	size_t i = fmt_who(dst, r, time_text);

	if (r->flags & SNOOP_REC_SIGNAL) {
		i += fmt_lit(dst + i, " --- ");
		i += decode_signal(dst + i, r->nr);
		dst[i++] = ' ';
		i += decode_siginfo(dst + i, r);
		i += fmt_lit(dst + i, " ---\n");
	} else if (r->args[1]) {
		i += fmt_lit(dst + i, " +++ killed by ");
		i += decode_signal(dst + i, (int64_t)r->args[1]);
		i += fmt_lit(dst + i, " +++\n");
	} else {
		i += fmt_lit(dst + i, " +++ exited with ");
		i += fmt_udec(dst + i, r->args[0], 0, ' ');
		i += fmt_lit(dst + i, " +++\n");
	}
	return i;
}

size_t fmt_record_at(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
		     unsigned mode, const char *time_text, struct fdtable *fds)
{
	size_t i;
	int a;

	if (r->flags & (SNOOP_REC_SIGNAL | SNOOP_REC_EXIT))
		return fmt_event(dst, r, time_text);
	i = fmt_prefix(dst, r, time_text, mode);

	if (mode & FMT_RAW) {
		for (a = 0; a < 6; a++) {
			dst[i++] = ' ';
			i += fmt_hex(dst + i, r->args[a]);
		}
	} else {
		dst[i++] = ' ';
		i += decode_args_fds(dst + i, r, fds, data, len);
	}
	dst[i++] = '\n';
	return i;
}

/* "time":...,"pid":...,"tid":...,"comm":... after the type */
static size_t fmt_json_who(char *dst, const struct snoop_record *r, const char *time_text)
{
	size_t i = fmt_lit(dst, ",\"time\":\"");

	i += time_text ? fmt_str(dst + i, time_text, 0) : fmt_timestamp(dst + i, r->ts_ns);
	i += fmt_lit(dst + i, "\",\"pid\":");
	i += fmt_udec(dst + i, r->pid, 0, ' ');
	i += fmt_lit(dst + i, ",\"tid\":");
	i += fmt_udec(dst + i, r->tid, 0, ' ');
	i += fmt_lit(dst + i, ",\"comm\":");
	return i + fmt_json_str(dst + i, r->comm, sizeof(r->comm));
}

/* A JSON string of what put() writes (names, no quotes or escapes in them) */
static size_t fmt_json_of(char *dst, size_t (*put)(char *, int64_t), int64_t v)
{
	size_t i = 0;

	dst[i++] = '"';
	i += put(dst + i, v);
	dst[i++] = '"';
	return i;
}

/* {"type":"signal",...,"signal":"SIGCHLD","signo":17,"code":"CLD_EXITED",
 *  "si_pid":7,"si_uid":0,"si_status":0}
 * {"type":"exit",...,"status":0} or {"type":"exit",...,"killed_by":"SIGKILL"} */
static size_t fmt_event_json(char *dst, const struct snoop_record *r, const char *time_text)
{
	size_t i;

	if (r->flags & SNOOP_REC_SIGNAL) {
		i = fmt_lit(dst, "{\"type\":\"signal\"");
		i += fmt_json_who(dst + i, r, time_text);
		i += fmt_lit(dst + i, ",\"signal\":");
		i += fmt_json_of(dst + i, decode_signal, r->nr);
		i += fmt_lit(dst + i, ",\"signo\":");
		i += fmt_sdec(dst + i, r->nr, 0);
		i += fmt_lit(dst + i, ",\"code\":\"");
		i += decode_si_code(dst + i, r->nr, (int64_t)r->args[0]);
		i += fmt_lit(dst + i, "\",\"si_pid\":");
		i += fmt_sdec(dst + i, (int32_t)r->args[1], 0);
		i += fmt_lit(dst + i, ",\"si_uid\":");
		i += fmt_udec(dst + i, (uint32_t)r->args[2], 0, ' ');
		i += fmt_lit(dst + i, ",\"si_status\":");
		i += fmt_sdec(dst + i, (int32_t)r->args[3], 0);
	} else {
		i = fmt_lit(dst, "{\"type\":\"exit\"");
		i += fmt_json_who(dst + i, r, time_text);
		if (r->args[1]) {
			i += fmt_lit(dst + i, ",\"killed_by\":");
			i += fmt_json_of(dst + i, decode_signal, (int64_t)r->args[1]);
		} else {
			i += fmt_lit(dst + i, ",\"status\":");
			i += fmt_udec(dst + i, r->args[0], 0, ' ');
		}
	}
	return i + fmt_lit(dst + i, "}\n");
}

size_t fmt_record_json(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
		       const char *time_text, struct fdtable *fds)
{
	const char *ename;
	char tmp[64];
	size_t i;
	int a;

	if (r->flags & (SNOOP_REC_SIGNAL | SNOOP_REC_EXIT))
		return fmt_event_json(dst, r, time_text);
	i = fmt_lit(dst, "{\"type\":\"syscall\"");
	i += fmt_json_who(dst + i, r, time_text);
	i += fmt_lit(dst + i, ",\"syscall\":");
	tmp[fmt_name(tmp, r)] = '\0';
	i += fmt_json_str(dst + i, tmp, 64);
	if (r->flags & SNOOP_REC_IA32)
		i += fmt_lit(dst + i, ",\"abi\":\"ia32\"");
	i += fmt_lit(dst + i, ",\"nr\":");
	i += fmt_sdec(dst + i, r->nr, 0);
	if (r->flags & SNOOP_REC_NORETURN) {
		i += fmt_lit(dst + i, ",\"ret\":null,\"errno\":null,\"duration_ns\":null");
	} else if (r->flags & SNOOP_REC_KILLED) {
		i += fmt_lit(dst + i, ",\"ret\":null,\"errno\":null,\"killed\":true,\"duration_ns\":");
		i += fmt_udec(dst + i, r->duration_ns, 0, ' ');
	} else {
		i += fmt_lit(dst + i, ",\"ret\":");
		i += fmt_sdec(dst + i, r->ret, 0);
		i += fmt_lit(dst + i, ",\"errno\":");
		if (r->ret < 0 && r->ret >= -4095) {
			ename = tmp;
			tmp[fmt_errno(tmp, r->ret)] = '\0';
			i += fmt_json_str(dst + i, ename, 32);
		} else {
			i += fmt_lit(dst + i, "null");
		}
		if (r->flags & SNOOP_REC_NOENTRY) {
			i += fmt_lit(dst + i, ",\"no_entry\":true,\"duration_ns\":null");
		} else {
			i += fmt_lit(dst + i, ",\"duration_ns\":");
			i += fmt_udec(dst + i, r->duration_ns, 0, ' ');
		}
	}
	i += fmt_lit(dst + i, ",\"args\":");
	i += decode_args_json(dst + i, r, fds, data, len);
	/* registers as hex strings: JSON numbers lose bits past 2^53 */
	i += fmt_lit(dst + i, ",\"raw_args\":[");
	for (a = 0; a < 6; a++) {
		if (a)
			dst[i++] = ',';
		dst[i++] = '"';
		i += fmt_hex(dst + i, r->args[a]);
		dst[i++] = '"';
	}
	i += fmt_lit(dst + i, "]}\n");
	return i;
}

size_t fmt_lost_json(char *dst, uint64_t lost, int cpu)
{
	size_t i = fmt_str(dst, "{\"type\":\"lost\",\"count\":", 0);

	i += fmt_udec(dst + i, lost, 0, ' ');
	i += fmt_str(dst + i, ",\"cpu\":", 0);
	i += fmt_udec(dst + i, (uint64_t)cpu, 0, ' ');
	i += fmt_str(dst + i, "}\n", 0);
	return i;
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

/* ---- the header ---- */

/* The header's fields, in order, for both syntaxes. */
static size_t each_header_field(char *dst, const struct run_info *ri, int raw,
				size_t (*kv)(char *dst, const char *key, const char *val))
{
	const char *fields[][2] = {
		{ "boot_realtime", ri->boot_realtime }, { "host", ri->host },
		{ "kernel", ri->kernel }, { "arch", ri->arch }, { "pid", ri->pid },
		{ "args", raw ? "raw" : "decoded" },
		{ "cmdline", ri->cmdline },   /* last: it runs to the end of the line */
	};
	size_t i = 0, k;

	for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
		i += kv(dst + i, fields[k][0], fields[k][1]);
	return i;
}

static size_t fmt_kv(char *dst, const char *key, const char *val)
{
	size_t i = fmt_str(dst, " ", 0);

	i += fmt_str(dst + i, key, 0);
	dst[i++] = '=';
	return i + fmt_str(dst + i, val, 0);
}

size_t fmt_header(char *dst, const struct run_info *ri, int raw)
{
	size_t i = fmt_lit(dst, "# snoop format=");

	i += fmt_udec(dst + i, FORMAT_VERSION, 0, ' ');
	i += fmt_lit(dst + i, " clock=monotonic");
	i += each_header_field(dst + i, ri, raw, fmt_kv);
	i += fmt_str(dst + i, raw ? "\n# time pid tid syscall ret errno duration_ns arg0 arg1 arg2 arg3 arg4 arg5\n"
				  : "\n# time pid tid syscall ret errno duration_ns (args)\n", 0);
	return i;
}

static size_t fmt_json_kv(char *dst, const char *key, const char *val)
{
	size_t i = fmt_str(dst, ",\"", 0);

	i += fmt_str(dst + i, key, 0);
	i += fmt_str(dst + i, "\":", 0);
	return i + fmt_json_str(dst + i, val, 4096);
}

size_t fmt_header_json(char *dst, const struct run_info *ri, int raw)
{
	size_t i = fmt_lit(dst, "{\"type\":\"header\",\"format\":");

	i += fmt_udec(dst + i, FORMAT_VERSION, 0, ' ');
	i += fmt_lit(dst + i, ",\"clock\":\"monotonic\"");
	i += each_header_field(dst + i, ri, raw, fmt_json_kv);
	return i + fmt_str(dst + i, "}\n", 0);
}

int header_field(const char *text, const char *key, char *out, size_t outlen)
{
	size_t klen = strlen(key), n;
	const char *p = text, *end;

	for (; (p = strstr(p, key)); p += klen) {
		if ((p == text || p[-1] == ' ') && p[klen] == '=')
			break;
	}
	if (!p || !outlen)
		return -1;
	p += klen + 1;
	/* cmdline is last and may hold spaces: it runs to the end of the line */
	end = strcmp(key, "cmdline") == 0 ? strchrnul(p, '\n') : p + strcspn(p, " \n");
	n = (size_t)(end - p) < outlen - 1 ? (size_t)(end - p) : outlen - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

size_t fmt_iso_time(char *dst, uint64_t wall_ns)
{
	time_t sec = (time_t)(wall_ns / 1000000000u);
	struct tm tm;
	size_t i;
	long off;

	localtime_r(&sec, &tm);
	i = strftime(dst, 32, "%Y-%m-%dT%H:%M:%S.", &tm);
	i += fmt_udec(dst + i, wall_ns % 1000000000u, 9, '0');
	off = tm.tm_gmtoff / 60;
	dst[i++] = off < 0 ? '-' : '+';
	off = off < 0 ? -off : off;
	i += fmt_udec(dst + i, (uint64_t)off / 60, 2, '0');
	dst[i++] = ':';
	return i + fmt_udec(dst + i, (uint64_t)off % 60, 2, '0');
}
