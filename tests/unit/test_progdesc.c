/* The description of the BPF program (build/progdesc.h, generated from
 * bpf/snoop.bpf.c): the variants the options choose, each variant's maps,
 * and the attach table against the programs each variant has. */
#include <criterion/criterion.h>
#include <string.h>
#include "opts.h"
#include "progdesc.h"
#include "trace/attach.h"
#include "trace/variant.h"

#define ARGC(...) ((int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)))
#define ARGV(...) ((char *[]){ __VA_ARGS__, NULL })
#define CHOOSE(hash, ...) choose(ARGC("snoop", __VA_ARGS__), ARGV("snoop", __VA_ARGS__), hash, 0)
#define CHOOSE_NO_BTF(hash, ...) choose(ARGC("snoop", __VA_ARGS__), ARGV("snoop", __VA_ARGS__), hash, 1)

static unsigned choose(int argc, char **argv, int inflight_hash, int classic_lifecycle)
{
	struct options o;
	char err[512];

	cr_assert_eq(opts_parse(argc, argv, &o, err, sizeof(err)), OPTS_RUN, "%s", err);
	return variant_choose(&o, inflight_hash, 1, 0, classic_lifecycle);
}

static int has(enum snoop_map m, unsigned v)
{
	return snoop_in_variant(snoop_maps[m].need, snoop_maps[m].forbid, v);
}

static int prog_in(enum snoop_prog p, unsigned v)
{
	return snoop_in_variant(snoop_progs[p].need, snoop_progs[p].forbid, v);
}

/* What the options can make: one transport, and -c alone only with -c. */
static int possible(unsigned v)
{
	return !((v & SNOOP_V_RINGBUF) && (v & SNOOP_V_MAPPED)) &&
	       (!(v & SNOOP_V_COUNT_ONLY) || ((v & SNOOP_V_SUMMARY) && !(v & SNOOP_V_PATHS)));
}

Test(progdesc, options_choose_the_variant)
{
#if defined(__x86_64__)
	unsigned dflt = SNOOP_V_GROUP_DEAD | SNOOP_V_MAPPED;   /* trace/variant.c: mapped where ordered */
#else
	unsigned dflt = SNOOP_V_GROUP_DEAD;
#endif

	cr_expect_eq(CHOOSE(0, "--", "true"), dflt);
	cr_expect_eq(CHOOSE(1, "--", "true"), SNOOP_V_GROUP_DEAD | SNOOP_V_INFLIGHT_HASH, "the hash: perf buffers by default");
	cr_expect_eq(CHOOSE(1, "--buffer=mapped", "--", "true"), SNOOP_V_GROUP_DEAD | SNOOP_V_INFLIGHT_HASH | SNOOP_V_MAPPED);
	cr_expect_eq(CHOOSE(0, "--buffer=ring", "--", "true"), SNOOP_V_GROUP_DEAD | SNOOP_V_RINGBUF);
	cr_expect_eq(CHOOSE(0, "--buffer=perf", "--", "true"), SNOOP_V_GROUP_DEAD);
	cr_expect_eq(CHOOSE(0, "-c", "--", "true"), dflt | SNOOP_V_SUMMARY | SNOOP_V_COUNT_ONLY);
	cr_expect_eq(CHOOSE(0, "-C", "--", "true"), dflt | SNOOP_V_SUMMARY, "records too: not the lean path");
	cr_expect_eq(CHOOSE(0, "-c", "-P", "/x", "--", "true"), dflt | SNOOP_V_SUMMARY | SNOOP_V_PATHS);
	cr_expect_eq(CHOOSE(0, "-c", "--per-process", "--", "true"), dflt | SNOOP_V_SUMMARY);
	cr_expect_eq(CHOOSE(0, "-k", "--", "true"), dflt | SNOOP_V_STACKS);
	cr_expect_eq(CHOOSE(0, "--attach=raw_tp", "--", "true"), dflt);
	cr_expect_eq(CHOOSE(0, "--attach=tracepoint", "--", "true"), dflt | SNOOP_V_ATTACH_FALLBACK);
	cr_expect_eq(CHOOSE(1, "--attach=kprobe", "--", "true"), SNOOP_V_GROUP_DEAD | SNOOP_V_INFLIGHT_HASH | SNOOP_V_ATTACH_FALLBACK);
	cr_expect_eq(CHOOSE_NO_BTF(0, "--", "true"), dflt | SNOOP_V_CLASSIC_LIFECYCLE, "without BTF: the classic lifecycle");
	cr_expect_eq(CHOOSE_NO_BTF(0, "--attach=tracepoint", "--", "true"),
		     dflt | SNOOP_V_CLASSIC_LIFECYCLE | SNOOP_V_ATTACH_FALLBACK);
}

/* BTF-typed syscall programs where the kernel types the tracepoints, for
 * the raw tracepoint method only. */
Test(progdesc, tp_btf_only_for_raw_tracepoints)
{
	const char *auto_[] = { "snoop", "--", "true", NULL }, *tp[] = { "snoop", "--attach=tracepoint", "--", "true", NULL };
	struct options o;
	char err[512];

	cr_assert_eq(opts_parse(3, (char **)auto_, &o, err, sizeof(err)), OPTS_RUN, "%s", err);
	cr_expect(variant_choose(&o, 0, 1, 1, 0) & SNOOP_V_TP_BTF);
	cr_expect(!(variant_choose(&o, 0, 1, 0, 0) & SNOOP_V_TP_BTF), "no typedefs in the kernel's BTF");
	cr_assert_eq(opts_parse(4, (char **)tp, &o, err, sizeof(err)), OPTS_RUN, "%s", err);
	cr_expect(!(variant_choose(&o, 0, 1, 1, 0) & SNOOP_V_TP_BTF));
}

Test(progdesc, cflags_are_the_variant_bits)
{
	const char *f[VARIANT_CFLAGS_MAX];
	char text[128];

	variant_cflags(SNOOP_V_INFLIGHT_HASH | SNOOP_V_PATHS, f);
	cr_expect_str_eq(f[0], "-Werror=implicit-function-declaration");
	cr_expect_str_eq(f[1], "-g0", "no debug information: nothing uses it");
	cr_expect_str_eq(f[2], "-O1", "libbcc's own -O3 pass does the rest");
	cr_expect_str_eq(f[3], "-DSNOOP_PATHS");
	cr_expect_str_eq(f[4], "-DSNOOP_INFLIGHT_HASH");
	cr_expect_null(f[5]);
	variant_cflags(SNOOP_V_ALL, f);
	cr_expect_null(f[SNOOP_VARIANT_BITS + 3], "every flag fits");
	variant_text(SNOOP_V_INFLIGHT_HASH | SNOOP_V_GROUP_DEAD, text, sizeof(text));
	cr_expect_str_eq(text, "INFLIGHT_HASH GROUP_DEAD");
	variant_text(0, text, sizeof(text));
	cr_expect_str_eq(text, "none");
}

Test(progdesc, each_variant_has_its_maps)
{
	unsigned hash = SNOOP_V_INFLIGHT_HASH, cpu = 0;

	cr_expect(has(SNOOP_MAP_INFLIGHT, hash) && !has(SNOOP_MAP_INFLIGHT, cpu));
	cr_expect(!has(SNOOP_MAP_CPU_SLOTS, hash) && has(SNOOP_MAP_CPU_SLOTS, cpu));
	cr_expect(!has(SNOOP_MAP_PARKED, hash) && has(SNOOP_MAP_PARKED, cpu), "a call leaves its CPU's slot with its thread");
	cr_expect(!has(SNOOP_MAP_HELD_COUNT, hash) && has(SNOOP_MAP_HELD_COUNT, cpu));
	cr_expect(!has(SNOOP_MAP_TRACED_BITS, hash) && has(SNOOP_MAP_TRACED_BITS, cpu), "the bitmap needs BPF atomics");
	cr_expect(!has(SNOOP_MAP_RENAMES, hash) && has(SNOOP_MAP_RENAMES, cpu));
	cr_expect(has(SNOOP_MAP_RINGS, SNOOP_V_MAPPED) && has(SNOOP_MAP_RING_TEMPLATE, SNOOP_V_MAPPED));
	cr_expect(!has(SNOOP_MAP_RINGS, 0) && !has(SNOOP_MAP_RINGS, SNOOP_V_RINGBUF));
	cr_expect(has(SNOOP_MAP_SINCE_WAKEUP, SNOOP_V_RINGBUF) && !has(SNOOP_MAP_SINCE_WAKEUP, SNOOP_V_MAPPED));
	cr_expect(has(SNOOP_MAP_EVENTS, 0) && has(SNOOP_MAP_EVENTS, SNOOP_V_RINGBUF) && has(SNOOP_MAP_EVENTS, SNOOP_V_MAPPED),
		  "events: the perf buffer, the ring buffer, the mapped rings' doorbell");
	cr_expect(has(SNOOP_MAP_COUNTS, SNOOP_V_SUMMARY | SNOOP_V_COUNT_ONLY) && !has(SNOOP_MAP_COUNTS, SNOOP_V_SUMMARY));
	cr_expect(has(SNOOP_MAP_SUMMARY, SNOOP_V_SUMMARY) && has(SNOOP_MAP_UNCOUNTED, SNOOP_V_SUMMARY));
	cr_expect(!has(SNOOP_MAP_SUMMARY, 0) && !has(SNOOP_MAP_STACKS, 0) && has(SNOOP_MAP_STACKS, SNOOP_V_STACKS));
	cr_expect(has(SNOOP_MAP_PATHS, SNOOP_V_PATHS) && has(SNOOP_MAP_CALLINFO, SNOOP_V_PATHS) && !has(SNOOP_MAP_PATHS, 0));
	cr_expect_str_eq(snoop_maps[SNOOP_MAP_TRACED_TGIDS].name, "traced_tgids");
}

Test(progdesc, programs_have_their_hooks)
{
	cr_expect_str_eq(snoop_progs[SNOOP_PROG_RAW_SYS_ENTER].name, "raw_tracepoint__sys_enter");
	cr_expect_str_eq(snoop_progs[SNOOP_PROG_RAW_SYS_ENTER].target, "sys_enter");
	cr_expect_eq(snoop_progs[SNOOP_PROG_RAW_SYS_ENTER].hook, SBPF_RAW_TP);
	cr_expect_str_eq(snoop_progs[SNOOP_PROG_TP_SCHED_SCHED_PROCESS_EXIT].target, "sched:sched_process_exit");
	cr_expect_eq(snoop_progs[SNOOP_PROG_TP_SCHED_SCHED_PROCESS_EXIT].hook, SBPF_TP);
	cr_expect_eq(snoop_progs[SNOOP_PROG_KPROBE_SYS_ENTER].hook, SBPF_KPROBE);
	cr_expect_eq(snoop_progs[SNOOP_PROG_KRETPROBE_SYS_EXIT].hook, SBPF_KRETPROBE);
	cr_expect_null(snoop_progs[SNOOP_PROG_KPROBE_SYS_ENTER].target, "the attach chooses the function");
	cr_expect(!prog_in(SNOOP_PROG_RAW_TASK_RENAME, SNOOP_V_INFLIGHT_HASH) && prog_in(SNOOP_PROG_RAW_TASK_RENAME, 0));
	cr_expect(!prog_in(SNOOP_PROG_RAW_SCHED_SWITCH, SNOOP_V_INFLIGHT_HASH) && prog_in(SNOOP_PROG_RAW_SCHED_SWITCH, 0));
	cr_expect(!prog_in(SNOOP_PROG_TP_RAW_SYSCALLS_SYS_EXIT, 0) && !prog_in(SNOOP_PROG_KPROBE_SYS_ENTER, 0),
		  "the fallback methods' syscall programs only where asked for");
	cr_expect(prog_in(SNOOP_PROG_TP_RAW_SYSCALLS_SYS_EXIT, SNOOP_V_ATTACH_FALLBACK) &&
		  prog_in(SNOOP_PROG_KRETPROBE_SYS_EXIT, SNOOP_V_ATTACH_FALLBACK));
	cr_expect(prog_in(SNOOP_PROG_RAW_SYS_EXIT, 0) && prog_in(SNOOP_PROG_RAW_SYS_EXIT, SNOOP_V_ATTACH_FALLBACK));
	cr_expect(!prog_in(SNOOP_PROG_TP_SCHED_SCHED_PROCESS_EXEC, 0) && !prog_in(SNOOP_PROG_TP_SIGNAL_SIGNAL_GENERATE, 0),
		  "the classic lifecycle programs only without BTF");
	cr_expect(prog_in(SNOOP_PROG_TP_SCHED_SCHED_PROCESS_FORK, SNOOP_V_CLASSIC_LIFECYCLE) &&
		  prog_in(SNOOP_PROG_TP_SCHED_SCHED_PROCESS_EXIT, SNOOP_V_CLASSIC_LIFECYCLE));
	cr_expect(prog_in(SNOOP_PROG_RAW_SCHED_PROCESS_EXEC, 0) && prog_in(SNOOP_PROG_RAW_SCHED_PROCESS_EXEC, SNOOP_V_CLASSIC_LIFECYCLE));
}

/* The hook a syscall method's programs must have. */
static int method_hook_fits(enum attach_method m, enum sbpf_hook h)
{
	return (m == ATTACH_RAW_TP && h == SBPF_RAW_TP) || (m == ATTACH_TP && h == SBPF_TP) ||
	       (m == ATTACH_KPROBE && (h == SBPF_KPROBE || h == SBPF_KRETPROBE));
}

/* Whether a run of variant v tries syscall method m: the variants that
 * --attach=tracepoint and kprobe choose have the fallback bit, so auto's
 * order of v's bit says it for every run. */
static int method_tried(enum attach_method m, unsigned v)
{
	enum attach_method order[3];
	int i, n = attach_order(ATTACH_AUTO, !!(v & SNOOP_V_ATTACH_FALLBACK), order);

	for (i = 0; i < n; i++)
		if (order[i] == m)
			return 1;
	return 0;
}

/* Whether a run of variant v attaches row r: a syscall row when its
 * method is tried, a lifecycle row when it is of the lifecycle's method,
 * which the variant's bit says (the variant and the method are chosen
 * from the same offsets, trace/attach.h attach_lifecycle_classic). */
static int row_attached(const struct attach_row *r, unsigned v)
{
	enum attach_method lifecycle = v & SNOOP_V_CLASSIC_LIFECYCLE ? ATTACH_TP : ATTACH_RAW_TP;

	if (v & r->unless)
		return 0;
	if (r->stage == ATTACH_SYSCALLS)
		return method_tried(r->method, v);
	return r->method == ATTACH_AUTO || r->method == lifecycle;
}

Test(progdesc, attach_rows_name_programs_of_every_variant_they_are_used_in)
{
	const struct attach_row *r;
	unsigned v;
	int i, n = 0;

	for (v = 0; v <= SNOOP_V_ALL; v++) {
		if (!possible(v))
			continue;
		n++;
		for (i = 0; i < attach_rows; i++) {
			r = &attach_table[i];
			if (row_attached(r, v))
				cr_expect(prog_in(r->prog, v), "row %d (%s) is used in variant %#x, which lacks it", i,
					  snoop_progs[r->prog].name, v);
		}
	}
	cr_expect_gt(n, 0);
	for (i = 0; i < attach_rows; i++) {
		r = &attach_table[i];
		if (r->stage == ATTACH_SYSCALLS)
			cr_expect(method_hook_fits(r->method, snoop_progs[r->prog].hook), "row %d: %s", i, snoop_progs[r->prog].name);
		else
			cr_expect_not_null(snoop_progs[r->prog].target, "row %d: a lifecycle program on a tracepoint", i);
	}
}

Test(progdesc, every_program_is_attached_somewhere)
{
	int p, i, found;

	for (p = 0; p < SNOOP_PROG_COUNT; p++) {
		for (i = 0, found = 0; i < attach_rows; i++)
			found |= attach_table[i].prog == (enum snoop_prog)p;
		for (i = 0; i < attach_tail_rows; i++)
			found |= attach_tails[i].prog == (enum snoop_prog)p;
		cr_expect(found, "%s is compiled but no row attaches it", snoop_progs[p].name);
	}
}

/* A tail is a raw tracepoint program attached nowhere, in every variant
 * (the raw sys_exit of each calls it), at its own index of the array. */
Test(progdesc, tails_are_raw_tracepoint_programs_of_every_variant)
{
	int i, j;

	cr_expect_gt(attach_tail_rows, 0);
	for (i = 0; i < attach_tail_rows; i++) {
		const struct snoop_prog_desc *p = &snoop_progs[attach_tails[i].prog];

		cr_expect_eq(p->hook, SBPF_RAW_TP, "%s", p->name);
		cr_expect_null(p->target, "%s is attached nowhere", p->name);
		cr_expect_eq(p->need, 0u, "%s", p->name);
		cr_expect_eq(p->forbid, 0u, "%s", p->name);
		cr_expect_lt(attach_tails[i].index, (uint32_t)SNOOP_TAILS);
		for (j = 0; j < i; j++)
			cr_expect_neq(attach_tails[j].index, attach_tails[i].index);
	}
}

/* The maps user space reads or writes whatever the variant (trace/fill.c,
 * targets.c, unfinished.c, launch.c through the handle; argv.c, the
 * transports and stacks.c by the description's names) are in every
 * variant the options can choose. */
Test(progdesc, maps_used_in_every_variant_are_in_every_variant)
{
	static const enum snoop_map always[] = {
		SNOOP_MAP_TRACED_TGIDS, SNOOP_MAP_NAMES, SNOOP_MAP_CONFIG, SNOOP_MAP_SYSCALL_BITS, SNOOP_MAP_ARGSPEC,
		SNOOP_MAP_ARGSPEC32, SNOOP_MAP_IA32_NATIVE, SNOOP_MAP_HELD_EVENTS, SNOOP_MAP_ARGV_STORE,
		SNOOP_MAP_DROPPED, SNOOP_MAP_EVENTS,
	};
	unsigned v;
	size_t i;

	for (v = 0; v <= SNOOP_V_ALL; v++)
		for (i = 0; possible(v) && i < sizeof(always) / sizeof(always[0]); i++)
			cr_expect(has(always[i], v), "%s is not in variant %#x", snoop_maps[always[i]].name, v);
}
