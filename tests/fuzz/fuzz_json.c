/* libFuzzer target: the value writer (record/value.h) on any bytes, in
 * both syntaxes: a string, an fd's path, a struct sockaddr, an execve's
 * whole argv item. Each writes into a buffer of exactly its bound (ASan
 * catches a byte past it); what JSON mode writes must be one valid JSON
 * value (tests/json_check.h), and fmt_json_bytes a string. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "record/argv_whole.h"
#include "record/decoders.h"
#include "record/text.h"
#include "record/value.h"
#include "tests/json_check.h"

/* Each value in text then in JSON; JSON's must be valid. n: the bound. */
static void both(char *out, size_t bound, void (*write)(struct vout *o, const uint8_t *data, size_t size),
		 const uint8_t *data, size_t size)
{
	struct vout o = vout_at(out, 0);

	write(&o, data, size);
	if (o.i > bound)
		abort();
	o = vout_at(out, 1);
	write(&o, data, size);
	if (o.i > bound || !json_valid(out, o.i))
		abort();
}

static void string(struct vout *o, const uint8_t *data, size_t size)
{
	value_str(o, data, size, size & 1);
}

static void fd(struct vout *o, const uint8_t *data, size_t size)
{
	value_fd(o, -2147483648, (const char *)data, size);
}

static void sockaddr(struct vout *o, const uint8_t *data, size_t size)
{
	decode_sockaddr(o, data, size);
}

static void argv_whole(struct vout *o, const uint8_t *data, size_t size)
{
	argv_whole_value(o, data, size, size & 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t bound = 6 * size + 64;
	char *out = malloc(bound);
	size_t n;

	if (!out)
		return 0;
	n = fmt_json_bytes(out, data, size);
	if (n > 6 * size + 2 || !json_valid(out, n) || out[0] != '"')
		abort();
	both(out, bound, string, data, size);
	both(out, bound, fd, data, size);
	both(out, bound, sockaddr, data, size);
	if (size <= ARGV_WHOLE_ITEM_MAX)
		both(out, bound, argv_whole, data, size);
	free(out);
	return 0;
}
