/* --format=strace: each kind of record in strace -f -ttt -T's line form,
 * as strace writes it (record/format_strace.h). */
#include <criterion/criterion.h>
#include <string.h>
#include <asm/unistd.h>
#include "record/format.h"
#include "record/format_strace.h"

static char line[FORMAT_RECORD_MAX];

#define T "1795305778.351427"   /* -ttt's time column, as the sink's clock gives it */

static const char *S(const struct snoop_record *r, unsigned mode)
{
	line[fmt_strace_record(line, r, NULL, 0, mode, T, NULL)] = '\0';
	return line;
}

Test(strace_format, a_call_pads_to_column_40_then_its_duration)
{
	struct snoop_record r = { .duration_ns = 12345, .pid = 5, .tid = 6, .nr = __NR_getppid, .ret = 7 };

	cr_expect_str_eq(S(&r, 0), "6     " T " getppid()       = 7 <0.000012>\n");
	r.tid = 1234567;   /* wider than strace's 5 columns: the line widens */
	cr_expect_str_eq(S(&r, 0), "1234567 " T " getppid()     = 7 <0.000012>\n");
}

Test(strace_format, a_long_call_has_one_blank_before_its_return)
{
	struct snoop_record r = { .duration_ns = 1500000, .pid = 5, .tid = 5, .nr = __NR_mprotect, .ret = 0,
				  .args = { 0x7f6978365000, 16384, 1 } };

	cr_expect_str_eq(S(&r, 0), "5     " T " mprotect(0x7f6978365000, 16384, PROT_READ) = 0 <0.001500>\n");
}

Test(strace_format, errors_have_minus_one_their_name_and_text)
{
	struct snoop_record r = { .duration_ns = 9000, .pid = 5, .tid = 5, .nr = __NR_close, .ret = -9,
				  .args = { 99 } };

	cr_expect_str_eq(S(&r, 0), "5     " T " close(99)       = -1 EBADF (Bad file descriptor) <0.000009>\n");
	r.ret = -512;   /* a restart: the program never sees it, strace shows "?" */
	cr_expect_str_eq(S(&r, 0), "5     " T " close(99)       = ? ERESTARTSYS (To be restarted if SA_RESTART is set) <0.000009>\n");
	r.ret = -4000;   /* an error number with no name: no text either */
	cr_expect_str_eq(S(&r, 0), "5     " T " close(99)       = -1 E4000 <0.000009>\n");
}

Test(strace_format, addresses_return_in_hex)
{
	struct snoop_record r = { .duration_ns = 1000, .pid = 5, .tid = 5, .nr = __NR_brk, .ret = 0x55c975060000 };

	cr_expect_str_eq(S(&r, 0), "5     " T " brk(NULL)       = 0x55c975060000 <0.000001>\n");
}

Test(strace_format, calls_without_both_ends)
{
	struct snoop_record r = { .pid = 5, .tid = 7, .nr = __NR_exit_group, .flags = SNOOP_REC_NORETURN };

	cr_expect_str_eq(S(&r, 0), "7     " T " exit_group(0)   = ?\n");
	r = (struct snoop_record){ .duration_ns = 5, .pid = 5, .tid = 7, .nr = __NR_close, .args = { 3 },
				   .flags = SNOOP_REC_KILLED };
	cr_expect_str_eq(S(&r, 0), "7     " T " close(3 <unfinished ...>) = ?\n", "the thread died in it");
	r.flags = SNOOP_REC_KILLED | SNOOP_REC_RESTART_SEEN;
	r.ret = -516;
	cr_expect_str_eq(S(&r, 0), "7     " T " close(3)        = ? ERESTART_RESTARTBLOCK (Interrupted by signal) <0.000000>\n",
			 "SIGTERM ended it: the return strace saw");
	r.ret = 0;
	r.flags = SNOOP_REC_NORETURN | SNOOP_REC_UNFINISHED;
	cr_expect_str_eq(S(&r, 0), "7     " T " close(3 <unfinished ...>\n", "still in it at the stop");
	r.flags = SNOOP_REC_NOENTRY;
	r.ret = 0;
	cr_expect_str_eq(S(&r, 0), "7     " T " close(3)        = 0\n", "no entry seen: no duration");
}

Test(strace_format, raw_registers_in_parentheses)
{
	struct snoop_record r = { .duration_ns = 1000, .pid = 5, .tid = 5, .nr = __NR_close, .args = { 3, 0x10 } };

	cr_expect_str_eq(S(&r, FMT_RAW), "5     " T " close(0x3, 0x10, 0x0, 0x0, 0x0, 0x0) = 0 <0.000001>\n");
}

Test(strace_format, signals_and_ends)
{
	struct snoop_record r = { .pid = 5, .tid = 6, .nr = 17, .flags = SNOOP_REC_SIGNAL,
				  .args = { 1 /* CLD_EXITED */, 9, 0, 0 } };

	cr_expect_str_eq(S(&r, 0), "6     " T " --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=9, si_uid=0, si_status=0} ---\n");
	r = (struct snoop_record){ .pid = 5, .tid = 6, .flags = SNOOP_REC_EXIT, .args = { 3 } };
	cr_expect_str_eq(S(&r, 0), "5     " T " +++ exited with 3 +++\n", "on the process's id");
	r.args[1] = 9;
	cr_expect_str_eq(S(&r, 0), "5     " T " +++ killed by SIGKILL +++\n");
}

Test(strace_format, errno_texts)
{
	cr_expect_str_eq(strace_errno_text(2), "No such file or directory");
	cr_expect_str_eq(strace_errno_text(516), "Interrupted by signal");
	cr_expect_null(strace_errno_text(515));
	cr_expect_null(strace_errno_text(4000));
}
