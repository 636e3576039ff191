/* Attach selection: the order of methods, kprobe targets, CPU lists. */
#include <criterion/criterion.h>
#include <string.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "trace/attach.h"
#include "trace/method.h"
#include "record/syscalls.h"

Test(attach, auto_order_is_raw_tp_tracepoint_kprobe)
{
	enum attach_method m[3];

	cr_assert_eq(attach_order(ATTACH_AUTO, 1, m), 3);
	cr_expect_eq(m[0], ATTACH_RAW_TP);
	cr_expect_eq(m[1], ATTACH_TP);
	cr_expect_eq(m[2], ATTACH_KPROBE);
}

/* A variant without the classic tracepoint and kprobe syscall programs has
 * raw tracepoints only: their failure is the caller's to mend with the
 * variant that has them, not an attach of programs that are not there. */
Test(attach, auto_order_without_fallbacks_is_raw_tp_alone)
{
	enum attach_method m[3];

	cr_assert_eq(attach_order(ATTACH_AUTO, 0, m), 1);
	cr_expect_eq(m[0], ATTACH_RAW_TP);
}

Test(attach, forced_method_is_the_only_one_tried)
{
	enum attach_method m[3];

	cr_assert_eq(attach_order(ATTACH_KPROBE, 1, m), 1);
	cr_expect_eq(m[0], ATTACH_KPROBE);
	cr_assert_eq(attach_order(ATTACH_TP, 1, m), 1);
	cr_expect_eq(m[0], ATTACH_TP);
}

Test(attach, kprobe_function_names)
{
	char fn[64];

	cr_assert_eq(kprobe_function("openat", fn, sizeof(fn)), 0);
	cr_expect_str_eq(fn, "__x64_sys_openat");
	cr_expect_eq(kprobe_function("openat", fn, 8), -1, "too small a buffer is an error, not a cut name");
}

Test(attach, kprobe_targets_follow_the_syscall_set)
{
	uint64_t bits[SNOOP_MAX_SYSCALLS / 64] = { 0 };
	long openat = syscall_number("openat");

	bits[openat / 64] |= 1ULL << (openat % 64);
	cr_expect(kprobe_wanted(bits, openat));
	cr_expect_not(kprobe_wanted(bits, syscall_number("read")));
	cr_expect(kprobe_wanted(NULL, syscall_number("read")), "no -e: every syscall");
	cr_expect_not(kprobe_wanted(NULL, 1000), "numbers without a name have no function");
}

/* The lifecycle's two methods: the raw tracepoints where the kernel's BTF
 * gave the offsets, else the classic ones; each row's program is of its
 * method's hook, and each stage has as many rows in one as in the other. */
Test(attach, lifecycle_rows_come_in_raw_and_classic_pairs)
{
	struct tracer t = { 0 };
	int i, raw[ATTACH_CGROUPS + 1] = { 0 }, classic[ATTACH_CGROUPS + 1] = { 0 };

	cr_expect_eq(attach_lifecycle_method(&t), ATTACH_TP, "no offsets: classic");
	t.task_pid_off = 1264;
	cr_expect_eq(attach_lifecycle_method(&t), ATTACH_TP, "both offsets are needed");
	t.bprm_filename_off = 96;
	cr_expect_eq(attach_lifecycle_method(&t), ATTACH_RAW_TP);
	cr_expect(attach_lifecycle_classic(0, 0) && attach_lifecycle_classic(1264, 0) && attach_lifecycle_classic(0, 96));
	cr_expect(!attach_lifecycle_classic(1264, 96));
	for (i = 0; i < attach_rows; i++) {
		const struct attach_row *r = &attach_table[i];

		if (r->stage == ATTACH_SYSCALLS)
			continue;
		if (r->method == ATTACH_RAW_TP || r->method == ATTACH_AUTO)
			cr_expect_eq(snoop_progs[r->prog].hook, SBPF_RAW_TP, "%s", snoop_progs[r->prog].name);
		if (r->method == ATTACH_TP)
			cr_expect_eq(snoop_progs[r->prog].hook, SBPF_TP, "%s", snoop_progs[r->prog].name);
		raw[r->stage] += r->method == ATTACH_RAW_TP;
		classic[r->stage] += r->method == ATTACH_TP;
	}
	for (i = ATTACH_ALWAYS; i <= ATTACH_SIGNALS; i++)
		cr_expect_eq(raw[i], classic[i], "stage %d", i);
	cr_expect_eq(raw[ATTACH_ALWAYS] + raw[ATTACH_FORK] + raw[ATTACH_SIGNALS], 4);
}
