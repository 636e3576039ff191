/* Attach selection: the order of methods, kprobe targets, CPU lists. */
#include <criterion/criterion.h>
#include <string.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "trace/method.h"
#include "record/syscalls.h"

Test(attach, auto_order_is_raw_tp_tracepoint_kprobe)
{
	enum attach_method m[3];

	cr_assert_eq(attach_order(ATTACH_AUTO, m), 3);
	cr_expect_eq(m[0], ATTACH_RAW_TP);
	cr_expect_eq(m[1], ATTACH_TP);
	cr_expect_eq(m[2], ATTACH_KPROBE);
}

Test(attach, forced_method_is_the_only_one_tried)
{
	enum attach_method m[3];

	cr_assert_eq(attach_order(ATTACH_KPROBE, m), 1);
	cr_expect_eq(m[0], ATTACH_KPROBE);
	cr_assert_eq(attach_order(ATTACH_TP, m), 1);
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
