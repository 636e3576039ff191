/* ia32 calls of x86_64 processes: their own names and numbers, decoded
 * with the x86_64 signature of the same name, through kinds whose layout
 * is the same in both ABIs. */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/syscall.h>
#include "record/decode.h"
#include "record/format.h"
#include "record/ia32.h"
#include "record/syscalls.h"

static char out[DECODE_JSON_MAX + 1];
#define STR(call) (out[(call)] = '\0', out)

/* ia32 numbers, from the i386 syscall table (arch/x86/entry/syscalls/syscall_32.tbl) */
enum { I_EXIT = 1, I_READ = 3, I_WRITE = 4, I_OPEN = 5, I_EXECVE = 11, I_LSEEK = 19,
       I_GETPID = 20, I_MMAP2 = 192, I_FSTAT64 = 197, I_EXIT_GROUP = 252, I_OPENAT = 295 };

Test(ia32, names_and_native_numbers)
{
	cr_expect_str_eq(ia32_syscall_name(I_READ), "read");
	cr_expect_str_eq(ia32_syscall_name(I_MMAP2), "mmap2");
	cr_expect_str_eq(ia32_syscall_name(I_OPENAT), "openat");
	cr_expect_eq(ia32_native(I_READ), SYS_read);
	cr_expect_eq(ia32_native(I_WRITE), SYS_write);
	cr_expect_eq(ia32_native(I_EXECVE), SYS_execve);
	cr_expect_eq(ia32_native(I_EXIT_GROUP), SYS_exit_group);
	cr_expect_eq(ia32_native(I_GETPID), SYS_getpid);
	cr_expect_eq(ia32_native(I_MMAP2), -1, "x86_64 has no mmap2");
	cr_expect_eq(ia32_native(-1), -1);
	cr_expect_eq(ia32_native(100000), -1);
}

/* every ia32 name with a number on x86_64 maps to that very name */
Test(ia32, map_agrees_with_both_tables)
{
	long nr, native, mapped = 0;

	for (nr = 0; nr < ia32_syscall_count; nr++) {
		native = ia32_native(nr);
		if (native < 0)
			continue;
		cr_assert_not_null(ia32_syscall_name(nr));
		cr_expect_str_eq(syscall_name(native), ia32_syscall_name(nr), "ia32 %ld", nr);
		mapped++;
	}
	cr_expect_gt(mapped, 300, "most ia32 calls exist on x86_64 too (%ld)", mapped);
}

static struct snoop_record rec32(int nr, uint32_t a0, uint32_t a1, uint32_t a2)
{
	struct snoop_record r = { .nr = nr, .flags = SNOOP_REC_IA32, .pid = 7, .tid = 7,
				  .args = { a0, a1, a2, 0, 0, 0 } };
	return r;
}

Test(ia32, decoded_with_32_bit_values)
{
	struct snoop_record r = rec32(I_OPENAT, 0xffffff9c, 0x5655a008, 0);
	const char path[] = "/etc/hostname";

	r.mem_arg[0] = 1;
	r.mem_len[0] = sizeof(path) - 1;
	r.mem_flags[0] = SNOOP_MEM_DONE;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)path, sizeof(path) - 1)),
			 "(AT_FDCWD, \"/etc/hostname\", O_RDONLY)", "a 32-bit -100 is AT_FDCWD");
	r = rec32(I_LSEEK, 3, 0xffffffff, 1);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, -1, SEEK_CUR)", "off_t is 32-bit");
	r = rec32(I_MMAP2, 0, 8192, 3);
	r.args[3] = 0x22;
	r.args[4] = 0xffffffff;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)),
			 "(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)");
	r = rec32(I_FSTAT64, 3, 0xffd0e000, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, 0xffd0e000)",
			 "struct stat64 is not x86_64's: its address");
}

Test(ia32, only_same_layout_memory_is_read)
{
	cr_expect_eq(decode_argspec_ia32(I_READ), decode_argspec(SYS_read));
	cr_expect_eq(decode_argspec_ia32(I_OPENAT), decode_argspec(SYS_openat));
	cr_expect_eq(SNOOP_SPEC_KIND(decode_argspec_ia32(I_EXECVE) >> 16), 0u,
		     "argv holds 32-bit pointers: not read");
	cr_expect_eq(decode_argspec_ia32(I_FSTAT64), 0u);
	cr_expect_eq(decode_argspec_ia32(I_MMAP2), 0u);
	cr_expect_eq(decode_argspec_ia32(104), 0u, "setitimer: 32-bit timevals");
	cr_expect_eq(decode_argspec_ia32(116), 0u, "sysinfo: 32-bit longs");
	cr_expect_eq(decode_argspec_ia32(186), 0u, "sigaltstack: a 32-bit stack_t");
	cr_expect_eq(decode_argspec_ia32(100), 0u, "fstatfs: a 32-bit struct statfs");
	cr_expect_eq(decode_argspec_ia32(99) >> 16, 0u, "statfs: its path only");
}

Test(ia32, marked_in_text_and_json)
{
	struct snoop_record r = rec32(I_GETPID, 0, 0, 0);

	r.ret = 7;
	out[fmt_record(out, &r, NULL, 0, 0)] = '\0';
	cr_expect(strstr(out, " ia32:getpid ") != NULL, "%s", out);
	out[fmt_record_json(out, &r, NULL, 0, 0, NULL, NULL)] = '\0';
	cr_expect(strstr(out, "\"syscall\":\"getpid\",\"abi\":\"ia32\",\"nr\":20,") != NULL, "%s", out);
	r.flags = 0;
	r.nr = SYS_getpid;
	out[fmt_record_json(out, &r, NULL, 0, 0, NULL, NULL)] = '\0';
	cr_expect(strstr(out, "\"abi\"") == NULL, "native calls carry no abi: %s", out);
}
