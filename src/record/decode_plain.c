/* decode_plain.c - the plain kinds of argument: integers as the call
 * takes them, hex, pointers. Every family falls back on dec_pointer when
 * the memory behind an argument was not captured, so these are their own
 * file: decode.c's table calls the families, the families call these. */
#include "record/decoders.h"
#include "record/value.h"

void dec_int(struct vout *o, const struct arg *x)
{
	value_int(o, x->i32);
}

void dec_long(struct vout *o, const struct arg *x)
{
	value_int(o, (int64_t)x->v);
}

void dec_unsigned(struct vout *o, const struct arg *x)
{
	value_uint(o, x->v);
}

void dec_uint(struct vout *o, const struct arg *x)
{
	value_uint(o, (uint32_t)x->v);
}

void dec_uid(struct vout *o, const struct arg *x)
{
	if ((uint32_t)x->v == UINT32_MAX)
		value_int(o, -1);
	else
		value_uint(o, (uint32_t)x->v);
}

/* Text writes zero as strace does (its printf's "%#lx" gives "0"); JSON
 * keeps one type per argument, the "0x..." string. */
void dec_hex(struct vout *o, const struct arg *x)
{
	if (x->v == 0 && !o->json)
		value_uint(o, 0);
	else
		value_hex(o, x->v);
}

void dec_pointer(struct vout *o, const struct arg *x)
{
	value_pointer(o, x->v);
}
