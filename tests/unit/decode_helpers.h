/* decode_helpers.h - what the decoder tests share: a record of a named
 * syscall, a captured memory item attached to it, and STR() to read what a
 * decoder wrote into out. Included by one test file each (static). */
#ifndef SNOOP_TEST_DECODE_HELPERS_H
#define SNOOP_TEST_DECODE_HELPERS_H

#include <criterion/criterion.h>
#include "record/decode.h"
#include "record/syscalls.h"

static char out[DECODE_JSON_MAX + 1];
#define STR(call) (out[(call)] = '\0', out)

static inline struct snoop_record rec(const char *name, uint64_t a0, uint64_t a1, uint64_t a2,
				      uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct snoop_record r = { .nr = (int32_t)syscall_number(name), .args = { a0, a1, a2, a3, a4, a5 } };

	cr_assert_geq(r.nr, 0, "%s", name);
	return r;
}

/* Attaches one captured item for argument a. */
static inline void cap(struct snoop_record *r, int item, int a, size_t len, int flags)
{
	r->mem_arg[item] = (uint8_t)a;
	r->mem_len[item] = (uint16_t)len;
	r->mem_flags[item] = (uint8_t)(flags | SNOOP_MEM_DONE);
}

#endif
