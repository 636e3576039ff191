/* decode_proc.c - processes, signals, threads and time: signal numbers,
 * clone flags, sigprocmask's how, futex operations, clock ids; and the
 * siginfo of a signal record. */
#include <signal.h>
#include <string.h>
#include "record/kernel_abi.h"
#include "record/decode.h"
#include "record/decoders.h"
#include "record/text.h"
#include "record/xlat.h"

size_t decode_signal(char *dst, int64_t sig)
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
	return decode_signal(dst, x->i32);
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
		i += decode_signal(dst + i, (int64_t)(v & 0xff));
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

/* SIGCHLD's codes are its own; the generic ones serve every signal. */
size_t decode_si_code(char *dst, int sig, int64_t code)
{
	const char *name = sig == SIGCHLD && code > 0 ? xlat_name(xlat_cld_codes, (uint64_t)code) : NULL;

	if (!name)
		name = xlat_name(xlat_si_codes, (uint64_t)code);
	return name ? fmt_str(dst, name, 0) : fmt_sdec(dst, code, 0);
}

/* strace's {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=7, si_uid=0,
 * si_status=0}: the sender for signals a process sent, the child for
 * SIGCHLD. */
size_t decode_siginfo(char *dst, const struct snoop_record *r)
{
	int64_t code = (int64_t)r->args[0];
	int sender = code == SI_USER || code == SI_TKILL || code == SI_QUEUE || r->nr == SIGCHLD;
	size_t i = fmt_lit(dst, "{si_signo=");

	i += decode_signal(dst + i, r->nr);
	i += fmt_lit(dst + i, ", si_code=");
	i += decode_si_code(dst + i, r->nr, code);
	if (sender) {
		i += fmt_lit(dst + i, ", si_pid=");
		i += fmt_sdec(dst + i, (int32_t)r->args[1], 0);
		i += fmt_lit(dst + i, ", si_uid=");
		i += fmt_udec(dst + i, (uint32_t)r->args[2], 0, ' ');
	}
	if (r->nr == SIGCHLD && code > 0) {
		i += fmt_lit(dst + i, ", si_status=");
		i += code == CLD_EXITED ? fmt_sdec(dst + i, (int32_t)r->args[3], 0)
					: decode_signal(dst + i, (int32_t)r->args[3]);
	}
	dst[i++] = '}';
	return i;
}

size_t dec_wait_options(char *dst, const struct arg *x)
{
	return xlat_flags(dst, xlat_wait_options, x->v);
}

size_t dec_arch_prctl(char *dst, const struct arg *x)
{
	return xlat_value(dst, xlat_arch_prctl_codes, x->i32);
}

/* A signal in a set, strace's way: HUP, CHLD, RTMIN (32), RT_1 (33) */
static size_t put_set_member(char *dst, int sig)
{
	const char *name = xlat_name(xlat_signals, (uint64_t)sig);
	size_t i;

	if (name && !strncmp(name, "SIG", 3))
		return fmt_str(dst, name + 3, 0);
	if (sig == 32)
		return fmt_lit(dst, "RTMIN");
	if (sig > 32) {
		i = fmt_lit(dst, "RT_");
		return i + fmt_udec(dst + i, (uint64_t)(sig - 32), 0, ' ');
	}
	return fmt_udec(dst, (uint64_t)sig, 0, ' ');
}

/* [INT QUIT]; a set of more than half the signals as its complement,
 * ~[RTMIN RT_1], as strace shows it */
size_t decode_sigset(char *dst, uint64_t set)
{
	size_t i = 0;
	int sig;

	if (__builtin_popcountll(set) > 32) {
		dst[i++] = '~';
		set = ~set;
	}
	dst[i++] = '[';
	for (sig = 1; sig <= 64; sig++) {
		if (!(set & (1ULL << (sig - 1))))
			continue;
		if (dst[i - 1] != '[')
			dst[i++] = ' ';
		i += put_set_member(dst + i, sig);
	}
	dst[i++] = ']';
	return i;
}

size_t dec_sigset(char *dst, const struct arg *x)
{
	struct mem_item m;
	uint64_t set;

	if (!x->v || !find_mem_item(x, &m) || m.len < sizeof(set))
		return dec_pointer(dst, x);
	memcpy(&set, m.p, sizeof(set));
	return decode_sigset(dst, set);
}

/* The kernel's struct sigaction on x86_64: handler, flags, restorer, mask.
 * {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0x...} */
size_t dec_sigaction(char *dst, const struct arg *x)
{
	struct mem_item m;
	uint64_t sa[4];
	size_t i;

	if (!x->v || !find_mem_item(x, &m) || m.len < sizeof(sa))
		return dec_pointer(dst, x);
	memcpy(sa, m.p, sizeof(sa));
	i = fmt_lit(dst, "{sa_handler=");
	if (sa[0] == (uint64_t)(uintptr_t)SIG_DFL)
		i += fmt_lit(dst + i, "SIG_DFL");
	else if (sa[0] == (uint64_t)(uintptr_t)SIG_IGN)
		i += fmt_lit(dst + i, "SIG_IGN");
	else
		i += fmt_hex(dst + i, sa[0]);
	i += fmt_lit(dst + i, ", sa_mask=");
	i += decode_sigset(dst + i, sa[3]);
	i += fmt_lit(dst + i, ", sa_flags=");
	i += xlat_flags(dst + i, xlat_sigaction_flags, sa[1]);
	if (sa[1] & SA_RESTORER) {
		i += fmt_lit(dst + i, ", sa_restorer=");
		i += fmt_hex(dst + i, sa[2]);
	}
	dst[i++] = '}';
	return i;
}

/* clock_nanosleep's flags: TIMER_ABSTIME or 0 */
size_t dec_timer_flags(char *dst, const struct arg *x)
{
	return xlat_flags(dst, xlat_timer_flags, (uint32_t)x->v);
}
