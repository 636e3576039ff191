/* decode_futex.c - futex(2) by its command, as strace shows it: the op's
 * name with its flags, only the arguments the command takes (decode.c's
 * arg_shown asks futex_shows), the waits' timeout, val3 as a bitset or
 * WAKE_OP's operation. */
#include <stdint.h>
#include <linux/futex.h>
#include "record/decode.h"
#include "record/decoders.h"
#include "record/text.h"
#include "record/value.h"
#include "record/xlat.h"

#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13   /* Linux 5.14 */
#endif

/* FUTEX_WAKE_PRIVATE, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME:
 * strace's names for a command and its flags (the clock only with the
 * waits that take it; FUTEX_FD has no private name); a number for others */
void dec_futex_op(struct vout *o, const struct arg *x)
{
	uint32_t op = (uint32_t)x->v, cmd = op & 127;
	const char *name = xlat_name(xlat_futex_ops, cmd);
	int clock_ok = cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAIT_REQUEUE_PI;

	if (!name || (op & ~(127u | FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)) ||
	    ((op & FUTEX_CLOCK_REALTIME) && !clock_ok)) {
		value_hex(o, op);
		return;
	}
	value_text_begin(o);
	o->i += fmt_str(vout_end(o), name, 0);
	if (op & FUTEX_PRIVATE_FLAG)
		o->i += cmd == FUTEX_FD ? fmt_lit(vout_end(o), "|FUTEX_PRIVATE_FLAG") : fmt_lit(vout_end(o), "_PRIVATE");
	if (op & FUTEX_CLOCK_REALTIME)
		o->i += fmt_lit(vout_end(o), "|FUTEX_CLOCK_REALTIME");
	value_text_end(o);
}

/* The arguments after the op each command takes, as bits by index */
int futex_shows(uint64_t op, int a)
{
	unsigned bits;

	switch (op & 127) {
	case FUTEX_WAKE: case FUTEX_FD:
		bits = 0x07;   /* val */
		break;
	case FUTEX_WAIT:
		bits = 0x0f;   /* val, timeout */
		break;
	case FUTEX_LOCK_PI: case FUTEX_LOCK_PI2:
		bits = 0x0b;   /* timeout */
		break;
	case FUTEX_UNLOCK_PI: case FUTEX_TRYLOCK_PI:
		bits = 0x03;
		break;
	case FUTEX_WAIT_BITSET:
		bits = 0x2f;   /* val, timeout, val3 */
		break;
	case FUTEX_WAKE_BITSET:
		bits = 0x27;   /* val, val3 */
		break;
	case FUTEX_REQUEUE: case FUTEX_WAIT_REQUEUE_PI:
		bits = 0x1f;   /* val, val2 or timeout, uaddr2 */
		break;
	default:           /* CMP_REQUEUE, CMP_REQUEUE_PI, WAKE_OP, unknown: all */
		bits = 0x3f;
	}
	return (int)(bits >> a) & 1;
}

void dec_futex_val(struct vout *o, const struct arg *x)
{
	value_uint(o, (uint32_t)x->v);
}

/* A timeout (a timespec) for the waits, val2 (a count) for the requeues
 * and WAKE_OP */
void dec_futex_timeout(struct vout *o, const struct arg *x)
{
	switch (x->r->args[1] & 127) {
	case FUTEX_WAIT: case FUTEX_LOCK_PI: case FUTEX_LOCK_PI2: case FUTEX_WAIT_BITSET: case FUTEX_WAIT_REQUEUE_PI:
		if (x->r->flags & SNOOP_REC_IA32)
			dec_pointer(o, x);   /* a 32-bit timespec */
		else
			dec_timespec(o, x);
		break;
	case FUTEX_REQUEUE: case FUTEX_CMP_REQUEUE: case FUTEX_CMP_REQUEUE_PI: case FUTEX_WAKE_OP:
		value_uint(o, (uint32_t)x->v);
		break;
	default:
		dec_pointer(o, x);
	}
}

/* FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1: WAKE_OP's operation on
 * uaddr2 and its comparison, as strace spells them */
static size_t futex_wake_op(char *dst, uint32_t v)
{
	static const char *const ops[] = { "FUTEX_OP_SET", "FUTEX_OP_ADD", "FUTEX_OP_OR", "FUTEX_OP_ANDN", "FUTEX_OP_XOR" };
	static const char *const cmps[] = { "FUTEX_OP_CMP_EQ", "FUTEX_OP_CMP_NE", "FUTEX_OP_CMP_LT",
					    "FUTEX_OP_CMP_LE", "FUTEX_OP_CMP_GT", "FUTEX_OP_CMP_GE" };
	uint32_t op = v >> 28 & 7, cmp = v >> 24 & 15, oparg = v >> 12 & 0xfff, cmparg = v & 0xfff;
	size_t i = 0;

	if (v >> 28 & 8)
		i += fmt_lit(dst, "FUTEX_OP_OPARG_SHIFT<<28|");
	i += op < 5 ? fmt_str(dst + i, ops[op], 0) : fmt_hex(dst + i, op);   /* strace's hex for others */
	i += fmt_lit(dst + i, "<<28|");
	i += oparg ? fmt_hex(dst + i, oparg) : fmt_lit(dst + i, "0");
	i += fmt_lit(dst + i, "<<12|");
	i += cmp < 6 ? fmt_str(dst + i, cmps[cmp], 0) : fmt_hex(dst + i, cmp);
	i += fmt_lit(dst + i, "<<24|");
	return i + (cmparg ? fmt_hex(dst + i, cmparg) : fmt_lit(dst + i, "0"));
}

/* val3: the bitset of the BITSET commands, CMP_REQUEUE's count, WAKE_OP's
 * operation */
void dec_futex_val3(struct vout *o, const struct arg *x)
{
	uint32_t v = (uint32_t)x->v;

	switch (x->r->args[1] & 127) {
	case FUTEX_WAIT_BITSET: case FUTEX_WAKE_BITSET:
		if (v == FUTEX_BITSET_MATCH_ANY)
			value_sym(o, "FUTEX_BITSET_MATCH_ANY");
		else if (v)
			value_hex(o, v);
		else
			value_uint(o, 0);
		break;
	case FUTEX_CMP_REQUEUE: case FUTEX_CMP_REQUEUE_PI:
		value_uint(o, v);
		break;
	case FUTEX_WAKE_OP:
		value_text_begin(o);
		o->i += futex_wake_op(vout_end(o), v);
		value_text_end(o);
		break;
	default:
		if (v)
			value_hex(o, v);
		else
			value_uint(o, 0);
	}
}
