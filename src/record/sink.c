/* sink.c - see sink.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <asm/unistd.h>
#include "error.h"
#include "record/capture.h"
#include "record/fdtable.h"
#include "record/format_strace.h"
#include "record/ia32.h"
#include "record/outfile.h"
#include "record/sink.h"

/* The names that mean a stream snoop already has: "-" (and no name) for
 * standard output, /dev/stdout, /dev/stderr and /dev/fd/N. These are
 * symbolic links (to /proc/self/fd/N), so open_file's refusal of links
 * would otherwise refuse them. The fd, or -1 for an ordinary path. */
static int stream_fd(const char *path)
{
	char *end;
	long n;

	if (!path || strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0)
		return STDOUT_FILENO;
	if (strcmp(path, "/dev/stderr") == 0)
		return STDERR_FILENO;
	if (strncmp(path, "/dev/fd/", 8) || !path[8])
		return -1;
	n = strtol(path + 8, &end, 10);
	return *end || n < 0 || n > 1 << 20 ? -1 : (int)n;
}

int sink_names_stdout(const char *path)
{
	return stream_fd(path) == STDOUT_FILENO;
}

static const char *display_name(const char *path)
{
	return sink_names_stdout(path) ? "standard output" : path;
}

/* A stream named by -o or -w must be open for writing. */
static int check_stream(const char *path, int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl >= 0 && (fl & O_ACCMODE) != O_RDONLY)
		return 0;
	error_msg("cannot write to %s: file descriptor %d is %s (open it for writing in the shell, e.g. %d>FILE)",
		  path, fd, fl < 0 ? "not open" : "open for reading only", fd);
	return -1;
}

int sink_streams_usable(const char *text_path, const char *cap_path)
{
	const char *paths[2] = { text_path, cap_path };
	int k, fd;

	for (k = 0; k < 2; k++)
		if (paths[k] && (fd = stream_fd(paths[k])) >= 0 && check_stream(paths[k], fd))
			return -1;
	return 0;
}

/* A stream snoop already has, or a file (record/outfile.h). */
static int open_file(const char *path, int *stale)
{
	int fd = stream_fd(path);

	if (fd < 0)
		return outfile_open(path, stale);
	if (check_stream(path, fd))
		return -1;
	/* /dev/fd/N: a copy, so closing the output leaves the caller's fd */
	return fd <= STDERR_FILENO ? fd : fcntl(fd, F_DUPFD_CLOEXEC, 3);
}

static struct output *open_output(struct output *o, const char *path, char unit_end)
{
	int stale = 0, fd = open_file(path, &stale);

	if (fd < 0)
		return NULL;
	if (output_init(o, fd, SINK_BUFFER, unit_end)) {
		error_msg("out of memory for the output buffer of %s", display_name(path));
		if (fd > STDERR_FILENO)
			close(fd);
		return NULL;
	}
	o->truncate_first = stale;
	return o;
}

static int same_file(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int open_trace_event(struct sink *s)
{
	if ((s->te = malloc(sizeof(*s->te))) && te_init(s->te) == 0)
		return 0;
	free(s->te);
	s->te = NULL;
	error_msg("out of memory for --format=trace-event");
	return -1;
}

int sink_open(struct sink *s, const char *text_path, const char *cap_path, unsigned flags)
{
	memset(s, 0, sizeof(*s));
	s->text_path = text_path;
	s->cap_path = cap_path;
	s->mode = (flags & SINK_RAW ? FMT_RAW : 0) | (flags & SINK_SECONDS ? FMT_SECONDS : 0) |
		  (flags & SINK_SHOW_CGROUP ? FMT_CGROUP : 0) | (flags & SINK_PIDNS ? FMT_PIDNS : 0);
	s->json = !!(flags & SINK_JSON);
	s->no_records = !!(flags & SINK_NO_RECORDS);
	s->strace = !!(flags & SINK_STRACE);
	wallclock_init(&s->clock, TIME_RAW, 0);
	if ((flags & SINK_TEXT) && !(s->text = open_output(&s->text_out, text_path, '\n')))
		return -1;
	if (cap_path && !(s->cap = open_output(&s->cap_out, cap_path, 0))) {
		sink_close(s);
		return -1;
	}
	if (s->text && s->cap && same_file(s->text->fd, s->cap->fd)) {
		error_msg("-o %s and -w %s are the same file: the text and the capture would overwrite each other (give two files)",
			  display_name(text_path), display_name(cap_path));
		sink_close(s);
		return -1;
	}
	if ((flags & SINK_TRACE_EVENT) && s->text && open_trace_event(s)) {
		sink_close(s);
		return -1;
	}
	return 0;
}

void sink_write_behind(struct sink *s)
{
	/* without the thread the writes stay the reader's: slower, not wrong */
	if (s->text)
		output_async(s->text);
	if (s->cap)
		output_async(s->cap);
	if (s->tap && s->tap->start)
		s->tap->start(s->tap->arg);
}

int sink_writes_stdout(const struct sink *s)
{
	return (s->text && s->text->fd == STDOUT_FILENO) || (s->cap && s->cap->fd == STDOUT_FILENO);
}

void sink_flush(struct sink *s)
{
	if (s->text)
		output_push(s->text);
	if (s->cap)
		output_push(s->cap);
}

int sink_failed(const struct sink *s)
{
	return (s->text && output_failed(s->text)) || (s->cap && output_failed(s->cap));
}

/* Writes what is buffered, closes, frees; -1 if a write failed. */
static int close_output(struct output *out, const char *path)
{
	int rc = 0;

	if (!out)
		return 0;
	if (output_flush(out) && out->error != EPIPE) {
		errno = out->error;
		perror_msg("write to %s", display_name(path));
		rc = -1;
	}
	if (out->fd > STDERR_FILENO)
		close(out->fd);
	output_free(out);
	return rc;
}

int sink_set_tap(struct sink *s, struct sink_tap *tap)
{
	tap->sink = s;
	if (!(s->tap_line = malloc(FORMAT_RECORD_MAX))) {
		error_msg("out of memory for the records of --to");
		return -1;
	}
	s->tap = tap;
	return 0;
}

int sink_close(struct sink *s)
{
	char *dst;
	int rc;

	if (s->tap && s->tap->finish)
		s->tap->finish(s->tap->arg);
	s->tap = NULL;
	free(s->tap_line);
	s->tap_line = NULL;
	/* the object closed at every end: a stop by a signal leaves valid JSON */
	if (s->te && s->te_begun && s->text && (dst = output_reserve(s->text, TE_NOTE_MAX)))
		output_commit(s->text, te_end(dst));
	if (s->te) {
		te_free(s->te);
		free(s->te);
		s->te = NULL;
	}
	rc = close_output(s->text, s->text_path);

	rc |= close_output(s->cap, s->cap_path);
	s->text = s->cap = NULL;
	return rc;
}

/* Items no larger than the BPF side writes them: a capture is anyone's
 * file, and the decoders' bounds (decode.h's DECODE_MAX) count on it. An
 * execve's whole argv (record/argv_whole.h) is the one larger item. */
static int items_fit(const struct snoop_record *r)
{
	int argv_arg = r->nr == __NR_execve ? 1 : r->nr == __NR_execveat ? 2 : -1;

	if (r->mem_len[0] > SNOOP_MEM_BYTES)
		return 0;
	if (r->mem_len[1] <= SNOOP_MEM_BYTES)
		return 1;
	return (r->flags & SNOOP_REC_ARGV_WHOLE) && !(r->flags & SNOOP_REC_IA32) && argv_arg >= 0 &&
	       r->mem_arg[1] == argv_arg && r->mem_len[1] <= ARGV_WHOLE_ITEM_READ_MAX;
}

int sink_check(const void *raw, size_t size, struct snoop_record *r, const uint8_t **data, size_t *len)
{
	return sink_check_sized(raw, size, sizeof(*r), r, data, len);
}

int sink_check_sized(const void *raw, size_t size, size_t rec_size, struct snoop_record *r,
		     const uint8_t **data, size_t *len)
{
	if (size < rec_size || rec_size > sizeof(*r))
		return -1;
	if (rec_size == sizeof(*r)) {   /* every live record: a copy of known size, inlined */
		memcpy(r, raw, sizeof(*r));   /* perf data is only 4-byte aligned */
	} else {
		memset(r, 0, sizeof(*r));     /* what an older record lacks is 0 */
		memcpy(r, raw, rec_size);
	}
	*data = (const uint8_t *)raw + rec_size;
	*len = size - rec_size;
	/* the perf buffer pads records; more claimed than arrived is damage */
	if ((size_t)r->mem_len[0] + r->mem_len[1] > *len || !items_fit(r))
		return -1;
	*len = (size_t)r->mem_len[0] + r->mem_len[1];
	return 0;
}

void sink_header(struct sink *s, const struct run_info *ri)
{
	char text[FORMAT_HEADER_MAX];
	size_t n;
	char *dst;

	/* -c: the table alone, as strace -c; JSON keeps its header first */
	if (s->text && s->te && (dst = output_reserve(s->text, TE_HEADER_MAX))) {
		output_commit(s->text, te_header(dst, ri, s->mode));
		s->te_begun = 1;
	} else if (s->text && !s->strace && (!s->no_records || s->json)) {   /* strace writes no header */
		dst = output_reserve(s->text, FORMAT_HEADER_MAX);
		if (dst)
			output_commit(s->text, s->json ? fmt_header_json(dst, ri, s->mode) : fmt_header(dst, ri, s->mode));
	}
	if (s->cap) {
		n = fmt_header(text, ri, s->mode & FMT_RAW);   /* a capture's records are in ns */
		dst = output_reserve(s->cap, CAP_HEADER_FIXED + n);
		if (dst)
			output_commit(s->cap, cap_put_header((uint8_t *)dst, text, n));
	}
	if (s->tap)
		s->tap->header(s->tap->arg, ri, s->mode);
	if (s->report)
		report_header(s->report, ri);
}

/* One frame: the payload is a then b (a record, then its captured bytes). */
static void write_capture(struct sink *s, uint32_t type, const void *a, size_t an,
			  const void *b, size_t bn)
{
	uint8_t *dst = (uint8_t *)output_reserve(s->cap, CAP_FRAME_HEAD + an + bn);
	size_t i;

	if (!dst)
		return;
	i = cap_put_frame_head(dst, type, s->seq++, an + bn);
	memcpy(dst + i, a, an);
	if (bn)
		memcpy(dst + i + an, b, bn);
	output_commit(s->cap, i + an + bn);
}

/* -y with -e: a call traced only for the fd table */
static int hidden(const struct sink *s, const struct snoop_record *r)
{
	return s->show && !(r->flags & (SNOOP_REC_SIGNAL | SNOOP_REC_EXIT)) && !record_in_set(s->show, r);
}

/* The record's line, as the local output shows it or as the tap wants it;
 * a text line's fields in *spans unless it is NULL. */
static size_t format_line(struct sink *s, char *dst, int json, const struct snoop_record *r,
			  const uint8_t *data, size_t len, const char *time_text, struct fmt_spans *spans)
{
	return json ? fmt_record_json(dst, r, data, len, s->mode, time_text, s->fds)
		    : fmt_record_at(dst, r, data, len, s->mode, time_text, s->fds, spans);
}

/* -k: the stack lines after the record's line, or its JSON member
 * before the object's closing brace. */
static size_t line_with_stack(struct sink *s, char *dst, const struct snoop_record *r, const uint8_t *data,
			      size_t len, const char *time_text)
{
	size_t n;

	if (!s->json) {
		n = fmt_record_at(dst, r, data, len, s->mode, time_text, s->fds, NULL);
		return n + s->stack(s->stack_arg, r, dst + n, SINK_STACK_MAX, 0);
	}
	n = fmt_call_json_open(dst, r, data, len, s->mode, time_text, s->fds);
	n += s->stack(s->stack_arg, r, dst + n, SINK_STACK_MAX - 2, 1);
	return n + fmt_lit(dst + n, "}\n");
}

/* Does the tap take the local output's line (it has that form, and no
 * stack in it)? */
static int tap_takes_local(const struct sink *s)
{
	return s->json == s->tap->json && !s->stack && !s->te && !s->strace;
}

/* The local output's line in the forms other tools read (--format=
 * trace-event, strace), else snoop's own. */
static size_t local_line(struct sink *s, char *dst, const struct snoop_record *r, const uint8_t *data,
			 size_t len, const char *time_text, struct fmt_spans *spans)
{
	if (s->te)
		return te_record(dst, s->te, r, data, len, s->mode, s->fds);
	if (s->strace)
		return fmt_strace_record(dst, r, data, len, s->mode, time_text, s->fds);
	return format_line(s, dst, s->json, r, data, len, time_text, spans);
}

/* The tap's line: the local output's (dst, n, spans) when it takes it,
 * else formatted once more. */
static void to_tap(struct sink *s, const struct snoop_record *r, const uint8_t *data, size_t len,
		   const char *time_text, const char *dst, size_t n, const struct fmt_spans *spans)
{
	struct fmt_spans own, *mine;

	if (!dst || !tap_takes_local(s)) {
		mine = s->tap->json ? NULL : &own;
		dst = s->tap_line;
		n = format_line(s, s->tap_line, s->tap->json, r, data, len, time_text, mine);
		spans = mine;
	}
	s->tap->record(s->tap->arg, r, dst, n, spans);
}

void sink_record(struct sink *s, const struct snoop_record *r, const uint8_t *data, size_t len)
{
	char when[CLOCK_TEXT_MAX], *dst = NULL;
	const char *time_text = NULL;
	struct fmt_spans spans, *sp = NULL;
	size_t n = 0;
	int learnt = 0;

	if (hidden(s, r)) {
		fdtable_learn(s->fds, r, data, len);
		return;
	}
	if (s->fds && fdtable_learns_first(r)) {   /* pipe2([3<pipe>, 4<pipe>], 0) */
		fdtable_learn(s->fds, r, data, len);
		learnt = 1;
	}
	s->records++;
	if (s->cap)
		write_capture(s, CAP_RECORD, r, sizeof(*r), data, len);
	if (s->sum && summary_add_record(s->sum, r, s->sum_per_process))
		s->sum = NULL;   /* out of memory: the caller reports the summary as incomplete */
	if (s->report)   /* before fdtable_learn, as the line: close(3) still shows what 3 was */
		report_record(s->report, r, data, len, s->fds);
	if ((!s->text || s->no_records) && !s->tap)
		return;
	if (s->clock.mode != TIME_RAW) {
		wallclock_text(&s->clock, r->ts_ns, when);
		time_text = when;
	}
	if (s->tap && !s->tap->json && tap_takes_local(s))
		sp = &spans;   /* the tap's text line is this one: its fields with it */
	if (s->text && !s->no_records &&
	    (dst = output_reserve(s->text, (s->te ? TE_RECORD_MAX : FORMAT_RECORD_MAX) + (s->stack ? SINK_STACK_MAX : 0)))) {
		if (s->stack && !(r->flags & (SNOOP_REC_SIGNAL | SNOOP_REC_EXIT)))
			n = line_with_stack(s, dst, r, data, len, time_text);
		else
			n = local_line(s, dst, r, data, len, time_text, sp);
		output_commit(s->text, n);
	}
	if (s->tap)
		to_tap(s, r, data, len, time_text, dst, n, sp);
	/* after the line: close(3) still shows what 3 was */
	if (s->fds && !learnt)
		fdtable_learn(s->fds, r, data, len);
}

void sink_lost(struct sink *s, uint64_t count, int cpu)
{
	struct cap_lost l = { .count = count, .cpu = (uint32_t)cpu };
	char *dst;

	s->lost += count;
	if (s->cap)
		write_capture(s, CAP_LOST, &l, sizeof(l), NULL, 0);
	if (s->text && s->te && (dst = output_reserve(s->text, TE_NOTE_MAX)))
		output_commit(s->text, te_lost(dst, s->te, count, cpu));
	else if (s->text && (dst = output_reserve(s->text, 128)))
		output_commit(s->text, s->json ? fmt_lost_json(dst, count, cpu) : fmt_lost(dst, count, cpu));
	if (s->tap)
		s->tap->lost(s->tap->arg, count, cpu);
	if (s->report)
		report_lost(s->report, count, cpu);
}

void sink_fork(struct sink *s, uint64_t ts_ns, uint32_t parent, uint32_t child)
{
	struct cap_fork f = { .ts_ns = ts_ns, .parent = parent, .child = child };

	if (s->cap)
		write_capture(s, CAP_FORK, &f, sizeof(f), NULL, 0);
	if (s->fds)
		fdtable_fork(s->fds, parent, child);
}

void sink_unstored(struct sink *s, unsigned kind, uint64_t count)
{
	struct cap_unstored u = { .count = count, .kind = kind };
	char *dst;

	if (!fmt_unstored_type(kind) || !count)
		return;
	if (s->cap)
		write_capture(s, CAP_UNSTORED, &u, sizeof(u), NULL, 0);
	if (s->text && s->te && (dst = output_reserve(s->text, TE_NOTE_MAX)))
		output_commit(s->text, te_unstored(dst, s->te, kind, count));
	else if (s->text && (dst = output_reserve(s->text, FMT_UNSTORED_MAX)))
		output_commit(s->text, s->json ? fmt_unstored_json(dst, kind, count) : fmt_unstored(dst, kind, count));
	if (s->tap && s->tap->unstored)
		s->tap->unstored(s->tap->arg, kind, count);
	if (s->report)
		report_unstored(s->report, kind, count);
}

void sink_dropped(struct sink *s, uint64_t count, const char *url)
{
	char *dst;

	if (s->report)
		report_dropped(s->report, count, url);
	if (s->text && s->te && (dst = output_reserve(s->text, TE_NOTE_MAX)))
		output_commit(s->text, te_dropped(dst, s->te, count, url));
	else if (s->text && (dst = output_reserve(s->text, 8 * FMT_URL_MAX)))
		output_commit(s->text, s->json ? fmt_dropped_json(dst, count, url) : fmt_dropped(dst, count, url));
}

void sink_text(struct sink *s, const char *text)
{
	size_t n = strlen(text), part;
	char *dst;

	while (s->text && n) {
		part = n < SINK_BUFFER ? n : SINK_BUFFER;
		if (!(dst = output_reserve(s->text, part)))
			return;
		memcpy(dst, text, part);
		output_commit(s->text, part);
		text += part;
		n -= part;
	}
}

int sink_summary(struct sink *s, struct summary *sum, int sort, int histogram)
{
	char *text = s->json ? summary_json(sum, sort) : summary_text(sum, sort, histogram);

	if (!text) {
		error_msg("out of memory for the summary");
		return -1;
	}
	sink_text(s, text);
	free(text);
	return 0;
}
