/* libFuzzer target: one record as the kernel could hand it over (any
 * syscall number, arguments, capture lengths and flags) and its bytes. Its
 * JSON line must fit FORMAT_RECORD_MAX and be one valid JSON object. */
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include "record/format.h"
#include "record/sink.h"
#include "tests/json_check.h"

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
	}
	return 0;
}
