/* format_trace_event.c - see format_trace_event.h. The events' members
 * are written here; what they carry about a record (its arguments,
 * return, errno, signal, status) is the JSON Lines object of
 * format_json.c, as "args". */
#include <stdlib.h>
#include <string.h>
#include "record/decode.h"
#include "record/format_trace_event.h"

/* A name written: of a thread, a process, or a CPU's track (the key's
 * kind), by id. key 0: a free slot. */
enum te_kind { TE_THREAD = 1, TE_PROCESS, TE_CPU };
struct te_name {
	uint64_t key;
	char name[SNOOP_COMM_LEN];
};
#define TE_SLOTS 131072   /* a power of two, TE_NAMES of it filled at most */

int te_init(struct trace_event *t)
{
	memset(t, 0, sizeof(*t));
	t->text = malloc(DECODE_MAX);
	t->names = calloc(TE_SLOTS, sizeof(*t->names));
	t->nnames = TE_SLOTS;
	if (t->text && t->names)
		return 0;
	te_free(t);
	return -1;
}

void te_free(struct trace_event *t)
{
	free(t->text);
	free(t->names);
	t->text = NULL;
	t->names = NULL;
}

/* The slot of key, or the free one where it goes; NULL when it is not
 * there and no more names are kept. */
static struct te_name *te_slot(struct trace_event *t, enum te_kind kind, uint32_t id)
{
	uint64_t key = (uint64_t)kind << 32 | id;
	size_t k = (size_t)(key * 0x9e3779b97f4a7c15ull >> 47) & (t->nnames - 1);

	while (t->names[k].key && t->names[k].key != key)
		k = (k + 1) & (t->nnames - 1);
	if (t->names[k].key)
		return &t->names[k];
	if (t->used >= TE_NAMES)
		return NULL;
	t->used++;
	t->names[k].key = key;
	t->names[k].name[0] = '\0';
	return &t->names[k];
}

/* Is name new for (kind, id), or (changed) another than the one written?
 * Keeps it as written. */
static int te_renamed(struct trace_event *t, enum te_kind kind, uint32_t id, const char *name, int changed)
{
	struct te_name *s = te_slot(t, kind, id);
	int fresh = s && !s->name[0];

	if (!s || !(fresh || (changed && strncmp(s->name, name, SNOOP_COMM_LEN))))
		return 0;
	memset(s->name, 0, sizeof(s->name));
	memcpy(s->name, name, strnlen(name, SNOOP_COMM_LEN));
	return 1;
}

/* {"name":NAME, NAME being the n bytes of a JSON string at name_json.
 * Every event but the first comes after a comma, each on its own line. */
static size_t te_open(char *dst, struct trace_event *t, const char *name_json, size_t n)
{
	size_t i = t->events++ ? fmt_lit(dst, ",\n") : 0;

	i += fmt_lit(dst + i, "{\"name\":");
	memcpy(dst + i, name_json, n);
	return i + n;
}

/* {"name":NAME ... with NAME as a JSON string of s (up to max bytes) */
static size_t te_open_named(char *dst, struct trace_event *t, const char *s, size_t max)
{
	char name[6 * 64 + 2];   /* a name of at most 64 bytes, escaped */

	return te_open(dst, t, name, fmt_json_str(name, s, max));
}

/* ,"pid":P,"tid":T */
static size_t te_track(char *dst, uint32_t pid, uint32_t tid)
{
	size_t i = fmt_lit(dst, ",\"pid\":");

	i += fmt_udec(dst + i, pid, 0, ' ');
	i += fmt_lit(dst + i, ",\"tid\":");
	return i + fmt_udec(dst + i, tid, 0, ' ');
}

/* ns as microseconds with the 3 decimals that keep every ns: 123.456 */
static size_t te_us(char *dst, uint64_t ns)
{
	size_t i = fmt_udec(dst, ns / 1000, 0, ' ');

	dst[i++] = '.';
	return i + fmt_udec(dst + i, ns % 1000, 3, '0');
}

/* ,"ts":T */
static size_t te_ts(char *dst, uint64_t ns)
{
	size_t i = fmt_lit(dst, ",\"ts\":");

	return i + te_us(dst + i, ns);
}

/* {"name":"thread_name","ph":"M","pid":P,"tid":T,"args":{"name":NAME}} */
static size_t te_meta(char *dst, struct trace_event *t, const char *what_json, size_t n, uint32_t pid,
		      uint32_t tid, const char *name, size_t max)
{
	size_t i = te_open(dst, t, what_json, n);

	i += fmt_lit(dst + i, ",\"ph\":\"M\"");
	i += te_track(dst + i, pid, tid);
	i += fmt_lit(dst + i, ",\"args\":{\"name\":");
	i += fmt_json_str(dst + i, name, max);
	return i + fmt_lit(dst + i, "}}");
}

#define TE_META(dst, t, what, pid, tid, name, max) \
	te_meta(dst, t, "\"" what "\"", sizeof(what) + 1, pid, tid, name, max)

/* The metadata events a record's names need: its thread's name when it is
 * new or changed (an execve renames it), its process's when the process
 * is new or its leader's name changed. */
static size_t te_names(char *dst, struct trace_event *t, const struct snoop_record *r)
{
	size_t i = 0;

	if (te_renamed(t, TE_THREAD, r->tid, r->comm, 1))
		i += TE_META(dst + i, t, "thread_name", r->pid, r->tid, r->comm, SNOOP_COMM_LEN);
	if (te_renamed(t, TE_PROCESS, r->pid, r->comm, r->pid == r->tid))
		i += TE_META(dst + i, t, "process_name", r->pid, r->pid, r->comm, SNOOP_COMM_LEN);
	return i;
}

/* Why a call's event has dur 0: it has no duration to show */
static const char *no_duration(const struct snoop_record *r)
{
	if (r->flags & SNOOP_REC_UNFINISHED)
		return "unfinished";
	if (r->flags & SNOOP_REC_NORETURN)
		return "no_return";
	if (r->flags & SNOOP_REC_NOENTRY)
		return "no_entry";
	return NULL;
}

/* A failed call: an error return, the call having returned */
static int te_failed(const struct snoop_record *r)
{
	return !(r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_KILLED)) && r->ret < 0 && r->ret >= -4095;
}

/* {"name":"openat","cat":"syscall","ph":"X",...,"dur":D,"args":{record}} */
static size_t te_call(char *dst, struct trace_event *t, const struct snoop_record *r, const uint8_t *data,
		      size_t len, unsigned mode, struct fdtable *fds)
{
	const char *why = no_duration(r);
	char name[64];
	size_t i;

	name[fmt_syscall_name(name, r)] = '\0';
	i = te_open_named(dst, t, name, sizeof(name));
	i += te_failed(r) ? fmt_lit(dst + i, ",\"cat\":\"syscall,failed\"") : fmt_lit(dst + i, ",\"cat\":\"syscall\"");
	i += fmt_lit(dst + i, ",\"ph\":\"X\"");
	i += te_track(dst + i, r->pid, r->tid);
	i += te_ts(dst + i, r->ts_ns);
	i += fmt_lit(dst + i, ",\"dur\":");
	i += te_us(dst + i, why ? 0 : r->duration_ns);
	i += fmt_lit(dst + i, ",\"args\":");
	i += fmt_call_json_text(dst + i, r, data, len, mode, NULL, fds, t->text);
	if (why) {
		i += fmt_lit(dst + i, ",\"no_duration\":\"");
		i += fmt_str(dst + i, why, 0);
		dst[i++] = '"';
	}
	return i + fmt_lit(dst + i, "}}");
}

/* A signal on its thread's track, a process's end on its process's:
 * {"name":"SIGCHLD","cat":"signal","ph":"i","s":"t",...,"args":{record}} */
static size_t te_instant(char *dst, struct trace_event *t, const struct snoop_record *r)
{
	char name[64];
	size_t i;

	if (r->flags & SNOOP_REC_SIGNAL)
		name[decode_signal(name, r->nr)] = '\0';
	else
		name[fmt_process_end(name, r)] = '\0';
	i = te_open_named(dst, t, name, sizeof(name));
	i += r->flags & SNOOP_REC_SIGNAL ? fmt_lit(dst + i, ",\"cat\":\"signal\",\"ph\":\"i\",\"s\":\"t\"")
					 : fmt_lit(dst + i, ",\"cat\":\"exit\",\"ph\":\"i\",\"s\":\"p\"");
	i += te_track(dst + i, r->pid, r->tid);
	i += te_ts(dst + i, r->ts_ns);
	i += fmt_lit(dst + i, ",\"args\":");
	i += fmt_record_json(dst + i, r, NULL, 0, 0, NULL, NULL) - 1;   /* without its '\n' */
	return i + fmt_lit(dst + i, "}");
}

size_t te_record(char *dst, struct trace_event *t, const struct snoop_record *r, const uint8_t *data,
		 size_t len, unsigned mode, struct fdtable *fds)
{
	size_t i = te_names(dst, t, r);

	if (r->ts_ns > t->last_ts)
		t->last_ts = r->ts_ns;
	if (r->flags & (SNOOP_REC_SIGNAL | SNOOP_REC_EXIT))
		return i + te_instant(dst + i, t, r);
	return i + te_call(dst + i, t, r, data, len, mode, fds);
}

size_t te_header(char *dst, const struct run_info *ri, unsigned mode)
{
	size_t i = fmt_lit(dst, "{\"displayTimeUnit\":\"ns\",\"otherData\":");

	i += fmt_header_json(dst + i, ri, mode) - 1;   /* without its '\n' */
	return i + fmt_lit(dst + i, ",\"traceEvents\":[\n");
}

/* Losses have a track per CPU, in a process of their own: pid 0, which
 * is no traced process's (the kernel's idle task). */
size_t te_lost(char *dst, struct trace_event *t, uint64_t count, int cpu)
{
	char name[64];
	size_t i = 0, n;

	if (!t->lost_named) {
		t->lost_named = 1;
		i += TE_META(dst + i, t, "process_name", 0, 0, "snoop: lost records", 64);
	}
	if (te_renamed(t, TE_CPU, (uint32_t)cpu, "cpu", 0)) {
		n = fmt_lit(name, "cpu ");
		name[n + fmt_udec(name + n, (uint64_t)cpu, 0, ' ')] = '\0';
		i += TE_META(dst + i, t, "thread_name", 0, (uint32_t)cpu, name, sizeof(name));
	}
	n = fmt_lit(name, "lost ");
	n += fmt_udec(name + n, count, 0, ' ');
	name[n + fmt_lit(name + n, " records")] = '\0';
	i += te_open_named(dst + i, t, name, sizeof(name));
	i += fmt_lit(dst + i, ",\"cat\":\"lost\",\"ph\":\"i\",\"s\":\"t\"");
	i += te_track(dst + i, 0, (uint32_t)cpu);
	i += te_ts(dst + i, t->last_ts);
	i += fmt_lit(dst + i, ",\"args\":");
	i += fmt_lost_json(dst + i, count, cpu) - 1;
	return i + fmt_lit(dst + i, "}");
}

/* A global instant named name, of category cat, at the latest record's
 * time, up to its "args": the caller writes them and the closing brace. */
static size_t te_global_open(char *dst, struct trace_event *t, const char *name, size_t max, const char *cat)
{
	size_t i = te_open_named(dst, t, name, max);

	i += fmt_lit(dst + i, ",\"cat\":\"");
	i += fmt_str(dst + i, cat, 0);
	i += fmt_lit(dst + i, "\",\"ph\":\"i\",\"s\":\"g\"");
	i += te_track(dst + i, 0, 0);
	i += te_ts(dst + i, t->last_ts);
	return i + fmt_lit(dst + i, ",\"args\":");
}

size_t te_dropped(char *dst, struct trace_event *t, uint64_t count, const char *url)
{
	char name[64];
	size_t i, n;

	n = fmt_lit(name, "dropped ");
	n += fmt_udec(name + n, count, 0, ' ');
	name[n + fmt_lit(name + n, " records")] = '\0';
	i = te_global_open(dst, t, name, sizeof(name), "dropped");
	i += fmt_dropped_json(dst + i, count, url) - 1;
	return i + fmt_lit(dst + i, "}");
}

size_t te_unstored(char *dst, struct trace_event *t, unsigned kind, uint64_t count)
{
	const char *type = fmt_unstored_type(kind);
	char name[64];
	size_t i;

	if (!type)
		return 0;
	name[fmt_unstored_what(name, kind, count)] = '\0';
	i = te_global_open(dst, t, name, sizeof(name), type);
	i += fmt_unstored_json(dst + i, kind, count) - 1;
	return i + fmt_lit(dst + i, "}");
}

size_t te_end(char *dst)
{
	return fmt_lit(dst, "\n]}\n");
}
