/* decode_proc.c - processes, signals, threads and time: signal numbers,
 * clone flags, sigprocmask's how, futex operations, clock ids. */
#include "record/decoders.h"
#include "record/text.h"
#include "record/xlat.h"

static size_t put_signal(char *dst, int64_t sig)
{
	const char *name = xlat_name(xlat_signals, (uint64_t)sig);
	size_t i;

	if (name)
		return fmt_str(dst, name, 0);
	if (sig >= 32 && sig <= 64) {   /* the kernel's SIGRTMIN is 32 */
		i = fmt_lit(dst, "SIGRTMIN+");
		return i + fmt_udec(dst + i, (uint64_t)(sig - 32), 0, ' ');
	}
	return fmt_sdec(dst, sig, 0);
}

size_t dec_signal(char *dst, const struct arg *x)
{
	return put_signal(dst, x->i32);
}

/* clone flags: the low byte is the child's exit signal */
size_t dec_clone_flags(char *dst, const struct arg *x)
{
	uint64_t v = x->v;
	size_t i = 0;

	if (v & ~(uint64_t)0xff)
		i = xlat_flags(dst, xlat_clone_flags, v & ~(uint64_t)0xff);
	if (v & 0xff) {
		if (i)
			dst[i++] = '|';
		i += put_signal(dst + i, (int64_t)(v & 0xff));
	}
	return i ? i : fmt_lit(dst, "0");
}

size_t dec_sigmask_how(char *dst, const struct arg *x)
{
	return xlat_value(dst, xlat_sigprocmask_how, x->i32);
}

/* the operation in the low 7 bits, FUTEX_PRIVATE_FLAG and the clock above */
size_t dec_futex_op(char *dst, const struct arg *x)
{
	return xlat_value_flags(dst, xlat_futex_ops, 0x7f, xlat_futex_flags, x->v);
}

size_t dec_clock(char *dst, const struct arg *x)
{
	return xlat_value(dst, xlat_clocks, x->i32);
}
