/* libFuzzer target: `snoop -r CAPTURE` on any capture, through replay
 * itself (record/replay.h), with the output options the input's first
 * five bytes choose (below): -y (the fd table, small here so that it fills
 * and wraps), -c/-C with --per-process, --histogram and -S, -P, -Z/-z,
 * --min-duration, -e, -p/-n, the -t's and --relative-timestamps, -T, JSON
 * or text, --raw, --pidns=target with --show-cgroup. The rest of the
 * input is the capture, read from a memfd
 * (-r /dev/fd/N); the output goes to another (-o /dev/fd/M).
 *
 * The output is held to docs/FORMAT.md, against a model of the capture
 * read here apart from record/capture.c:
 * - the exit status is 0 exactly when the capture is whole (a refused
 *   header: 1 and no output);
 * - every line ends in '\n'; a text record line has the fixed-width
 *   fields, and says the pid, tid, result and duration of the record the
 *   options chose in that place (--pidns=target: the namespace's pid and
 *   tid where the record has them, and --show-cgroup's [cgroup=ID] at
 *   the end; JSON: host_pid, host_tid, cgroup_id); a JSON line is one valid JSON object of
 *   the same record; signals and ends are written with every option but
 *   -c; losses always; the not-stored counts (type 3, summed by kind) the
 *   last lines;
 * - the summary (only for a whole capture) counts what the model counts,
 *   per process with --per-process: each row's calls and errors, the
 *   total, the histogram's buckets adding up to the row's calls, rows in
 *   -S's order;
 * - it ends: libFuzzer's -timeout (the Makefile's) fails an input that
 *   runs on (a vfork of pid 0 once made -y loop forever).
 *
 * Seeds (tests/fuzz/seeds/replay/): the option bytes, then captures made
 * with `snoop -w FILE -f -s 16 -e '!mmap,...' -- sh -c '...'` (files and
 * cd, pipes and forks, signals and a kill, execve, bash's /dev/tcp and
 * /dev/udp sockets, calls left unfinished by SIGINT, tests/progs/m32probe's
 * ia32 calls), the dynamic loader's opens and reads taken out; and a
 * crafted capture of pid 0's vfork, execve and end; all of format
 * version 1 (112-byte records) but pidns-v2, a version-2 capture of a
 * PID namespace's first process (unshare -fp), its cgroup and numbers,
 * and vfork-fork-y, a version-4 one of tests/progs/sysprobe vforkfds
 * (its fork frame: -y's copy for the vfork child).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "opts.h"
#include "record/filter.h"
#include "record/format.h"
#include "record/ia32.h"
#include "record/replay.h"
#include "record/syscalls.h"
#include "tests/json_check.h"

/* The option bytes:
 *   0: bits 0-1 -c (1) or -C (2); 2 -y; 3 JSON; 4 --raw (not with -y);
 *      5 --per-process, 6 --histogram (with -c/-C); 7 -T
 *   1: bits 0-1 -Z (1) or -z (2); 2-4 the time format; 5 --min-duration;
 *      6 -P; 7 -e
 *   2: bits 0-3 -e's set; 4-6 -S's key (with -c/-C); 7 -p (the first
 *      record's pid)
 *   3: bits 0-2 --min-duration's value; 3-5 -P's path; 6 a 1024-fd table
 *      (else 64); 7 -n sh
 *   4: bit 0: the frames' lengths and numbers are made again from what
 *      they hold (reframe), so that a mutated mem_len or a frame copied
 *      elsewhere still makes a capture */
#define OPT_BYTES 5

static const char *const sets[16] = {
	"openat,close,read", "%file", "%process", "%signal", "%network", "%desc", "!read,write", "execve",
	"%memory", "dup2,fcntl,pipe2", "clone,vfork,fork,wait4", "none", "all", "!%file", "0,1,3", "exit_group",
};
static const char *const sorts[8] = { "time", "calls", "errors", "name", "avg-time", "min-time", "max-time", "nothing" };
static const char *const paths[8] = {
	"/etc/hostname", "/etc/passwd", "/dev/null", "hostname", "/usr/bin/sh", "/etc/ld.so.cache", "/", "nonexistent",
};
static const char *const durations[8] = { "1ns", "500ns", "1us", "5us", "50us", "1ms", "1s", "100s" };
static const char *const time_opts[8] = { NULL, "-t", "-tt", "-ttt", "--iso-time", "--relative-timestamps", NULL, NULL };

static int cap_fd = -1, out_fd = -1;
static FILE *quiet;
static char machine[65];

static size_t at_line;   /* of the output, for FAIL's message */

#define FAIL(...) do { \
	fprintf(stderr, "fuzz_replay: output line %zu: ", at_line); \
	fprintf(stderr, __VA_ARGS__); \
	fputc('\n', stderr); \
	abort(); \
} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct utsname u;

	(void)argc;
	(void)argv;
	cap_fd = memfd_create("capture", 0);
	out_fd = memfd_create("output", 0);
	quiet = fopen("/dev/null", "w");
	if (cap_fd < 0 || out_fd < 0 || !quiet || uname(&u))
		FAIL("no memfd or /dev/null");
	snprintf(machine, sizeof(machine), "%s", u.machine);
	/* a zone off the hour, without daylight saving: -t's cached hour */
	setenv("TZ", "<+0545>-5:45", 1);
	return 0;
}

/* ---- the model: the capture read as docs/FORMAT.md defines it ---- */

enum { L_CALL, L_EVENT, L_LOST };

struct line {          /* a line the output has, in order */
	int kind;
	struct snoop_record r;
	uint64_t count;    /* L_LOST */
};

struct row {           /* what a summary row counts */
	uint32_t tgid;
	int32_t nr;
	uint32_t abi;
	uint64_t calls, errors;
};

struct frame {
	uint32_t type;
	const uint8_t *p;
	size_t n;
};

struct model {
	int header_ok, whole;
	uint64_t unstored[SNOOP_UNSTORED_KINDS];   /* type 3's counts by kind: the last lines */
	struct frame *frames;
	size_t nframes;
	struct line *lines;
	size_t nlines;
	struct row *rows;
	size_t nrows;
};

static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* A record's bytes in a capture of this format version (FORMAT.md):
 * version 1's lack cgroup_id, ns_pid and ns_tid (0 when read) */
static size_t record_size(uint32_t version)
{
	return version == 1 ? 112 : sizeof(struct snoop_record);
}

static size_t rec_size;   /* of the capture the model reads */

static void read_record(struct snoop_record *r, const uint8_t *p)
{
	memset(r, 0, sizeof(*r));
	memcpy(r, p, rec_size);
}

/* Is a record frame's payload one record and its memory items? An item
 * longer than the BPF side writes (SNOOP_MEM_BYTES) is damage, but for a
 * native execve's whole argv (SNOOP_REC_ARGV_WHOLE), item 1, of its argv
 * argument. */
static int record_ok(const uint8_t *p, size_t n, struct snoop_record *r)
{
	int argv_arg;

	if (n < rec_size)
		return 0;
	read_record(r, p);
	argv_arg = r->nr == SYS_execve ? 1 : r->nr == SYS_execveat ? 2 : -1;
	return r->mem_len[0] <= SNOOP_MEM_BYTES &&
	       (r->mem_len[1] <= SNOOP_MEM_BYTES ||
		((r->flags & (SNOOP_REC_ARGV_WHOLE | SNOOP_REC_IA32)) == SNOOP_REC_ARGV_WHOLE && argv_arg >= 0 &&
		 r->mem_arg[1] == argv_arg)) &&
	       (size_t)r->mem_len[0] + r->mem_len[1] <= n - rec_size;
}

/* header, then frames up to the end or the first damage */
static void read_capture(struct model *m, const uint8_t *d, size_t size)
{
	char arch[65], boot[32];
	struct snoop_record r;
	size_t pos, len;
	uint64_t seq = 0;
	uint32_t tlen;
	char *text;

	if (size < 16 || memcmp(d, "SNOOPCAP", 8) || get32(d + 8) < 1 || get32(d + 8) > 4 ||
	    (tlen = get32(d + 12)) > 65536 || size - 16 < tlen)
		return;
	rec_size = record_size(get32(d + 8));
	text = strndup((const char *)d + 16, tlen);
	m->header_ok = text && header_field(text, "boot_realtime", boot, sizeof(boot)) == 0 &&
		       header_field(text, "arch", arch, sizeof(arch)) == 0 && strcmp(arch, machine) == 0;
	free(text);
	m->frames = malloc(sizeof(*m->frames) * (size / 16 + 1));
	if (!m->header_ok || !m->frames)
		return m->header_ok = 0, (void)0;
	for (pos = 16 + tlen; pos < size; pos += 4 + len, seq++) {
		if (size - pos < 16)
			return;
		len = get32(d + pos);
		if (len < 12 || len - 12 > 65536 || size - pos - 4 < len || get64(d + pos + 8) != seq)
			return;
		struct frame f = { get32(d + pos + 4), d + pos + 16, len - 12 };
		if (!(f.type == 1 && record_ok(f.p, f.n, &r)) && !(f.type >= 2 && f.type <= 4 && f.n >= 16))
			return;
		m->frames[m->nframes++] = f;
	}
	m->whole = 1;
}

/* What the options choose, as FORMAT.md says: -p/-n processes; -e, -Z,
 * -z, --min-duration and -P choose calls; signals and ends are written
 * with every option but -c. */
static int chosen(const struct options *o, const struct snoop_record *r, const uint8_t *mem, size_t n)
{
	int hit = !o->npids && !o->nnames;

	hit |= o->npids && r->pid == (uint32_t)o->pids[0];
	hit |= o->nnames && strncmp(r->comm, o->names[0], SNOOP_COMM_LEN) == 0;
	if (!hit)
		return 0;
	if (r->flags & (SNOOP_REC_SIGNAL | SNOOP_REC_EXIT))
		return o->summary != SUMMARY_ONLY;
	return (!o->filter_syscalls || record_in_set(o->syscall_bits, r)) &&
	       snoop_result_wanted(r, (uint32_t)o->status_filter, o->min_duration_ns) &&
	       (!o->npaths || record_on_paths(r, mem, n, o->paths, o->npaths));
}

static void count_call(struct model *m, const struct options *o, const struct snoop_record *r)
{
	struct row key = { o->per_process ? r->pid : 0, r->nr, r->flags & SNOOP_REC_IA32, 0, 0 };
	size_t k;

	/* calls: not signals, ends, nor exit_group (it never returns) */
	if (r->flags & (SNOOP_REC_SIGNAL | SNOOP_REC_EXIT | SNOOP_REC_NORETURN))
		return;
	for (k = 0; k < m->nrows; k++)
		if (m->rows[k].tgid == key.tgid && m->rows[k].nr == key.nr && m->rows[k].abi == key.abi)
			break;
	if (k == m->nrows)
		m->rows[m->nrows++] = key;
	m->rows[k].calls++;
	m->rows[k].errors += (uint64_t)snoop_failed(r);
}

static void expect(struct model *m, const struct options *o)
{
	struct snoop_record r;
	size_t k;

	m->lines = calloc(m->nframes + 1, sizeof(*m->lines));
	m->rows = calloc(m->nframes + 1, sizeof(*m->rows));
	if (!m->lines || !m->rows)
		FAIL("out of memory");
	for (k = 0; k < m->nframes; k++) {
		struct line *l = &m->lines[m->nlines];

		if (m->frames[k].type == 2) {
			l->kind = L_LOST;
			l->count = get64(m->frames[k].p);
			m->nlines++;
			continue;
		}
		if (m->frames[k].type == 3) {   /* summed, said at the end; a kind unknown skipped */
			if (get32(m->frames[k].p + 8) < SNOOP_UNSTORED_KINDS)
				m->unstored[get32(m->frames[k].p + 8)] += get64(m->frames[k].p);
			continue;
		}
		if (m->frames[k].type == 4)   /* a fork: -y's table alone, no line */
			continue;
		read_record(&r, m->frames[k].p);
		if (!chosen(o, &r, m->frames[k].p + rec_size, m->frames[k].n - rec_size))
			continue;
		if (o->summary)
			count_call(m, o, &r);
		if (o->summary == SUMMARY_ONLY)
			continue;
		l->kind = r.flags & (SNOOP_REC_SIGNAL | SNOOP_REC_EXIT) ? L_EVENT : L_CALL;
		l->r = r;
		m->nlines++;
	}
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

/* d's capture with each frame's length made from what it holds (a
 * record's 112 or 128 bytes and its mem_len, a loss's, not-stored count's or fork's 16) and its number from its
 * place, into dst (as long as d); what follows a frame of another type is
 * copied as it is. */
static void reframe(uint8_t *dst, const uint8_t *d, size_t size)
{
	size_t pos = size < 16 || get32(d + 12) > size - 16 ? size : 16 + get32(d + 12), n;
	size_t rs = record_size(size < 16 ? 2 : get32(d + 8));
	struct snoop_record r;
	uint64_t seq = 0;
	uint32_t type;

	memcpy(dst, d, pos);
	for (; size - pos >= 16; pos += 16 + n, seq++) {
		type = get32(d + pos + 4);
		n = size - pos - 16;
		if (type == 1 && n >= rs) {
			memcpy(&r, d + pos + 16, rs);
			n = rs + r.mem_len[0] + r.mem_len[1] < n ? rs + r.mem_len[0] + r.mem_len[1] : n;
		} else if (type >= 2 && type <= 4) {
			n = n < 16 ? n : 16;
		} else {
			break;
		}
		put32(dst + pos, (uint32_t)n + 12);
		put32(dst + pos + 4, type);
		put64(dst + pos + 8, seq);
		memcpy(dst + pos + 16, d + pos + 16, n);
	}
	memcpy(dst + pos, d + pos, size - pos);
}

/* ---- the options ---- */

struct args {
	char *v[40];
	int n;
	char pid[16], cap[32], out[32];
};

static void add(struct args *a, const char *s)
{
	a->v[a->n++] = (char *)s;
}

static void build(struct args *a, const uint8_t *b, const struct model *m)
{
	int summary = b[0] & 3;

	a->n = 0;
	add(a, "snoop");
	snprintf(a->cap, sizeof(a->cap), "/dev/fd/%d", cap_fd);
	snprintf(a->out, sizeof(a->out), "/dev/fd/%d", out_fd);
	add(a, "-r");
	add(a, a->cap);
	add(a, "-o");
	add(a, a->out);
	if (summary == 1 || summary == 2) {
		add(a, summary == 1 ? "-c" : "-C");
		if (b[0] & 0x20)
			add(a, "--per-process");
		if (b[0] & 0x40)
			add(a, "--histogram");
		add(a, "-S");
		add(a, sorts[(b[2] >> 4) & 7]);
	}
	if (b[0] & 4)
		add(a, "-y");
	if (b[0] & 8)
		add(a, "--format=json");
	if ((b[0] & 0x10) && !(b[0] & 4))
		add(a, "--raw");
	if (b[0] & 0x80)
		add(a, "-T");
	if ((b[1] & 3) == 1 || (b[1] & 3) == 2)
		add(a, (b[1] & 3) == 1 ? "-Z" : "-z");
	if (time_opts[(b[1] >> 2) & 7])
		add(a, time_opts[(b[1] >> 2) & 7]);
	if (b[1] & 0x20) {
		add(a, "--min-duration");
		add(a, durations[b[3] & 7]);
	}
	if (b[1] & 0x40) {
		add(a, "-P");
		add(a, paths[(b[3] >> 3) & 7]);
	}
	if (b[1] & 0x80) {
		add(a, "-e");
		add(a, sets[b[2] & 15]);
	}
	if (b[2] & 0x80) {
		uint32_t pid = m->nframes && m->frames[0].type == 1 ? get32(m->frames[0].p + offsetof(struct snoop_record, pid)) : 1;

		snprintf(a->pid, sizeof(a->pid), "%u", pid && pid <= 4194304 ? pid : 1);   /* PID_MAX_LIMIT */
		add(a, "-p");
		add(a, a->pid);
	}
	if (b[3] & 0x80) {
		add(a, "-n");
		add(a, "sh");
	}
	if (b[3] & 0x40) {   /* issue 21: the records' namespace numbers and cgroup */
		add(a, "--pidns=target");
		add(a, "--show-cgroup");
	}
	a->v[a->n] = NULL;
}

/* ---- the output ---- */

struct out {
	const char *p, *end;
	const struct options *o;
	uint64_t prev_ts;   /* --relative-timestamps: the previous line's record */
	int have_prev;
};

/* The next line, its '\n' not counted; NULL at the end. */
static const char *next_line(struct out *c, size_t *n)
{
	const char *s = c->p, *nl;

	if (c->p >= c->end)
		return NULL;
	nl = memchr(s, '\n', (size_t)(c->end - s));
	if (!nl)
		FAIL("the output's last line has no newline: '%.*s'", (int)(c->end - s), s);
	*n = (size_t)(nl - s);
	c->p = nl + 1;
	at_line++;
	return s;
}

static size_t digits(const char *s, size_t n)
{
	size_t k = 0;

	while (k < n && s[k] >= '0' && s[k] <= '9')
		k++;
	return k;
}

static uint64_t number(const char *s, size_t n)
{
	uint64_t v = 0;

	while (n--)
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

/* s[*i..] is pattern: '9' a digit, 'D' one or more digits, others themselves */
static int shape(const char *s, size_t n, size_t *i, const char *pattern)
{
	size_t d;

	for (; *pattern; pattern++) {
		if (*pattern == 'D') {
			if (!(d = digits(s + *i, n - *i)))
				return 0;
			*i += d;
		} else if (*i >= n || (*pattern == '9' ? !(s[*i] >= '0' && s[*i] <= '9') : s[*i] != *pattern)) {
			return 0;
		} else {
			(*i)++;
		}
	}
	return 1;
}

/* Field 1 of a record's line, by the time format; the index past it. */
static size_t time_field(struct out *c, const char *s, size_t n, const struct snoop_record *r)
{
	static const char *const shapes[] = {
		[TIME_CLOCK] = "99:99:99", [TIME_CLOCK_US] = "99:99:99.999999", [TIME_EPOCH_US] = "D.999999",
	};
	uint64_t want = r->ts_ns;
	size_t i = 0, d;

	if (c->o->time_mode == TIME_RAW || c->o->time_mode == TIME_DELTA) {
		if (c->o->time_mode == TIME_DELTA) {
			uint64_t prev = c->have_prev ? c->prev_ts : r->ts_ns;

			want = r->ts_ns < prev ? prev - r->ts_ns : r->ts_ns - prev;
			if (r->ts_ns < prev && s[i++] != '-')
				FAIL("a call that began before the previous one shows no '-': '%.*s'", (int)n, s);
			c->prev_ts = r->ts_ns;
			c->have_prev = 1;
		}
		d = digits(s + i, n - i);
		if (d < 10 || i + d + 10 > n || s[i + d] != '.' || digits(s + i + d + 1, 9) != 9 ||
		    number(s + i, d) != want / 1000000000u || number(s + i + d + 1, 9) != want % 1000000000u)
			FAIL("field 1 is not the record's time %llu: '%.*s'", (unsigned long long)want, (int)n, s);
		return i + d + 10;
	}
	if (c->o->time_mode == TIME_ISO) {
		if (!shape(s, n, &i, "9999-99-99T99:99:99.999999999") || i >= n || (s[i] != '+' && s[i] != '-') ||
		    (i++, !shape(s, n, &i, "99:99")))
			FAIL("--iso-time's field 1: '%.*s'", (int)n, s);
		if (number(s + 11, 2) > 23 || number(s + 14, 2) > 59 || number(s + 17, 2) > 59)
			FAIL("--iso-time's field 1 is no time of day: '%.*s'", (int)n, s);
		return i;
	}
	if (!shape(s, n, &i, shapes[c->o->time_mode]))
		FAIL("field 1 in time format %d: '%.*s'", c->o->time_mode, (int)n, s);
	if (c->o->time_mode != TIME_EPOCH_US &&
	    (number(s, 2) > 23 || number(s + 3, 2) > 59 || number(s + 6, 2) > 59))
		FAIL("field 1 is no time of day: '%.*s'", (int)n, s);
	return i;
}

/* A column of width w from s[*i] (after its separating space), right-
 * or left-aligned: padded to w, or wider and then unpadded. Its value. */
static const char *column(const char *s, size_t n, size_t *i, size_t w, int right, size_t *vlen)
{
	size_t start, k, v, end;

	if (*i >= n || s[(*i)++] != ' ')
		FAIL("no space before a column: '%.*s'", (int)n, s);
	start = *i;
	if (right) {
		for (k = start; k < n && k < start + w && s[k] == ' '; k++)
			;
		v = k;
		while (k < n && s[k] != ' ')
			k++;
		end = k;
		if (k == v || k - start < w || (k - start > w && v != start))
			FAIL("a right-aligned column of %zu at %zu: '%.*s'", w, start, (int)n, s);
	} else {
		for (k = start; k < n && s[k] != ' '; k++)
			;
		v = start;
		end = k;
		if (k == v)
			FAIL("an empty left-aligned column at %zu: '%.*s'", start, (int)n, s);
		while (k - start < w) {
			if (k >= n || s[k] != ' ')
				FAIL("a left-aligned column of %zu at %zu: '%.*s'", w, start, (int)n, s);
			k++;
		}
	}
	*i = k;
	*vlen = end - v;
	return s + v;
}

static int is(const char *v, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(v, want, n) == 0;
}

static int is_number(const char *v, size_t n, uint64_t want)
{
	char text[24];

	snprintf(text, sizeof(text), "%llu", (unsigned long long)want);
	return is(v, n, text);
}

/* --pidns=target: the namespace's numbers where the record has them */
static uint32_t shown_pid(const struct out *c, const struct snoop_record *r)
{
	return c->o->pidns_target && r->ns_pid ? r->ns_pid : r->pid;
}

static uint32_t shown_tid(const struct out *c, const struct snoop_record *r)
{
	return c->o->pidns_target && r->ns_tid ? r->ns_tid : r->tid;
}

/* --show-cgroup: the line ends in " [cgroup=ID]" or " [cgroup=ID,container=NAME]"
 * (FORMAT.md), the record's cgroup_id; the line's length without it */
static size_t cgroup_tag(const struct out *c, const char *s, size_t n, const struct snoop_record *r)
{
	char want[48];
	size_t k, w;

	if (!c->o->show_cgroup)
		return n;
	w = (size_t)snprintf(want, sizeof(want), " [cgroup=%llu", (unsigned long long)r->cgroup_id);
	for (k = n; k > 0 && s[k - 1] != ' '; k--)
		;
	if (!k || s[n - 1] != ']' || n - (k - 1) < w + 1 || memcmp(s + k - 1, want, w) ||
	    (s[k - 1 + w] != ']' && memcmp(s + k - 1 + w, ",container=", 11)))
		FAIL("no %s] at the end: '%.*s'", want, (int)n, s);
	return k - 1;
}

static void text_record(struct out *c, const char *s, size_t n, const struct line *l)
{
	const struct snoop_record *r = &l->r;
	const char *v, *name;
	char want[64];
	size_t i = time_field(c, s, n, r), vn;
	int a;

	n = cgroup_tag(c, s, n, r);
	v = column(s, n, &i, FMT_W_PID, 1, &vn);
	if (!is_number(v, vn, shown_pid(c, r)))
		FAIL("pid %u: '%.*s'", shown_pid(c, r), (int)n, s);
	v = column(s, n, &i, FMT_W_PID, 1, &vn);
	if (!is_number(v, vn, shown_tid(c, r)))
		FAIL("tid %u: '%.*s'", shown_tid(c, r), (int)n, s);
	if (l->kind == L_EVENT) {
		snprintf(want, sizeof(want), " +++ exited with %llu +++", (unsigned long long)r->args[0]);
		if (r->flags & SNOOP_REC_SIGNAL) {
			if (n - i < 10 || memcmp(s + i, " --- ", 5) || memcmp(s + n - 4, " ---", 4))
				FAIL("a signal: '%.*s'", (int)n, s);
		} else if (r->args[1]) {
			if (n - i < 20 || memcmp(s + i, " +++ killed by ", 15) || memcmp(s + n - 4, " +++", 4))
				FAIL("an end by a signal: '%.*s'", (int)n, s);
		} else if (!is(s + i, n - i, want)) {
			FAIL("an exit, not%s: '%.*s'", want, (int)n, s);
		}
		return;
	}
	v = column(s, n, &i, FMT_W_NAME, 0, &vn);
	name = r->flags & SNOOP_REC_IA32 ? NULL : syscall_name(r->nr);
	if (name ? !is(v, vn, name) : r->flags & SNOOP_REC_IA32 ? vn < 6 || memcmp(v, "ia32:", 5) : vn < 5 || memcmp(v, "sys_", 4))
		FAIL("syscall %d: '%.*s'", r->nr, (int)n, s);
	v = column(s, n, &i, FMT_W_RET, 1, &vn);
	snprintf(want, sizeof(want), "%lld", (long long)r->ret);
	if (!is(v, vn, r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_KILLED) ? "?" : want))
		FAIL("ret %s: '%.*s'", want, (int)n, s);
	v = column(s, n, &i, FMT_W_ERRNO, 0, &vn);
	if (snoop_failed(r) || snoop_killed_restart(r) ? vn < 2 || v[0] != 'E' : !is(v, vn, "-"))
		FAIL("errno of ret %s: '%.*s'", want, (int)n, s);
	v = column(s, n, &i, FMT_W_DUR, 1, &vn);
	if (r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_NOENTRY) ? !is(v, vn, "?")
	    : c->o->seconds ? (snprintf(want, sizeof(want), "%llu.%06llu", (unsigned long long)(r->duration_ns / 1000000000u),
					(unsigned long long)(r->duration_ns % 1000000000u / 1000u)), !is(v, vn, want))
	    : !is_number(v, vn, r->duration_ns))
		FAIL("duration %llu: '%.*s'", (unsigned long long)r->duration_ns, (int)n, s);
	if (r->flags & SNOOP_REC_UNFINISHED) {
		if (n - i < 17 || memcmp(s + n - 17, " <unfinished ...>", 17))
			FAIL("no <unfinished ...>: '%.*s'", (int)n, s);
		n -= 17;
	}
	if (c->o->raw) {
		for (a = 0; a < 6; a++) {
			snprintf(want, sizeof(want), " 0x%llx", (unsigned long long)r->args[a]);
			if (n - i < strlen(want) || memcmp(s + i, want, strlen(want)))
				FAIL("--raw's register %d: '%.*s'", a, (int)n, s);
			i += strlen(want);
		}
		if (i != n)
			FAIL("more after the registers: '%.*s'", (int)n, s);
	} else if (n - i < 3 || s[i] != ' ' || s[i + 1] != '(' || s[n - 1] != ')') {
		FAIL("the arguments: '%.*s'", (int)n, s);
	}
}

static void text_lost(const char *s, size_t n, const struct line *l)
{
	char want[64];
	size_t k = (size_t)snprintf(want, sizeof(want), "# lost %llu records on cpu ", (unsigned long long)l->count);

	if (n <= k || memcmp(s, want, k) || digits(s + k, n - k) != n - k)
		FAIL("the loss of %llu: '%.*s'", (unsigned long long)l->count, (int)n, s);
}

/* The value of "key": in a JSON line (the first: the members before it are
 * the fixed ones), 1 and *v, 0 for null, -1 when absent. */
static int json_int(const char *s, size_t n, const char *key, int64_t *v)
{
	char k[32];
	const char *p;
	size_t kn = (size_t)snprintf(k, sizeof(k), "\"%s\":", key), d;
	int neg;

	p = memmem(s, n, k, kn);
	if (!p)
		return -1;
	p += kn;
	n -= (size_t)(p - s);
	if (n >= 4 && memcmp(p, "null", 4) == 0)
		return 0;
	neg = n && *p == '-';
	d = digits(p + neg, n - neg);
	if (!d || d > 20)
		FAIL("\"%s\" is no number: '%.*s'", key, (int)n, p);
	*v = (int64_t)(neg ? 0 - number(p + neg, d) : number(p + neg, d));   /* INT64_MIN too */
	return 1;
}

static void json_record(struct out *c, const char *s, size_t n, const struct line *l)
{
	static const char *const types[] = { [L_CALL] = "syscall", [L_EVENT] = "exit", [L_LOST] = "lost" };
	const struct snoop_record *r = &l->r;
	const char *type = l->kind == L_EVENT && (r->flags & SNOOP_REC_SIGNAL) ? "signal" : types[l->kind];
	char head[48];
	int64_t v;
	int k;

	snprintf(head, sizeof(head), "{\"type\":\"%s\",", type);
	if (!json_valid(s, n) || n < strlen(head) || memcmp(s, head, strlen(head)))
		FAIL("not a JSON %s: '%.*s'", type, (int)n, s);
	if (l->kind == L_LOST) {
		if (json_int(s, n, "count", &v) != 1 || (uint64_t)v != l->count)
			FAIL("the loss of %llu: '%.*s'", (unsigned long long)l->count, (int)n, s);
		return;
	}
	if (json_int(s, n, "time_ns", &v) != 1 || (uint64_t)v != r->ts_ns || json_int(s, n, "pid", &v) != 1 ||
	    (uint64_t)v != shown_pid(c, r) || json_int(s, n, "tid", &v) != 1 || (uint64_t)v != shown_tid(c, r) ||
	    (!memmem(s, n, "\"time_text\":", 12)) != (c->o->time_mode == TIME_RAW))
		FAIL("time_ns, pid, tid or time_text: '%.*s'", (int)n, s);
	if (c->o->pidns_target && (json_int(s, n, "host_pid", &v) != 1 || (uint64_t)v != r->pid ||
				   json_int(s, n, "host_tid", &v) != 1 || (uint64_t)v != r->tid))
		FAIL("host_pid %u or host_tid %u: '%.*s'", r->pid, r->tid, (int)n, s);
	k = json_int(s, n, "cgroup_id", &v);
	if (r->cgroup_id ? k != 1 || (uint64_t)v != r->cgroup_id : k != -1)
		FAIL("cgroup_id %llu: '%.*s'", (unsigned long long)r->cgroup_id, (int)n, s);
	if (l->kind == L_EVENT)
		return;
	k = json_int(s, n, "ret", &v);
	if (r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_KILLED | SNOOP_REC_UNFINISHED) ? k != 0 : k != 1 || v != r->ret)
		FAIL("ret %lld: '%.*s'", (long long)r->ret, (int)n, s);
	if ((!memmem(s, n, ",\"args\":[", 9)) != c->o->raw || !memmem(s, n, ",\"raw_args\":[", 13))
		FAIL("args with --raw, or raw_args: '%.*s'", (int)n, s);
}

/* ---- the summary ---- */

struct got {          /* a row as the output shows it */
	uint32_t tgid;
	uint64_t calls, errors, key;   /* key: -S's, as shown (name: its order) */
	char name[48];
};

static int cmp_row(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;

	if (a->tgid != b->tgid)
		return a->tgid < b->tgid ? -1 : 1;
	if (a->calls != b->calls)
		return a->calls < b->calls ? -1 : 1;
	return (a->errors > b->errors) - (a->errors < b->errors);
}

/* The rows shown are the model's: per process, the same calls and errors. */
static void same_rows(const struct model *m, struct got *g, size_t ng)
{
	struct row *shown = calloc(ng + 1, sizeof(*shown));
	size_t k;

	if (!shown)
		FAIL("out of memory");
	for (k = 0; k < ng; k++)
		shown[k] = (struct row){ g[k].tgid, 0, 0, g[k].calls, g[k].errors };
	qsort(shown, ng, sizeof(*shown), cmp_row);
	qsort(m->rows, m->nrows, sizeof(*m->rows), cmp_row);
	for (k = 0; k < ng && k < m->nrows; k++)
		if (cmp_row(&shown[k], &m->rows[k]))
			break;
	if (ng != m->nrows || k != ng)
		FAIL("the summary shows %zu rows, the records make %zu (row %zu: %llu calls of %u, not %llu)", ng,
		     m->nrows, k, k < ng ? (unsigned long long)shown[k].calls : 0ull, k < ng ? shown[k].tgid : 0,
		     k < m->nrows ? (unsigned long long)m->rows[k].calls : 0ull);
	free(shown);
}

/* Rows of one table in -S's order: larger first, names A to Z, numbers up. */
static void in_order(const struct options *o, const struct got *g, size_t from, size_t to)
{
	size_t k;

	for (k = from + 1; k < to; k++) {
		int c = o->sort == SORT_NAME ? strcmp(g[k - 1].name, g[k].name)
		      : o->sort == SORT_NOTHING ? (int64_t)g[k - 1].key > (int64_t)g[k].key
		      : g[k - 1].key < g[k].key;

		if (c > 0)
			FAIL("summary rows %zu and %zu out of -S %s's order", k - 1, k, sorts[o->sort]);
	}
}

#define SUM_RULE "------ ----------- ----------- ----------- ----------- --------- --------- ----------------"

/* One table of the text summary (rows, rule, total, histograms) from the
 * line after its column heads; rows appended to g. */
static void text_table(struct out *c, uint32_t tgid, struct got *g, size_t *ng)
{
	char line[256], tok[8][48];
	unsigned long long tcalls = 0, terrors = 0, sum_calls = 0, sum_errors = 0, from, to, count, prev_to, most;
	size_t n, first = *ng, k;
	const char *s;
	int t;

	if (!(s = next_line(c, &n)) || !is(s, n, SUM_RULE))
		FAIL("no rule under the summary's heads");
	while ((s = next_line(c, &n)) && !is(s, n, SUM_RULE)) {
		struct got *r = &g[(*ng)++];

		if (n >= sizeof(line))
			FAIL("a summary row of %zu bytes", n);
		memcpy(line, s, n);
		line[n] = '\0';
		t = sscanf(line, "%47s %47s %47s %47s %47s %47s %47s %47s", tok[0], tok[1], tok[2], tok[3], tok[4], tok[5],
			   tok[6], tok[7]);
		if (t != 7 && t != 8)
			FAIL("a summary row: '%s'", line);
		r->tgid = tgid;
		r->calls = strtoull(tok[5], NULL, 10);
		r->errors = t == 8 ? strtoull(tok[6], NULL, 10) : 0;
		snprintf(r->name, sizeof(r->name), "%s", tok[t - 1]);
		if (!r->calls || r->errors > r->calls || (t == 8 && !r->errors) ||
		    strtoull(tok[3], NULL, 10) > strtoull(tok[4], NULL, 10))
			FAIL("calls, errors, min or max of a row: '%s'", line);
		switch (c->o->sort) {
		case SORT_TIME: r->key = (uint64_t)(strtod(tok[1], NULL) * 1e6 + 0.5); break;
		case SORT_CALLS: r->key = r->calls; break;
		case SORT_ERRORS: r->key = r->errors; break;
		case SORT_AVG: r->key = strtoull(tok[2], NULL, 10); break;
		case SORT_MIN: r->key = strtoull(tok[3], NULL, 10); break;
		case SORT_MAX: r->key = strtoull(tok[4], NULL, 10); break;
		default: r->key = 0; break;
		}
		if (c->o->sort == SORT_NOTHING)
			r->key = (uint64_t)INT64_MIN;   /* numbers are not shown */
		sum_calls += r->calls;
		sum_errors += r->errors;
	}
	if (!s)
		FAIL("the summary ends before its second rule");
	in_order(c->o, g, first, *ng);
	if (*ng > first) {
		if (!(s = next_line(c, &n)) || n >= sizeof(line))
			FAIL("no total row");
		memcpy(line, s, n);
		line[n] = '\0';
		t = sscanf(line, "%*s %*s %*s %*s %*s %llu %llu total", &tcalls, &terrors);
		if (t < 1 || tcalls != sum_calls || (t == 2 ? terrors : 0) != sum_errors || n < 6 ||
		    strcmp(line + n - 6, " total"))
			FAIL("the total %llu/%llu is not the rows' %llu/%llu: '%s'", tcalls, terrors, sum_calls, sum_errors, line);
	}
	for (k = first; c->o->histogram && k < *ng; k++) {
		if (!(s = next_line(c, &n)) || n || !(s = next_line(c, &n)) || !is(s, n, g[k].name) ||
		    !(s = next_line(c, &n)) || !is(s, n, "                   nsecs : count    distribution"))
			FAIL("the histogram of %s", g[k].name);
		sum_calls = 0;
		most = 0;
		prev_to = (unsigned long long)-1;
		const char *rows = c->p;

		while (c->p < c->end && c->p[0] != '\n' && (s = next_line(c, &n))) {
			if (n >= sizeof(line))
				FAIL("a histogram row of %zu bytes", n);
			memcpy(line, s, n);
			line[n] = '\0';
			if (sscanf(line, "%llu -> %llu : %llu |", &from, &to, &count) != 3 || line[n - 1] != '|' ||
			    (prev_to != (unsigned long long)-1 && from != prev_to + 1) || to != (from ? 2 * from - 1 : 1))
				FAIL("a histogram row of %s: '%s'", g[k].name, line);
			prev_to = to;
			sum_calls += count;
			most = count > most ? count : most;
		}
		if (sum_calls != g[k].calls)
			FAIL("the histogram of %s counts %llu calls, its row %llu", g[k].name, sum_calls,
			     (unsigned long long)g[k].calls);
		for (c->p = rows; c->p < c->end && c->p[0] != '\n' && (s = next_line(c, &n));) {
			const char *bar = memchr(s, '|', n);

			sscanf(s, "%llu -> %llu : %llu", &from, &to, &count);
			if (!bar || n - (size_t)(bar - s) != 42 || strspn(bar + 1, "*") != count * 40 / most)
				FAIL("a histogram bar of %s: '%.*s'", g[k].name, (int)n, s);
		}
	}
}

static void text_summary(struct out *c, const struct model *m)
{
	static const char heads[] = "% time     seconds  usecs/call   usecs/min   usecs/max     calls    errors syscall";
	struct got *g = calloc(m->nframes + 1, sizeof(*g));
	size_t n, ng = 0, tables = 0, k;
	const char *s;
	uint32_t tgid;

	if (!g)
		FAIL("out of memory");
	while ((s = next_line(c, &n))) {
		tgid = 0;
		if (tables && c->o->per_process && n == 0)
			s = next_line(c, &n);
		if (s && n > 8 && memcmp(s, "process ", 8) == 0) {
			if (!c->o->per_process || digits(s + 8, n - 8) != n - 8 || !(tgid = (uint32_t)number(s + 8, n - 8)))
				FAIL("a process line: '%.*s'", (int)n, s);
			s = next_line(c, &n);
		}
		if (tables && !c->o->per_process)
			FAIL("a second summary table without --per-process");
		if (!s || !is(s, n, heads))
			FAIL("no summary heads: '%.*s'", s ? (int)n : 0, s ? s : "");
		for (k = 0; k < ng; k++)
			if (g[k].tgid >= tgid && (tgid || c->o->per_process))
				FAIL("process %u's table after process %u's", tgid, g[k].tgid);
		text_table(c, tgid, g, &ng);
		tables++;
	}
	if (!tables)
		FAIL("no summary");
	same_rows(m, g, ng);
	free(g);
}

static void json_summary(struct out *c, const struct model *m)
{
	struct got *g = calloc(m->nframes + 1, sizeof(*g));
	uint64_t calls = 0, errors = 0, hist;
	size_t n, ng = 0, from = 0;
	const char *s, *p;
	int64_t v;

	if (!g)
		FAIL("out of memory");
	while ((s = next_line(c, &n)) && n > 18 && memcmp(s, "{\"type\":\"summary\",", 18) == 0) {
		struct got *r = &g[ng++];
		static const char *const keys[] = {
			[SORT_TIME] = "total_ns", [SORT_CALLS] = "calls", [SORT_ERRORS] = "errors", [SORT_NAME] = "nr",
			[SORT_AVG] = "avg_ns", [SORT_MIN] = "min_ns", [SORT_MAX] = "max_ns", [SORT_NOTHING] = "nr",
		};

		if (!json_valid(s, n) || json_int(s, n, "calls", &v) != 1 || !(r->calls = (uint64_t)v) ||
		    json_int(s, n, "errors", &v) != 1 || (r->errors = (uint64_t)v) > r->calls ||
		    json_int(s, n, keys[c->o->sort], &v) != 1)
			FAIL("a summary object: '%.*s'", (int)n, s);
		r->key = (uint64_t)v;
		r->tgid = json_int(s, n, "pid", &v) == 1 ? (uint32_t)v : 0;
		if (r->tgid && !c->o->per_process)
			FAIL("a pid without --per-process: '%.*s'", (int)n, s);
		p = memmem(s, n, "\"syscall\":\"", 11);
		snprintf(r->name, sizeof(r->name), "%.*s", p ? (int)strcspn(p + 11, "\"") : 0, p ? p + 11 : "");
		if (ng > 1 && r->tgid != g[ng - 2].tgid) {
			if (r->tgid < g[ng - 2].tgid)
				FAIL("process %u's objects after process %u's", r->tgid, g[ng - 2].tgid);
			in_order(c->o, g, from, ng - 1);
			from = ng - 1;
		}
		for (hist = 0, p = memmem(s, n, "\"histogram\":[", 13); p && (p = memmem(p, (size_t)(s + n - p), "\"count\":", 8));
		     p += 8)
			hist += number(p + 8, digits(p + 8, (size_t)(s + n - p - 8)));
		if (hist != r->calls)
			FAIL("the histogram counts %llu of %llu calls: '%.*s'", (unsigned long long)hist,
			     (unsigned long long)r->calls, (int)n, s);
		calls += r->calls;
		errors += r->errors;
	}
	in_order(c->o, g, from, ng);
	if (!s || !json_valid(s, n) || n < 26 || memcmp(s, "{\"type\":\"summary_total\",", 24) ||
	    json_int(s, n, "calls", &v) != 1 || (uint64_t)v != calls || json_int(s, n, "errors", &v) != 1 ||
	    (uint64_t)v != errors)
		FAIL("the summary_total is not the objects' %llu calls, %llu errors: '%.*s'", (unsigned long long)calls,
		     (unsigned long long)errors, s ? (int)n : 0, s ? s : "");
	if (next_line(c, &n))
		FAIL("more after the summary_total");
	same_rows(m, g, ng);
	free(g);
}

/* The output's last lines are the not-stored counts, a line for each kind
 * the capture's frames sum to more than 0 (after -c's table, and after the
 * records read before a damage too): checked, then cut off the output. */
static void last_notes(struct out *c, const struct model *m)
{
	static const char *const types[SNOOP_UNSTORED_KINDS] = { "untraced", "unkept" };
	char want[64];
	const char *s;
	size_t n, k;
	int kind;

	for (kind = SNOOP_UNSTORED_KINDS - 1; kind >= 0; kind--) {
		if (!m->unstored[kind])
			continue;
		for (s = c->end - 1; s > c->p && s[-1] != '\n'; s--)
			;
		n = (size_t)(c->end - s);
		k = (size_t)(c->o->json ? snprintf(want, sizeof(want), "{\"type\":\"%s\",\"count\":%llu}\n", types[kind],
						   (unsigned long long)m->unstored[kind])
				       : snprintf(want, sizeof(want), "# %s %llu process", types[kind],
						   (unsigned long long)m->unstored[kind]));
		if (c->end <= c->p || c->end[-1] != '\n' || n < k || memcmp(s, want, k) || (c->o->json && n != k))
			FAIL("the last lines: no '%s' for %llu", types[kind], (unsigned long long)m->unstored[kind]);
		c->end = s;
	}
}

static void check(const struct options *o, struct model *m, int rc, const char *text, size_t len)
{
	struct out c = { text, text + len, o, 0, 0 };
	const char *s;
	size_t n, k;

	at_line = 0;
	if (!m->header_ok) {
		if (rc != 1 || len)
			FAIL("a refused capture header: status %d and %zu bytes of output", rc, len);
		return;
	}
	if (rc != !m->whole)
		FAIL("status %d for a capture %s", rc, m->whole ? "whole" : "damaged");
	last_notes(&c, m);
	if (o->json || o->summary != SUMMARY_ONLY) {
		if (!(s = next_line(&c, &n)) || (o->json ? !json_valid(s, n) || n < 17 || memcmp(s, "{\"type\":\"header\",", 17)
						  : n < 17 || memcmp(s, "# snoop format=3 ", 17)))
			FAIL("no header");
		if (!o->json && (!(s = next_line(&c, &n)) || n < 42 ||
				 memcmp(s, "# time pid tid syscall ret errno duration_", 42)))
			FAIL("no column line");
	}
	for (k = 0; k < m->nlines; k++) {
		if (!(s = next_line(&c, &n)))
			FAIL("%zu lines of records, the capture has %zu", k, m->nlines);
		if (!o->json && m->lines[k].kind != L_LOST && n && (s[0] == '#' || s[0] == '%' || s[0] == 'p'))
			FAIL("'%.*s' where the record of pid %u, %s %d, was due", (int)n, s, m->lines[k].r.pid,
			     m->lines[k].kind == L_EVENT ? "event" : "call", m->lines[k].r.nr);
		if (o->json)
			json_record(&c, s, n, &m->lines[k]);
		else if (m->lines[k].kind == L_LOST)
			text_lost(s, n, &m->lines[k]);
		else
			text_record(&c, s, n, &m->lines[k]);
	}
	if (o->summary && m->whole)
		(o->json ? json_summary : text_summary)(&c, m);
	else if ((s = next_line(&c, &n)))
		FAIL("a line more than the capture's %zu: '%.*s'", m->nlines, (int)n, s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model m = { 0 };
	struct replay_config rc_config;
	struct options o;
	struct args a;
	char err[512], *text;
	uint8_t *capture = NULL;
	const uint8_t *opt = data;
	FILE *was = stderr;
	off_t len;
	int rc;

	if (size < OPT_BYTES)
		return 0;
	data += OPT_BYTES;
	size -= OPT_BYTES;
	if (opt[4] & 1) {
		if (!(capture = malloc(size + 1)))
			FAIL("out of memory");
		reframe(capture, data, size);
		data = capture;
	}
	read_capture(&m, data, size);
	build(&a, opt, &m);
	if (opts_parse(a.n, a.v, &o, err, sizeof(err)) != OPTS_RUN)
		FAIL("options refused: %s", err);
	expect(&m, &o);
	if (ftruncate(cap_fd, 0) || pwrite(cap_fd, data, size, 0) != (ssize_t)size ||
	    ftruncate(out_fd, 0) || lseek(out_fd, 0, SEEK_SET))
		FAIL("memfd");
	stderr = quiet;   /* a damaged capture's one line */
	opts_replay_config(&o, &rc_config);
	rc = replay_sized(&rc_config, NULL, opt[3] & 0x40 ? 1024 : 64);
	stderr = was;
	len = lseek(out_fd, 0, SEEK_CUR);
	text = malloc((size_t)len + 1);
	if (len < 0 || !text || pread(out_fd, text, (size_t)len, 0) != len)
		FAIL("reading the output back");
	check(&o, &m, rc, text, (size_t)len);
	free(text);
	free(capture);
	free(m.frames);
	free(m.lines);
	free(m.rows);
	return 0;
}
