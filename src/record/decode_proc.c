/* decode_proc.c - processes, signals, threads and time: signal numbers,
 * clone flags, sigprocmask's how, futex operations, clock ids; and the
 * siginfo of a signal record. */
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include "record/kernel_abi.h"
#include "record/decode.h"
#include "record/decoders.h"
#include "record/text.h"
#include "record/value.h"
#include "record/xlat.h"

size_t decode_signal(char *dst, int64_t sig)
{
	const char *name = xlat_name(xlat_signals, (uint64_t)sig);
	size_t i;

	if (name)
		return fmt_str(dst, name, 0);
	if (sig == 32)   /* the kernel's SIGRTMIN (glibc keeps 32 and 33 for itself) */
		return fmt_lit(dst, "SIGRTMIN");
	if (sig > 32 && sig <= 64) {
		i = fmt_lit(dst, "SIGRTMIN+");
		return i + fmt_udec(dst + i, (uint64_t)(sig - 32), 0, ' ');
	}
	return fmt_sdec(dst, sig, 0);
}

void value_signal(struct vout *o, int64_t sig)
{
	if (!xlat_name(xlat_signals, (uint64_t)sig) && (sig < 32 || sig > 64)) {
		value_int(o, sig);
		return;
	}
	value_text_begin(o);
	o->i += decode_signal(vout_end(o), sig);
	value_text_end(o);
}

void dec_signal(struct vout *o, const struct arg *x)
{
	value_signal(o, x->i32);
}

/* clone flags: the low byte is the child's exit signal */
void dec_clone_flags(struct vout *o, const struct arg *x)
{
	uint64_t v = x->v, flags = v & ~(uint64_t)0xff;

	if (!flags) {   /* 0, or the signal alone */
		if (v)
			value_signal(o, (int64_t)v);
		else
			value_uint(o, 0);
		return;
	}
	value_text_begin(o);
	o->i += xlat_flags(vout_end(o), xlat_clone_flags, flags);
	if (v & 0xff) {
		o->dst[o->i++] = '|';
		o->i += decode_signal(vout_end(o), (int64_t)(v & 0xff));
	}
	value_text_end(o);
}

/* unshare's: clone flags all through (CLONE_NEWTIME is 0x80), no signal */
void dec_unshare_flags(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_clone_flags, x->v);
}

void dec_sigmask_how(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_sigprocmask_how, x->i32);
}

void dec_prio_which(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_priority_which, x->i32);
}

/* SCHED_FIFO; with SCHED_RESET_ON_FORK a number, as strace 6.1 shows it */
void dec_sched_policy(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_schedulers, x->i32);
}

/* a clock id: CLOCK_MONOTONIC */
void dec_clock(struct vout *o, const struct arg *x)
{
	const char *name = xlat_name(xlat_clocks, (uint64_t)x->i32);

	/* a dynamic clock (a process's CPU clock, an fd's) is a negative id
	 * strace shows in hex, 0xfffcb876 */
	if (name)
		value_sym(o, name);
	else
		value_hex(o, (uint32_t)x->v);
}

/* The signals with codes of their own (positive: the kernel's); the
 * generic ones (SI_USER, SI_KERNEL ...) serve every signal. */
static const struct xlat *own_codes(int sig)
{
	switch (sig) {
	case SIGCHLD: return xlat_cld_codes;
	case SIGSEGV: return xlat_segv_codes;
	case SIGBUS: return xlat_bus_codes;
	case SIGILL: return xlat_ill_codes;
	case SIGFPE: return xlat_fpe_codes;
	case SIGTRAP: return xlat_trap_codes;
	case SIGSYS: return xlat_sys_codes;
	default: return NULL;
	}
}

static const char *si_code_name(int sig, int64_t code)
{
	const struct xlat *own = own_codes(sig);
	const char *name = own && code > 0 ? xlat_name(own, (uint64_t)code) : NULL;

	return name ? name : xlat_name(xlat_si_codes, (uint64_t)code);
}

/* A fault's signal (the kernel's code, positive) carries the address that
 * faulted where a sent one has its sender: the record's si_pid and si_uid
 * are the two halves of si_addr. */
int record_fault_addr(const struct snoop_record *r, uint64_t *addr)
{
	int64_t code = (int64_t)r->args[0];
	int sig = (int)r->nr;

	if (code <= 0 || (sig != SIGSEGV && sig != SIGBUS && sig != SIGILL && sig != SIGFPE && sig != SIGTRAP))
		return 0;
	*addr = (uint32_t)r->args[1] | (uint64_t)(uint32_t)r->args[2] << 32;
	return 1;
}

size_t decode_si_code(char *dst, int sig, int64_t code)
{
	const char *name = si_code_name(sig, code);

	return name ? fmt_str(dst, name, 0) : fmt_sdec(dst, code, 0);
}

void value_si_code(struct vout *o, int sig, int64_t code)
{
	const char *name = si_code_name(sig, code);

	if (name)
		value_sym(o, name);
	else
		value_int(o, code);
}

/* Clock ticks as strace shows them: "18 / * 0.18 s * /" (0 alone). Linux's
 * USER_HZ, what clock_t counts, is 100 on every architecture. */
#define USER_HZ 100
static size_t clock_ticks(char *dst, uint64_t ticks)
{
	size_t i = fmt_udec(dst, ticks, 0, ' ');

	if (!ticks)
		return i;
	i += fmt_lit(dst + i, " /* ");
	i += fmt_udec(dst + i, ticks / USER_HZ, 0, ' ');
	dst[i++] = '.';
	i += fmt_udec(dst + i, ticks % USER_HZ, 2, '0');
	return i + fmt_lit(dst + i, " s */");
}

int record_child_times(const struct snoop_record *r, uint32_t *utime, uint32_t *stime)
{
	if (r->nr != SIGCHLD || (int64_t)r->args[0] <= 0 || !(r->flags & SNOOP_REC_CHILD_TIMES))
		return 0;   /* not a child's (CLD_*), or a record of a snoop before them */
	*utime = (uint32_t)r->args[5];
	*stime = (uint32_t)(r->args[5] >> 32);
	return 1;
}

/* strace's {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=7, si_uid=0,
 * si_status=0, si_utime=0, si_stime=0}: the sender for signals a process
 * sent, the child and its CPU time for SIGCHLD, the address for a fault
 * ({si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10}). */
size_t decode_siginfo(char *dst, const struct snoop_record *r)
{
	int64_t code = (int64_t)r->args[0];
	int sender = code == SI_USER || code == SI_TKILL || code == SI_QUEUE || r->nr == SIGCHLD;
	size_t i = fmt_lit(dst, "{si_signo=");
	uint32_t utime, stime;
	uint64_t addr;

	i += decode_signal(dst + i, r->nr);
	i += fmt_lit(dst + i, ", si_code=");
	i += decode_si_code(dst + i, r->nr, code);
	if (sender) {
		i += fmt_lit(dst + i, ", si_pid=");
		i += fmt_sdec(dst + i, (int32_t)r->args[1], 0);
		i += fmt_lit(dst + i, ", si_uid=");
		i += fmt_udec(dst + i, (uint32_t)r->args[2], 0, ' ');
	}
	if (record_fault_addr(r, &addr)) {
		i += fmt_lit(dst + i, ", si_addr=");
		i += addr ? fmt_hex(dst + i, addr) : fmt_lit(dst + i, "NULL");
	}
	if (r->nr == SIGCHLD && code > 0) {
		i += fmt_lit(dst + i, ", si_status=");
		i += code == CLD_EXITED ? fmt_sdec(dst + i, (int32_t)r->args[3], 0)
					: decode_signal(dst + i, (int32_t)r->args[3]);
	}
	if (record_child_times(r, &utime, &stime)) {
		i += fmt_lit(dst + i, ", si_utime=");
		i += clock_ticks(dst + i, utime);
		i += fmt_lit(dst + i, ", si_stime=");
		i += clock_ticks(dst + i, stime);
	}
	dst[i++] = '}';
	return i;
}

void dec_wait_options(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_wait_options, x->v);
}

void dec_arch_prctl(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_arch_prctl_codes, x->i32);
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

/* ... as a value: a name, or the number of one without */
static void value_set_member(struct vout *o, int sig)
{
	const char *name = xlat_name(xlat_signals, (uint64_t)sig);

	if (sig < 32 && !(name && !strncmp(name, "SIG", 3))) {
		value_uint(o, (uint64_t)sig);
		return;
	}
	value_text_begin(o);
	o->i += put_set_member(vout_end(o), sig);
	value_text_end(o);
}

/* [INT QUIT]; a set of more than half the signals as its complement,
 * ~[RTMIN RT_1], as strace shows it: one text (JSON: a string), as it
 * names the signals not in the set */
void decode_sigset(struct vout *o, uint64_t set)
{
	int sig, complement = __builtin_popcountll(set) > 32;

	if (complement) {
		value_text_begin(o);
		o->dst[o->i++] = '~';
		set = ~set;
	}
	o->dst[o->i++] = '[';
	for (sig = 1; sig <= 64; sig++) {
		if (!(set & (1ULL << (sig - 1))))
			continue;
		if (complement) {
			if (o->dst[o->i - 1] != '[')
				o->dst[o->i++] = ' ';
			o->i += put_set_member(vout_end(o), sig);
		} else {
			value_elem_blank(o);
			value_set_member(o, sig);
		}
	}
	o->dst[o->i++] = ']';
	if (complement)
		value_text_end(o);
}

void dec_sigset(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, sizeof(uint64_t));
	uint64_t set;

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(&set, p, sizeof(set));
	decode_sigset(o, set);
}

/* rt_sigreturn's: {mask=[INT]}, the mask the call puts back (decode.c
 * shows it only when the record holds it) */
void dec_sigreturn_mask(struct vout *o, const struct arg *x)
{
	struct mem_item m;
	uint64_t set = 0;

	if (find_mem_item(x, &m) && m.len >= sizeof(set))
		memcpy(&set, m.p, sizeof(set));
	value_struct_begin(o);
	value_field(o, "mask");
	decode_sigset(o, set);
	value_struct_end(o, 0);
}

/* The kernel's struct sigaction on x86_64: handler, flags, restorer, mask.
 * {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0x...} */
void dec_sigaction(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 4 * sizeof(uint64_t));
	uint64_t sa[4];

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(sa, p, sizeof(sa));
	value_struct_begin(o);
	value_field(o, "sa_handler");
	if (sa[0] == (uint64_t)(uintptr_t)SIG_DFL)
		value_sym(o, "SIG_DFL");
	else if (sa[0] == (uint64_t)(uintptr_t)SIG_IGN)
		value_sym(o, "SIG_IGN");
	else if (sa[0] == (uint64_t)(uintptr_t)SIG_ERR)
		value_sym(o, "SIG_ERR");
	else
		value_hex(o, sa[0]);
	value_field(o, "sa_mask");
	decode_sigset(o, sa[3]);
	value_field(o, "sa_flags");
	value_flags(o, xlat_sigaction_flags, sa[1]);
	if (sa[1] & SA_RESTORER) {
		value_field(o, "sa_restorer");
		value_hex(o, sa[2]);
	}
	value_struct_end(o, 0);
}

/* clock_nanosleep's flags: TIMER_ABSTIME or 0 */
void dec_timer_flags(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_timer_flags, (uint32_t)x->v);
}

void dec_rusage_who(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_rusage_who, x->i32);
}

/* sched_getaffinity's CPU set, the bytes the call returned: its CPUs by
 * number, [0 1] (strace's); the address when nothing was read */
void dec_cpu_set(struct vout *o, const struct arg *x)
{
	struct mem_item m;
	size_t k;
	int b;

	if (!x->v || !find_mem_item(x, &m)) {
		dec_pointer(o, x);
		return;
	}
	value_array_begin(o);
	for (k = 0; k < m.len; k++)
		for (b = 0; b < 8; b++)
			if (m.p[k] >> b & 1) {
				value_elem_blank(o);
				value_uint(o, k * 8 + (size_t)b);
			}
	value_array_end(o, m.flags & SNOOP_MEM_TRUNC);
}

/* capget's and capset's header: {version=_LINUX_CAPABILITY_VERSION_3,
 * pid=0}, as given (the kernel writes its own version back into a wrong
 * one) */
void dec_cap_header(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 2 * sizeof(uint32_t));
	uint32_t h[2];

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(h, p, sizeof(h));
	value_struct_begin(o);
	value_field(o, "version");
	value_xlat(o, xlat_cap_versions, h[0]);
	value_field(o, "pid");
	value_int(o, (int32_t)h[1]);
	value_struct_end(o, 0);
}

/* A capability set: 1<<CAP_CHOWN|1<<CAP_KILL, strace's way; bits without
 * a name in hex after them; 0 */
static void value_caps(struct vout *o, uint64_t set)
{
	const struct xlat *c;
	int first = 1;

	value_text_begin(o);
	for (c = xlat_capabilities; c->name; c++)
		if (c->val < 64 && (set >> c->val & 1)) {
			o->i += first ? 0 : fmt_lit(vout_end(o), "|");
			o->i += fmt_lit(vout_end(o), "1<<");
			o->i += fmt_str(vout_end(o), c->name, 0);
			set &= ~(1ULL << c->val);
			first = 0;
		}
	if (set || first) {
		o->i += first ? 0 : fmt_lit(vout_end(o), "|");
		o->i += set ? fmt_hex(vout_end(o), set) : fmt_lit(vout_end(o), "0");
	}
	value_text_end(o);
}

/* capget's and capset's data: {effective=..., permitted=...,
 * inheritable=...}, the two 32-bit halves of each set as version 2 and 3
 * of the header give them (version 1: one struct, 32 bits) */
void dec_cap_data(struct vout *o, const struct arg *x)
{
	static const char *const names[3] = { "effective", "permitted", "inheritable" };
	struct mem_item hm, m;
	uint32_t d[6] = { 0 }, version = 0;
	int k, two;

	if (!x->v || !find_mem_item(x, &m) || m.len < 12) {
		dec_pointer(o, x);
		return;
	}
	if (record_mem_item(x->r, x->data, x->len, x->a - 1, &hm) && hm.len >= 4)
		memcpy(&version, hm.p, sizeof(version));
	two = version != 0x19980330 && m.len >= sizeof(d);   /* _LINUX_CAPABILITY_VERSION_1: one */
	memcpy(d, m.p, two ? sizeof(d) : 12);
	value_struct_begin(o);
	for (k = 0; k < 3; k++) {
		value_field(o, names[k]);
		value_caps(o, d[k] | (two ? (uint64_t)d[3 + k] << 32 : 0));
	}
	value_struct_end(o, 0);
}

/* getgroups' list as the call filled it (as many as it returned, within
 * its size), setgroups' as given: [0, 27] */
void dec_gids(struct vout *o, const struct arg *x)
{
	uint64_t size = (uint32_t)x->r->args[0], n = size;
	struct mem_item m;
	uint32_t gid;
	size_t i;

	if (x->r->nr == __NR_getgroups)
		n = x->r->ret < 0 ? 0 : (uint64_t)x->r->ret < size ? (uint64_t)x->r->ret : size;
	if (!x->v || (x->r->nr == __NR_getgroups && x->r->ret < 0) || size > 65536 /* NGROUPS_MAX */) {
		dec_pointer(o, x);   /* (the kernel refuses a larger size: strace's address) */
		return;
	}
	if (!find_mem_item(x, &m)) {
		if (n) {
			dec_pointer(o, x);
			return;
		}
		m.len = 0;   /* none to read: [] */
	}
	value_array_begin(o);
	for (i = 0; i < n && (i + 1) * 4 <= m.len; i++) {
		memcpy(&gid, m.p + i * 4, 4);
		value_elem(o);
		if (gid == (uint32_t)-1)
			value_int(o, -1);   /* strace's -1 for (gid_t)-1 */
		else
			value_uint(o, gid);
	}
	value_array_end(o, i < n);
}
