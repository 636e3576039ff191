/* libFuzzer target: one record as the kernel could hand it over (any
 * syscall number, arguments, capture lengths and flags) and its bytes. Its
 * JSON line must fit FORMAT_RECORD_MAX and be one valid JSON object; its
 * strace line fit the same bound, its trace events (--format=trace-event:
 * names, then the record's) TE_RECORD_MAX and be valid JSON in a list. */
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include "record/format.h"
#include "record/format_strace.h"
#include "record/format_trace_event.h"
#include "record/sink.h"
#include "tests/json_check.h"

/* The record's trace events, as the first of a stream (no comma before),
 * in [ ]: one valid JSON list. The names seen stay known between inputs. */
static void trace_events(const struct snoop_record *r, const uint8_t *caps, size_t len, unsigned mode)
{
	static char list[TE_RECORD_MAX + 2];
	static struct trace_event te;
	static int ready;
	size_t n;

	if (!ready && te_init(&te))
		abort();
	ready = 1;
	te.events = 0;
	n = te_record(list + 1, &te, r, caps, len, mode & FMT_RAW, NULL);
	if (n > TE_RECORD_MAX)
		abort();
	list[0] = '[';
	list[n + 1] = ']';
	if (!json_valid(list, n + 2))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[FORMAT_RECORD_MAX];
	struct snoop_record r;
	const uint8_t *caps;
	size_t len, n;
	unsigned mode;

	if (sink_check(data, size, &r, &caps, &len))
		return 0;
	for (mode = 0; mode <= (FMT_RAW | FMT_SECONDS); mode++) {
		fmt_record(out, &r, caps, len, mode);
		n = fmt_record_json(out, &r, caps, len, mode, NULL, NULL);
		if (n > FORMAT_RECORD_MAX || out[n - 1] != '\n' || !json_valid(out, n - 1))
			abort();
		n = fmt_strace_record(out, &r, caps, len, mode, NULL, NULL);
		if (n > FORMAT_RECORD_MAX || out[n - 1] != '\n')
			abort();
		trace_events(&r, caps, len, mode);
	}
	return 0;
}
