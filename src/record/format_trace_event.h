/* format_trace_event.h - records in the Chrome Trace Event format, the
 * JSON object Perfetto UI, chrome://tracing and speedscope open
 * (--format=trace-event; docs/FORMAT.md "Trace Event format"):
 *
 *   {"displayTimeUnit":"ns","otherData":{...the JSON header...},"traceEvents":[
 *   {"name":"thread_name","ph":"M","pid":7052,"tid":7052,"args":{"name":"cat"}},
 *   {"name":"openat","cat":"syscall","ph":"X","pid":7052,"tid":7052,
 *    "ts":123.456789,"dur":0.012,"args":{...the record's JSON object...}},
 *   ...
 *   ]}
 *
 * One complete event ("X") per syscall record on its thread's track,
 * instants ("i") for signals, process ends and losses, metadata ("M") for
 * the names of processes and threads as their records show them. Events
 * are written as records come (a live trace streams) and the closing
 * "]}" by te_end at any end. No stdio, no malloc but te_init's: the
 * record path.
 */
#ifndef SNOOP_FORMAT_TRACE_EVENT_H
#define SNOOP_FORMAT_TRACE_EVENT_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "record/format.h"

/* Upper bound of te_record: the record's object (FORMAT_RECORD_MAX, its
 * arguments' text escaped in it), the event around it and the names
 * before it. */
#define TE_RECORD_MAX (FORMAT_RECORD_MAX + 1024)
/* ... of te_header, te_lost, te_dropped, te_unstored, te_end */
#define TE_HEADER_MAX (FORMAT_HEADER_MAX + 128)
#define TE_NOTE_MAX (8 * FMT_URL_MAX + 512)
/* Names kept of processes, threads and CPUs (a name is written again
 * only when it changes); past this many, new ones get none. */
#define TE_NAMES 98304

struct te_name;

/* One stream's state: where its events stand and the names written. */
struct trace_event {
	uint64_t events;      /* written: every one after the first follows a comma */
	uint64_t last_ts;     /* the latest record's time: where a loss is marked */
	int lost_named;       /* the losses' process track has its name */
	char *text;           /* DECODE_MAX bytes: a call's argument text before its escape */
	struct te_name *names;
	size_t nnames, used;
};

/* 0, or -1 (out of memory). */
int te_init(struct trace_event *t);
void te_free(struct trace_event *t);

/* {"displayTimeUnit":"ns","otherData":HEADER,"traceEvents":[\n: the run's
 * JSON header (format.h's fmt_header_json) is the anchor: ts is
 * microseconds of the monotonic clock, boot_realtime_ns its wall-clock 0. */
size_t te_header(char *dst, const struct run_info *ri, unsigned mode);
/* A record's event, after the metadata events its names need. mode:
 * FMT_RAW. fds: -y's table, or NULL. */
size_t te_record(char *dst, struct trace_event *t, const struct snoop_record *r, const uint8_t *data,
		 size_t len, unsigned mode, struct fdtable *fds);
/* count records lost on cpu: an instant on that CPU's track */
size_t te_lost(char *dst, struct trace_event *t, uint64_t count, int cpu);
/* count records a --to destination did not send: a global instant */
size_t te_dropped(char *dst, struct trace_event *t, uint64_t count, const char *url);
/* count processes or ends the kernel side could not store (kind:
 * SNOOP_UNSTORED_*): a global instant named as the text's note, "cat" its
 * type ("untraced", "unkept"); 0 for a kind unknown */
size_t te_unstored(char *dst, struct trace_event *t, unsigned kind, uint64_t count);
/* \n]}\n: what closes the object, whatever ended the trace */
size_t te_end(char *dst);

#endif
