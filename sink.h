/* sink.h - where records go: text or JSON lines, and/or a binary capture.
 * The live reader and the replay of a capture both feed it, so a capture
 * replays to exactly the text a live run prints. */
#ifndef SNOOP_SINK_H
#define SNOOP_SINK_H

#include <stddef.h>
#include <stdint.h>
#include "format.h"
#include "output.h"

struct sink {
	struct output *text;     /* text or JSON lines; NULL for none */
	struct output *cap;      /* binary capture; NULL for none */
	int raw, json;
	int time_mode;           /* TIME_RAW, TIME_ISO (needs boot_ns), TIME_RELATIVE */
	uint64_t boot_ns;        /* wall clock at monotonic 0, for TIME_ISO */
	uint64_t first_ts;       /* TIME_RELATIVE: the first record's time */
	int have_first;
	uint64_t seq;            /* next capture frame */
	uint64_t records, lost;
};

/* Checks a record as it arrived (size from the perf buffer or a capture
 * frame): 0 and data and len set, or -1 if it cannot be a record. */
int sink_check(const void *raw, size_t size, struct snoop_record *r, const uint8_t **data, size_t *len);
void sink_header(struct sink *s, const struct run_info *ri);
void sink_record(struct sink *s, const struct snoop_record *r, const uint8_t *data, size_t len);
void sink_lost(struct sink *s, uint64_t count, int cpu);
/* "2026-11-22T00:11:24.123456789+00:00" for a wall-clock time in ns. */
size_t fmt_iso_time(char *dst, uint64_t wall_ns);

#endif
