/* format.h - text of snoop's records, written into caller buffers.
 *
 * No stdio, no malloc, no locale: the record path formats integers with its
 * own code. Every function writes into dst and returns the number of bytes
 * written; callers guarantee room (FORMAT_RECORD_MAX for a record). See
 * docs/FORMAT.md for the grammar.
 */
#ifndef SNOOP_FORMAT_H
#define SNOOP_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "record/cgtable.h"
#include "record/decode.h"
#include "record/text.h"

/* Column widths (docs/FORMAT.md). A value wider than its column is printed
 * whole: it widens that line, it is never cut. */
#define FMT_W_PID 7       /* PID_MAX_LIMIT is 4194304: always fits */
#define FMT_W_NAME 16
#define FMT_W_RET 16      /* user-space pointers (47 bits) fit */
#define FMT_W_ERRNO 12     /* ECONNREFUSED, ENAMETOOLONG fit */
#define FMT_W_DUR 10      /* ns: up to ~10 s fits */

/* Upper bound of one record line, widest values and captures included. */
#define FORMAT_RECORD_MAX (DECODE_JSON_MAX + 2048)

/* What the header says about the run (all text, as printed). */
struct run_info {
	char boot_realtime[32];   /* SSSSSSSSSS.NNNNNNNNN */
	char host[256];
	char kernel[128];
	char arch[65];     /* utsname machine */
	char pid[16];
	char cmdline[4096];
	char select[1024];        /* -a, --cgroup, -u: "all", "cgroup:DIR,user:NAME"; "" without */
	char cgroups[CGTABLE_TEXT_MAX];    /* record/cgtable.h's text: the cgroups records may name; "" without */
	/* boot_realtime and pid as numbers, set with the texts
	 * (record/run_info.h); known 0: a capture's header held no number */
	uint64_t boot_ns, pid_num;
	int boot_known, pid_known;
};
/* Upper bound of either header: in JSON a byte of a field can take 6 (an
 * invalid byte's \udcXX, a control byte's \u00XX), and a replayed
 * capture's header may hold any bytes. */
#define FORMAT_HEADER_MAX (sizeof(struct run_info) * 6 + 512)
#define FORMAT_VERSION 3          /* the format= of headers; docs/FORMAT.md */

/* How field 1 shows a record's time (-t -tt -ttt --iso-time
 * --relative-timestamps; record/clock.h writes the wall-clock ones). */
enum time_mode {
	TIME_RAW,        /* SSSSSSSSSS.NNNNNNNNN of the monotonic clock */
	TIME_CLOCK,      /* -t: HH:MM:SS, local time */
	TIME_CLOCK_US,   /* -tt: HH:MM:SS.uuuuuu */
	TIME_EPOCH_US,   /* -ttt: seconds since the epoch .uuuuuu */
	TIME_ISO,        /* ISO 8601 wall-clock time with ns, local time zone */
	TIME_DELTA,      /* since the previous record (strace -r), same shape as raw */
};

/* The modes of the formatters below (a bit set, "mode" wherever it goes) */
#define FMT_RAW 0x1       /* the six argument registers in hex */
#define FMT_SECONDS 0x2   /* field 7 in seconds, 6 decimals (-T) */
#define FMT_CGROUP 0x10   /* --show-cgroup: text lines end in " [cgroup=ID,container=NAME]" */
#define FMT_PIDNS 0x20    /* --pidns=target: pid and tid as the process's own PID
			   * namespace numbers them (JSON adds host_pid, host_tid) */

/* --pidns=target (FMT_PIDNS): a record's pid and tid as its own PID
 * namespace numbers them, the host's when it holds none (a capture of
 * a run without it) */
static inline uint32_t record_pid(const struct snoop_record *r, unsigned mode)
{
	return (mode & FMT_PIDNS) && r->ns_pid ? r->ns_pid : r->pid;
}

static inline uint32_t record_tid(const struct snoop_record *r, unsigned mode)
{
	return (mode & FMT_PIDNS) && r->ns_tid ? r->ns_tid : r->tid;
}

/* The call's name: "sys_NNN" for numbers the table does not know (newer
 * kernels); an ia32 call's from the ia32 table. */
size_t fmt_syscall_name(char *dst, const struct snoop_record *r);
/* "ENOENT", or "E4000" for an error number without a name; ret is in the
 * error range -4095..-1. */
size_t fmt_errno_name(char *dst, int64_t ret);

/* "# snoop format=3 ...\n# time pid ...\n" */
/* mode: FMT_RAW, FMT_SECONDS (the column line names field 7 duration_s) */
size_t fmt_header(char *dst, const struct run_info *ri, unsigned mode);
/* Its first line, "# snoop format=3 ... cmdline=...", without the '\n' */
size_t fmt_header_line(char *dst, const struct run_info *ri, unsigned mode);
/* {"type":"header",...}\n */
size_t fmt_header_json(char *dst, const struct run_info *ri, unsigned mode);
/* Value of key=VALUE in a header line (cmdline= runs to the end of the
 * line); 0, or -1 when absent. */
int header_field(const char *text, const char *key, char *out, size_t outlen);

/* The fields of a record's text line: what fmt_record_at wrote where, for
 * an output that shows them one by one (--to's RFC 5424 parameters) and
 * must not parse the line back for them. A syscall's line has the first
 * eight, a signal's (--- SIGNAL SIGINFO ---) time, pid, tid and its two, a
 * process end's (+++ exited with STATUS +++, +++ killed by KILLED_BY +++)
 * time, pid, tid and one; the others are {0, 0}. A span has no padding:
 * "   7052" is pid's 4 bytes. */
enum fmt_field {
	FMT_F_TIME, FMT_F_PID, FMT_F_TID,
	FMT_F_SYSCALL, FMT_F_RET, FMT_F_ERRNO, FMT_F_DURATION,
	FMT_F_ARGS,        /* to the line's end, '\n' excluded: " <unfinished ...>" with them */
	FMT_F_SIGNAL, FMT_F_SIGINFO,
	FMT_F_STATUS, FMT_F_KILLED_BY,
	FMT_FIELDS
};
struct fmt_span {
	uint32_t off, len;   /* bytes from the line's start; a line can be longer than 64 KiB */
};
struct fmt_spans {
	struct fmt_span f[FMT_FIELDS];
};

/* One text line, '\n' included: fields 1-7, then the decoded arguments
 * "(a, b)" or, with FMT_RAW, the six argument registers in hex. data/len:
 * the memory captured with the record. */
size_t fmt_record(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len, unsigned mode);
/* The same, with field 1 replaced by time_text (replay -t), fds
 * annotated from fds (-y), and where each field went in *spans unless it
 * is NULL (the local output's case, which pays nothing for it). */
struct fdtable;
size_t fmt_record_at(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
		     unsigned mode, const char *time_text, struct fdtable *fds, struct fmt_spans *spans);
/* The same record as one JSON object and '\n' (JSON Lines): time_text,
 * if any, as "time_text" beside "time_ns"; with FMT_RAW no "args". */
size_t fmt_record_json(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
		       unsigned mode, const char *time_text, struct fdtable *fds);
/* A syscall record's object (not a signal's or an end's) without its
 * closing "}\n", for a caller that adds members ("stack" with -k,
 * "datagram_cut" with --to): then "}\n" closes it. */
size_t fmt_call_json_open(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
			  unsigned mode, const char *time_text, struct fdtable *fds);
/* The same object with "args" as one string, the arguments' text
 * ("(AT_FDCWD, \"/etc\", O_RDONLY)", what a text line shows) rather
 * than typed values: text is DECODE_MAX bytes of room for that text
 * before its JSON escape. (--format=trace-event's args.) */
size_t fmt_call_json_text(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
			  unsigned mode, const char *time_text, struct fdtable *fds, char *text);
/* A process end's words, as strace writes them between "+++ " and
 * " +++": "exited with 0", "killed by SIGKILL". */
size_t fmt_process_end(char *dst, const struct snoop_record *r);
/* "# lost N records on cpu C\n", or its JSON object */
size_t fmt_lost(char *dst, uint64_t lost, int cpu);
size_t fmt_lost_json(char *dst, uint64_t lost, int cpu);
/* "# dropped N records for URL (...)\n": records a --to destination did
 * not send (its buffer was full, or they still waited at exit); or its JSON object. url: at most
 * FMT_URL_MAX bytes of printable text */
#define FMT_URL_MAX 300
size_t fmt_dropped(char *dst, uint64_t count, const char *url);
size_t fmt_dropped_json(char *dst, uint64_t count, const char *url);
/* What the kernel side could not store (kind: SNOOP_UNSTORED_*), said
 * once at the end of the stream: "# untraced N processes (...)\n" or
 * "# unkept N process ends (...)\n", or its JSON object
 * {"type":"untraced"|"unkept","count":N}. fmt_unstored_type gives that
 * type ("untraced", "unkept"; NULL for a kind this snoop does not know). */
#define FMT_UNSTORED_MAX 192
const char *fmt_unstored_type(unsigned kind);
/* "untraced 3 processes", "unkept 1 process end": the note's words
 * without its "# " and reason (Trace Event's name); 0 for an unknown kind */
size_t fmt_unstored_what(char *dst, unsigned kind, uint64_t count);
size_t fmt_unstored(char *dst, unsigned kind, uint64_t count);
size_t fmt_unstored_json(char *dst, unsigned kind, uint64_t count);
#endif
