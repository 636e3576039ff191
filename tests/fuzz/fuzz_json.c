/* libFuzzer target: json_from_text on any text, and fmt_json_bytes on any
 * bytes. Each writes into a buffer of exactly its documented bound (ASan
 * catches a byte past it), and what it writes must be one valid JSON value
 * (tests/json_check.h). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "record/json.h"
#include "record/text.h"
#include "tests/json_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = malloc(JSON_VALUE_MAX(size));
	size_t n;
	int cut = 0;

	if (!out)
		return 0;
	n = json_from_text(out, (const char *)data, size, &cut);
	if (n > JSON_VALUE_MAX(size) || !json_valid(out, n))
		abort();
	n = fmt_json_bytes(out, data, size);
	if (n > 6 * size + 2 || !json_valid(out, n) || out[0] != '"')
		abort();
	free(out);
	return 0;
}
