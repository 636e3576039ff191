/* libFuzzer target: one record as the kernel could hand it over (any
 * syscall number, arguments, capture lengths and flags) and its bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "record/format.h"
#include "record/sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[FORMAT_RECORD_MAX];
	struct snoop_record r;
	const uint8_t *caps;
	size_t len;

	if (sink_check(data, size, &r, &caps, &len))
		return 0;
	fmt_record(out, &r, caps, len, 0);
	fmt_record(out, &r, caps, len, 1);
	fmt_record_json(out, &r, caps, len, 0, NULL, NULL);
	return 0;
}
