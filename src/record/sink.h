/* sink.h - where records go: text or JSON lines, and/or a binary capture.
 * The sink opens its outputs, owns their buffers, flushes them and knows
 * when one has failed. The live reader and the replay of a capture both
 * feed it, so a capture replays to exactly the text a live run prints. */
#ifndef SNOOP_SINK_H
#define SNOOP_SINK_H

#include <stddef.h>
#include <stdint.h>
#include "record/clock.h"
#include "record/format.h"
#include "record/format_trace_event.h"
#include "record/output.h"
#include "record/report.h"
#include "record/summary.h"

/* sink_open flags */
#define SINK_TEXT 0x1      /* write text (or JSON) lines */
#define SINK_JSON 0x2      /* ... as JSON Lines */
#define SINK_RAW  0x4      /* arguments as six hex registers */
#define SINK_SECONDS 0x8   /* -T: durations in seconds */
#define SINK_NO_RECORDS 0x10  /* -c: the text output is the summary's alone */
#define SINK_TRACE_EVENT 0x20 /* ... as one Trace Event JSON object (record/format_trace_event.h) */
#define SINK_SHOW_CGROUP 0x40 /* --show-cgroup: text lines end in their cgroup (FMT_CGROUP) */
#define SINK_PIDNS 0x80       /* --pidns=target: PIDs as the namespaces number them (FMT_PIDNS) */
#define SINK_STRACE 0x100     /* ... as strace -f -ttt -T lines (record/format_strace.h) */

#define SINK_BUFFER (512 * 1024)   /* per output: more than a record's widest line (FORMAT_RECORD_MAX) with its stack */
#define SINK_STACK_MAX (32 * 1024)  /* -k: one record's stack, text or JSON */

/* Another output of the same records, beside text and capture: --to
 * (src/fleet/) is one. It gets each record as the text line (or, with
 * json, the JSON line) the local output shows, formatted once for both
 * when they agree; with a text line, where its fields are (spans, from
 * the formatter: the tap never parses the line for them; NULL with a
 * JSON line). The sink knows nothing of what it does with them. */
struct sink_tap {
	int json;       /* JSON lines rather than text lines */
	void *arg;
	void (*header)(void *arg, const struct run_info *ri, unsigned mode);
	void (*record)(void *arg, const struct snoop_record *r, const char *line, size_t n,
		       const struct fmt_spans *spans);
	void (*lost)(void *arg, uint64_t count, int cpu);
	void (*unstored)(void *arg, unsigned kind, uint64_t count);   /* sink_unstored's */
	void (*start)(void *arg);    /* at sink_write_behind: background work may start */
	void (*finish)(void *arg);   /* at sink_close, before the outputs close */
	struct sink *sink;      /* set by sink_set_tap: for sink_dropped */
};

struct sink {
	struct output text_out, cap_out;
	struct output *text;     /* &text_out when text is written, else NULL */
	struct output *cap;      /* &cap_out when a capture is written, else NULL */
	const char *text_path, *cap_path;   /* for messages; NULL or "-": stdout */
	int json, no_records;
	unsigned mode;           /* FMT_RAW, FMT_SECONDS, FMT_CGROUP, FMT_PIDNS */
	struct wallclock clock;  /* field 1: wallclock_init() it for -t ... */
	struct summary *sum;     /* replay -c/-C: records counted here (NULL: not) */
	/* -k: writes a record's stack after its line (text) or as its
	 * ,"stack":[...] member (JSON), at most room bytes (trace/stacks.h) */
	size_t (*stack)(void *arg, const struct snoop_record *r, char *dst, size_t room, int json);
	void *stack_arg;
	int sum_per_process;
	uint64_t seq;            /* next capture frame */
	uint64_t records, lost;
	struct fdtable *fds;     /* -y: fds annotated from this table (the caller's) */
	const uint64_t *show;    /* -y with -e: the calls to show (others only feed fds) */
	struct trace_event *te;  /* --format=trace-event: its stream's state, else NULL */
	int te_begun;            /* its header is written: the end closes the object */
	int strace;              /* --format=strace */
	struct sink_tap *tap;    /* --to, or NULL */
	char *tap_line;          /* the tap's line when the local output has another form */
	struct report *report;   /* --html: fed every record written, or NULL (the caller's) */
};

/* Opens the outputs: text to text_path (NULL or "-": stdout) when flags has
 * SINK_TEXT, a capture to cap_path unless it is NULL. "-", /dev/stdout,
 * /dev/stderr and /dev/fd/N are the streams snoop has. A file is created
 * 0600, never through a symbolic link, and an existing file of another user
 * is refused. 0, or -1 after a one-line error on stderr. */
int sink_open(struct sink *s, const char *text_path, const char *cap_path, unsigned flags);
/* Does path name standard output ("-", /dev/stdout, /dev/fd/1; NULL too)? */
int sink_names_stdout(const char *path);
/* Before snoop opens any fd of its own: are the streams -o and -w name
 * (/dev/fd/N ...) open for writing? 0, or -1 after a one-line error. */
int sink_streams_usable(const char *text_path, const char *cap_path);
/* Live: the outputs are written by threads of their own from now on, so
 * that a stalled write(2) holds up buffers, not the reader (output.h).
 * After the -- command is forked: snoop's first fork or clone after the
 * attach is taken for the command's. */
void sink_write_behind(struct sink *s);
/* Does text or capture go to standard output (-, /dev/stdout, none)? */
int sink_writes_stdout(const struct sink *s);
/* Starts writing what is buffered (the reader's idle moments); after
 * sink_write_behind it does not wait for the writes. */
void sink_flush(struct sink *s);
/* Has a write failed? Nothing more is written to that output then. */
int sink_failed(const struct sink *s);
/* Flushes, closes and frees. A reader that went away (EPIPE: | head) is
 * not an error; any other failed write is reported: -1. */
int sink_close(struct sink *s);

/* Feeds tap with every record from now on. 0, or -1 after a one-line error. */
int sink_set_tap(struct sink *s, struct sink_tap *tap);
/* The text output's note that a tap dropped count records for url. */
void sink_dropped(struct sink *s, uint64_t count, const char *url);

/* Checks a record as it arrived (size from the perf buffer or a capture
 * frame): 0 and data and len set, or -1 if it cannot be a record. */
int sink_check(const void *raw, size_t size, struct snoop_record *r, const uint8_t **data, size_t *len);
/* The same for a record of rec_size bytes (a version-1 capture's are
 * shorter: record/capture.h): the fields it lacks are 0. */
int sink_check_sized(const void *raw, size_t size, size_t rec_size, struct snoop_record *r,
		     const uint8_t **data, size_t *len);
void sink_header(struct sink *s, const struct run_info *ri);
void sink_record(struct sink *s, const struct snoop_record *r, const uint8_t *data, size_t len);
void sink_lost(struct sink *s, uint64_t count, int cpu);
/* parent forked child at ts_ns (a SNOOP_REC_FORK record, or a capture's
 * frame of type 4): to the capture, and to -y's fd table; no line. */
void sink_fork(struct sink *s, uint64_t ts_ns, uint32_t parent, uint32_t child);
/* count processes or ends the kernel side could not store (kind:
 * SNOOP_UNSTORED_*), said once at the end of the stream: the text's
 * "# untraced"/"# unkept" note or its JSON, a capture frame, the tap's,
 * the report's. A kind this snoop does not know is ignored. */
void sink_unstored(struct sink *s, unsigned kind, uint64_t count);
/* Text that is not a record (the -c summary), to the text output. */
void sink_text(struct sink *s, const char *text);
/* The -c table (or JSON lines) of sum, sorted by sort (enum summary_sort). */
int sink_summary(struct sink *s, struct summary *sum, int sort, int histogram);

#endif
