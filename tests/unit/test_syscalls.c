/* The generated tables, checked against the compiler's own view of the
 * headers (as strace's tests/ksysent.c does): build/ksysent.h lists every
 * __NR_ name, and each must map to the number the macro gives. */
#include <criterion/criterion.h>
#include <asm/unistd.h>
#include <errno.h>
#include <string.h>
#include "record/syscalls.h"

Test(syscalls, every_header_syscall_has_its_name)
{
	int checked = 0;
#define X(name) \
	cr_expect_str_eq(syscall_name(__NR_##name), #name); \
	cr_expect_eq(syscall_number(#name), __NR_##name); \
	checked++;
#include "build/ksysent.h"
#undef X
	cr_expect_gt(checked, 300, "only %d syscalls in the header list", checked);
}

Test(syscalls, names_are_unique_and_round_trip)
{
	int nr;

	for (nr = 0; nr < syscall_count; nr++)
		if (syscall_names[nr])
			cr_expect_eq(syscall_number(syscall_names[nr]), nr, "%s", syscall_names[nr]);
}

Test(syscalls, unknown_and_numeric)
{
	cr_expect_null(syscall_name(-1));
	cr_expect_null(syscall_name(100000));
	cr_expect_eq(syscall_number("nosuchcall"), -1);
	cr_expect_eq(syscall_number(""), -1);
	cr_expect_eq(syscall_number("257"), 257);
	cr_expect_eq(syscall_number("470"), 470, "numbers beyond the table are allowed");
	cr_expect_eq(syscall_number("1024"), -1);
	cr_expect_eq(syscall_number("12x"), -1);
	cr_expect_gt(syscall_name_width, 10);
}

Test(errnos, names)
{
	cr_expect_str_eq(errno_name(ENOENT), "ENOENT");
	cr_expect_str_eq(errno_name(EBADF), "EBADF");
	cr_expect_str_eq(errno_name(EAGAIN), "EAGAIN", "EWOULDBLOCK is an alias");
	cr_expect_str_eq(errno_name(EDEADLK), "EDEADLK");
	cr_expect_str_eq(errno_name(EHWPOISON), "EHWPOISON");
	cr_expect_str_eq(errno_name(512), "ERESTARTSYS");
	cr_expect_str_eq(errno_name(516), "ERESTART_RESTARTBLOCK");
	cr_expect_null(errno_name(0));
	cr_expect_null(errno_name(515));
	cr_expect_null(errno_name(4000));
}

/* arm64: the same generator over arm64's uapi headers (asm-generic numbers,
 * some given through __NR3264_ aliases). */
extern const int arm64_syscall_count;
extern const char *const arm64_syscall_names[];

Test(syscalls, arm64_table_generated_the_same_way)
{
	if (arm64_syscall_count == 0)
		cr_skip_test("no kernel header tree with arch/arm64/include/uapi (src/tools/setup.sh installs one)");
	cr_expect_str_eq(arm64_syscall_names[56], "openat");
	cr_expect_str_eq(arm64_syscall_names[63], "read");
	cr_expect_str_eq(arm64_syscall_names[80], "fstat", "an __NR3264_ alias");
	cr_expect_str_eq(arm64_syscall_names[222], "mmap", "an __NR3264_ alias");
	cr_expect_str_eq(arm64_syscall_names[221], "execve");
	cr_expect_str_eq(arm64_syscall_names[435], "clone3");
	cr_expect_gt(arm64_syscall_count, 400);
}
