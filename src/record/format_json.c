/* format_json.c - JSON Lines (format.h): the header and the records as
 * typed JSON objects. Arguments are the decoders' values (record/value.h)
 * in JSON, the same values text shows. No stdio, no malloc: the reader's
 * record path. */
#include <string.h>
#include "record/decode.h"
#include "record/format.h"
#include "record/value.h"

/* ,"cgroup_id":N,"container":{"id":..,"name":..,"runtime":..}: the
 * record's cgroup when it has one (0: a run that did not ask, a
 * version-1 capture), its container when the table knows it */
static size_t fmt_json_cgroup(char *dst, const struct snoop_record *r)
{
	const struct cg_entry *e;
	size_t i = 0;

	if (!r->cgroup_id)
		return 0;
	e = cgtable_find(cgtable_used(), r->cgroup_id);
	i += fmt_lit(dst + i, ",\"cgroup_id\":");
	i += fmt_udec(dst + i, r->cgroup_id, 0, ' ');
	if (!e || !e->ctr_id[0])
		return i;
	i += fmt_lit(dst + i, ",\"container\":{\"id\":");
	i += fmt_json_str(dst + i, e->ctr_id, sizeof(e->ctr_id));
	i += fmt_lit(dst + i, ",\"name\":");
	i += e->ctr_name[0] ? fmt_json_str(dst + i, e->ctr_name, sizeof(e->ctr_name)) : fmt_lit(dst + i, "null");
	i += fmt_lit(dst + i, ",\"runtime\":");
	i += fmt_json_str(dst + i, e->runtime, sizeof(e->runtime));
	dst[i++] = '}';
	return i;
}

/* {"type":TYPE,"time_ns":...,"pid":...,"tid":...,"comm":...: what every
 * record starts with; "time_text" too when -t or -T gave a time text;
 * with --pidns=target pid and tid are the namespace's, "host_pid" and
 * "host_tid" the host's; then the cgroup */
static size_t fmt_json_who(char *dst, const char *type, const struct snoop_record *r, const char *time_text,
			   unsigned mode)
{
	size_t i = fmt_lit(dst, "{\"type\":\"");

	i += fmt_str(dst + i, type, 0);
	i += fmt_lit(dst + i, "\",\"time_ns\":");
	i += fmt_udec(dst + i, r->ts_ns, 0, ' ');
	if (time_text) {
		i += fmt_lit(dst + i, ",\"time_text\":");
		i += fmt_json_str(dst + i, time_text, 64);
	}
	i += fmt_lit(dst + i, ",\"pid\":");
	i += fmt_udec(dst + i, record_pid(r, mode), 0, ' ');
	i += fmt_lit(dst + i, ",\"tid\":");
	i += fmt_udec(dst + i, record_tid(r, mode), 0, ' ');
	if (mode & FMT_PIDNS) {
		i += fmt_lit(dst + i, ",\"host_pid\":");
		i += fmt_udec(dst + i, r->pid, 0, ' ');
		i += fmt_lit(dst + i, ",\"host_tid\":");
		i += fmt_udec(dst + i, r->tid, 0, ' ');
	}
	i += fmt_lit(dst + i, ",\"comm\":");
	i += fmt_json_str(dst + i, r->comm, sizeof(r->comm));
	return i + fmt_json_cgroup(dst + i, r);
}

/* A signal by name, or by number when it has none (record/value.h) */
static size_t fmt_json_signal(char *dst, int64_t sig)
{
	struct vout o = vout_at(dst, 1);

	value_signal(&o, sig);
	return o.i;
}

/* an address as the arguments' pointers are: "0x10", null for 0 */
static size_t fmt_json_pointer(char *dst, uint64_t addr)
{
	struct vout o = vout_at(dst, 1);

	value_pointer(&o, addr);
	return o.i;
}

static size_t fmt_json_si_code(char *dst, int sig, int64_t code)
{
	struct vout o = vout_at(dst, 1);

	value_si_code(&o, sig, code);
	return o.i;
}

/* {"type":"signal",...,"signal":"SIGCHLD","signo":17,"code":"CLD_EXITED",
 *  "si_pid":7,"si_uid":0,"si_status":0,"si_utime":0,"si_stime":0}; a
 *  fault's adds "si_addr":"0x10" (its si_pid and si_uid are that address)
 * {"type":"exit",...,"status":0} or {"type":"exit",...,"killed_by":"SIGKILL"} */
static size_t fmt_event_json(char *dst, const struct snoop_record *r, const char *time_text, unsigned mode)
{
	uint32_t utime, stime;
	uint64_t addr;
	size_t i;

	if (r->flags & SNOOP_REC_SIGNAL) {
		i = fmt_json_who(dst, "signal", r, time_text, mode);
		i += fmt_lit(dst + i, ",\"signal\":");
		i += fmt_json_signal(dst + i, r->nr);
		i += fmt_lit(dst + i, ",\"signo\":");
		i += fmt_sdec(dst + i, r->nr, 0);
		i += fmt_lit(dst + i, ",\"code\":");
		i += fmt_json_si_code(dst + i, (int)r->nr, (int64_t)r->args[0]);
		i += fmt_lit(dst + i, ",\"si_pid\":");
		i += fmt_sdec(dst + i, (int32_t)r->args[1], 0);
		i += fmt_lit(dst + i, ",\"si_uid\":");
		i += fmt_udec(dst + i, (uint32_t)r->args[2], 0, ' ');
		i += fmt_lit(dst + i, ",\"si_status\":");
		i += fmt_sdec(dst + i, (int32_t)r->args[3], 0);
		if (record_fault_addr(r, &addr)) {
			i += fmt_lit(dst + i, ",\"si_addr\":");
			i += fmt_json_pointer(dst + i, addr);
		}
		if (record_child_times(r, &utime, &stime)) {
			i += fmt_lit(dst + i, ",\"si_utime\":");
			i += fmt_udec(dst + i, utime, 0, ' ');
			i += fmt_lit(dst + i, ",\"si_stime\":");
			i += fmt_udec(dst + i, stime, 0, ' ');
		}
	} else {
		i = fmt_json_who(dst, "exit", r, time_text, mode);
		if (r->args[1]) {
			i += fmt_lit(dst + i, ",\"killed_by\":");
			i += fmt_json_signal(dst + i, (int64_t)r->args[1]);
		} else {
			i += fmt_lit(dst + i, ",\"status\":");
			i += fmt_udec(dst + i, r->args[0], 0, ' ');
		}
	}
	return i + fmt_lit(dst + i, "}\n");
}

/* "ret", "errno", "duration_ns" and the marks of calls without them */
static size_t fmt_json_result(char *dst, const struct snoop_record *r)
{
	char ename[32];
	size_t i;

	if (r->flags & SNOOP_REC_UNFINISHED)
		return fmt_lit(dst, ",\"ret\":null,\"errno\":null,\"unfinished\":true,\"duration_ns\":null");
	if (r->flags & SNOOP_REC_NORETURN)
		return fmt_lit(dst, ",\"ret\":null,\"errno\":null,\"duration_ns\":null");
	if (r->flags & SNOOP_REC_KILLED) {
		i = fmt_lit(dst, ",\"ret\":null,\"errno\":");
		if (snoop_killed_restart(r)) {
			ename[fmt_errno_name(ename, r->ret)] = '\0';
			i += fmt_json_str(dst + i, ename, sizeof(ename));
		} else {
			i += fmt_lit(dst + i, "null");
		}
		i += fmt_lit(dst + i, ",\"killed\":true,\"duration_ns\":");
		return i + fmt_udec(dst + i, r->duration_ns, 0, ' ');
	}
	i = fmt_lit(dst, ",\"ret\":");
	i += fmt_sdec(dst + i, r->ret, 0);
	i += fmt_lit(dst + i, ",\"errno\":");
	if (r->ret < 0 && r->ret >= -4095) {
		ename[fmt_errno_name(ename, r->ret)] = '\0';
		i += fmt_json_str(dst + i, ename, sizeof(ename));
	} else {
		i += fmt_lit(dst + i, "null");
	}
	if (r->flags & SNOOP_REC_NOENTRY)
		return i + fmt_lit(dst + i, ",\"no_entry\":true,\"duration_ns\":null");
	i += fmt_lit(dst + i, ",\"duration_ns\":");
	return i + fmt_udec(dst + i, r->duration_ns, 0, ' ');
}

/* ,"cut":[1,3]: the arguments that hold a cut string or list */
static size_t fmt_json_cut(char *dst, unsigned cut)
{
	size_t i;
	int a;

	if (!cut)
		return 0;
	i = fmt_lit(dst, ",\"cut\":[");
	for (a = 0; a < 6; a++) {
		if (!(cut & (1u << a)))
			continue;
		if (dst[i - 1] != '[')
			dst[i++] = ',';
		dst[i++] = (char)('0' + a);
	}
	dst[i++] = ']';
	return i;
}

size_t fmt_record_json(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
		       unsigned mode, const char *time_text, struct fdtable *fds)
{
	size_t i;

	if (r->flags & (SNOOP_REC_SIGNAL | SNOOP_REC_EXIT))
		return fmt_event_json(dst, r, time_text, mode);
	i = fmt_call_json_open(dst, r, data, len, mode, time_text, fds);
	return i + fmt_lit(dst + i, "}\n");
}

size_t fmt_call_json_open(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
			  unsigned mode, const char *time_text, struct fdtable *fds)
{
	return fmt_call_json_text(dst, r, data, len, mode, time_text, fds, NULL);
}

size_t fmt_call_json_text(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
			  unsigned mode, const char *time_text, struct fdtable *fds, char *text)
{
	char name[64];
	unsigned cut;
	size_t i, n;
	int a;

	i = fmt_json_who(dst, "syscall", r, time_text, mode);
	i += fmt_lit(dst + i, ",\"syscall\":");
	name[fmt_syscall_name(name, r)] = '\0';
	i += fmt_json_str(dst + i, name, sizeof(name));
	if (r->flags & SNOOP_REC_IA32)
		i += fmt_lit(dst + i, ",\"abi\":\"ia32\"");
	i += fmt_lit(dst + i, ",\"nr\":");
	i += fmt_sdec(dst + i, r->nr, 0);
	i += fmt_json_result(dst + i, r);
	if (!(mode & FMT_RAW) && text) {   /* the text's "(a, b)", its "..." in it */
		n = decode_args_fds(text, r, fds, data, len);
		i += fmt_lit(dst + i, ",\"args\":");
		i += fmt_json_bytes(dst + i, (const uint8_t *)text, n);
	} else if (!(mode & FMT_RAW)) {   /* --raw: the registers alone, as in text */
		i += fmt_lit(dst + i, ",\"args\":");
		i += decode_args_json(dst + i, r, fds, data, len, &cut);
		i += fmt_json_cut(dst + i, cut);
	}
	/* registers as hex strings: JSON numbers lose bits past 2^53 */
	i += fmt_lit(dst + i, ",\"raw_args\":[");
	for (a = 0; a < 6; a++) {
		if (a)
			dst[i++] = ',';
		dst[i++] = '"';
		i += fmt_hex(dst + i, r->args[a]);
		dst[i++] = '"';
	}
	dst[i++] = ']';
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

size_t fmt_dropped_json(char *dst, uint64_t count, const char *url)
{
	size_t i = fmt_lit(dst, "{\"type\":\"dropped\",\"count\":");

	i += fmt_udec(dst + i, count, 0, ' ');
	i += fmt_lit(dst + i, ",\"to\":");
	i += fmt_json_str(dst + i, url, FMT_URL_MAX);
	return i + fmt_lit(dst + i, "}\n");
}

size_t fmt_unstored_json(char *dst, unsigned kind, uint64_t count)
{
	const char *type = fmt_unstored_type(kind);
	size_t i;

	if (!type)
		return 0;
	i = fmt_lit(dst, "{\"type\":\"");
	i += fmt_str(dst + i, type, 0);
	i += fmt_lit(dst + i, "\",\"count\":");
	i += fmt_udec(dst + i, count, 0, ' ');
	return i + fmt_lit(dst + i, "}\n");
}

/* ,"KEY": */
static size_t fmt_json_key(char *dst, const char *key)
{
	size_t i = fmt_lit(dst, ",\"");

	i += fmt_str(dst + i, key, 0);
	return i + fmt_lit(dst + i, "\":");
}

static size_t fmt_json_kv(char *dst, const char *key, const char *val)
{
	size_t i = fmt_json_key(dst, key);

	return i + fmt_json_str(dst + i, val, CGTABLE_TEXT_MAX);   /* the longest value: cgroups */
}

/* ,"KEY":N for a header value that is a number, null if it is not one */
static size_t fmt_json_number(char *dst, const char *key, int ok, uint64_t v)
{
	size_t i = fmt_json_key(dst, key);

	return i + (ok ? fmt_udec(dst + i, v, 0, ' ') : fmt_lit(dst + i, "null"));
}

size_t fmt_header_json(char *dst, const struct run_info *ri, unsigned mode)
{
	size_t i = fmt_lit(dst, "{\"type\":\"header\",\"format\":");

	i += fmt_udec(dst + i, FORMAT_VERSION, 0, ' ');
	i += fmt_lit(dst + i, ",\"clock\":\"monotonic\"");
	i += fmt_json_number(dst + i, "boot_realtime_ns", ri->boot_known, ri->boot_ns);
	i += fmt_json_kv(dst + i, "host", ri->host);
	i += fmt_json_kv(dst + i, "kernel", ri->kernel);
	i += fmt_json_kv(dst + i, "arch", ri->arch);
	i += fmt_json_number(dst + i, "pid", ri->pid_known, ri->pid_num);
	i += fmt_json_kv(dst + i, "args_mode", mode & FMT_RAW ? "raw" : "decoded");
	if (ri->select[0])
		i += fmt_json_kv(dst + i, "select", ri->select);
	if (ri->cgroups[0])
		i += fmt_json_kv(dst + i, "cgroups", ri->cgroups);
	i += fmt_json_kv(dst + i, "cmdline", ri->cmdline);
	return i + fmt_lit(dst + i, "}\n");
}
