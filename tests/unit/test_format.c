/* Formatter: every width, negatives, maxima, and whole record lines. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>
#include "record/fdtable.h"
#include "record/format.h"

static char buf[FORMAT_RECORD_MAX + 1];

#define STR(call) (buf[(call)] = '\0', buf)

Test(fmt_udec, pads_to_width)
{
	cr_expect_str_eq(STR(fmt_udec(buf, 42, 7, ' ')), "     42");
	cr_expect_str_eq(STR(fmt_udec(buf, 42, 9, '0')), "000000042");
	cr_expect_str_eq(STR(fmt_udec(buf, 0, 3, '0')), "000");
	cr_expect_str_eq(STR(fmt_udec(buf, 0, 0, ' ')), "0");
}

Test(fmt_udec, wider_value_is_whole_not_cut)
{
	cr_expect_str_eq(STR(fmt_udec(buf, 12345678, 7, ' ')), "12345678");
	cr_expect_str_eq(STR(fmt_udec(buf, UINT64_MAX, 0, ' ')), "18446744073709551615");
	cr_expect_str_eq(STR(fmt_udec(buf, UINT64_MAX, 22, '0')), "0018446744073709551615");
}

Test(fmt_sdec, signs_and_extremes)
{
	cr_expect_str_eq(STR(fmt_sdec(buf, -2, 6)), "    -2");
	cr_expect_str_eq(STR(fmt_sdec(buf, 3, 6)), "     3");
	cr_expect_str_eq(STR(fmt_sdec(buf, 0, 1)), "0");
	cr_expect_str_eq(STR(fmt_sdec(buf, -4095, 0)), "-4095");
	cr_expect_str_eq(STR(fmt_sdec(buf, INT64_MIN, 0)), "-9223372036854775808");
	cr_expect_str_eq(STR(fmt_sdec(buf, INT64_MAX, 20)), " 9223372036854775807");
}

Test(fmt_hex, minimal_lowercase)
{
	cr_expect_str_eq(STR(fmt_hex(buf, 0)), "0x0");
	cr_expect_str_eq(STR(fmt_hex(buf, 0x5eed)), "0x5eed");
	cr_expect_str_eq(STR(fmt_hex(buf, UINT64_MAX)), "0xffffffffffffffff");
	cr_expect_str_eq(STR(fmt_hex(buf, 0xABCDEF)), "0xabcdef");
	/* odd and even digit counts: two digits per step, one left over */
	cr_expect_str_eq(STR(fmt_hex(buf, 0xf)), "0xf");
	cr_expect_str_eq(STR(fmt_hex(buf, 0x10)), "0x10");
	cr_expect_str_eq(STR(fmt_hex(buf, 0x100)), "0x100");
	cr_expect_str_eq(STR(fmt_hex(buf, 0x561382d4e1cdULL)), "0x561382d4e1cd");
	cr_expect_str_eq(STR(fmt_hex(buf, 0x8000000000000000ULL)), "0x8000000000000000");
}

Test(fmt_str, pads_or_keeps_whole)
{
	cr_expect_str_eq(STR(fmt_str(buf, "read", 6)), "read  ");
	cr_expect_str_eq(STR(fmt_str(buf, "set_mempolicy_home_node", 16)), "set_mempolicy_home_node");
	cr_expect_str_eq(STR(fmt_str(buf, "", 0)), "");
}

Test(fmt_timestamp, seconds_and_nanoseconds)
{
	cr_expect_str_eq(STR(fmt_timestamp(buf, 0)), "0000000000.000000000");
	cr_expect_str_eq(STR(fmt_timestamp(buf, 1234567890123ull)), "0000001234.567890123");
	cr_expect_str_eq(STR(fmt_timestamp(buf, 9999999999999999999ull)), "9999999999.999999999");
	/* beyond 10 digits of seconds the field widens, never wraps */
	cr_expect_str_eq(STR(fmt_timestamp(buf, UINT64_MAX)), "18446744073.709551615");
}

static struct snoop_record rec(int32_t nr, int64_t ret)
{
	struct snoop_record r = {
		.ts_ns = 12345678901234ull, .duration_ns = 4321, .pid = 100, .tid = 101,
		.nr = nr, .ret = ret, .args = { 0x5eed, 0, 0x42, 0xffffffffffffff9c, 1, 2 },
	};
	return r;
}

Test(fmt_record, success_line)
{
	struct snoop_record r = rec(0 /* read */, 66);

	cr_expect_str_eq(STR(fmt_record(buf, &r, NULL, 0, FMT_RAW)),
		"0000012345.678901234     100     101 read                           66 -                  4321 "
		"0x5eed 0x0 0x42 0xffffffffffffff9c 0x1 0x2\n");
}

Test(fmt_record, error_line_has_errno_name)
{
	struct snoop_record r = rec(257 /* openat */, -2);

	cr_expect_str_eq(STR(fmt_record(buf, &r, NULL, 0, FMT_RAW)),
		"0000012345.678901234     100     101 openat                         -2 ENOENT             4321 "
		"0x5eed 0x0 0x42 0xffffffffffffff9c 0x1 0x2\n");
}

Test(fmt_record, errno_without_name_and_non_error_negative)
{
	struct snoop_record r = rec(3, -4000);   /* -4000 is in the errno range, unnamed */

	fmt_record(buf, &r, NULL, 0, FMT_RAW);
	cr_expect(strstr(buf, "           -4000 E4000        ") != NULL, "%s", buf);
	r.ret = -5000;   /* below -4095: a value, not an error */
	buf[fmt_record(buf, &r, NULL, 0, FMT_RAW)] = '\0';
	cr_expect(strstr(buf, "           -5000 -            ") != NULL, "%s", buf);
}

Test(fmt_record, noreturn_and_unknown_syscall)
{
	struct snoop_record r = rec(231 /* exit_group */, 0);

	r.flags = SNOOP_REC_NORETURN;
	cr_expect_str_eq(STR(fmt_record(buf, &r, NULL, 0, FMT_RAW)),
		"0000012345.678901234     100     101 exit_group                      ? -                     ? "
		"0x5eed 0x0 0x42 0xffffffffffffff9c 0x1 0x2\n");
	r = rec(1000, 0);
	fmt_record(buf, &r, NULL, 0, FMT_RAW);
	cr_expect(strncmp(buf + 37, "sys_1000         ", 17) == 0, "%s", buf);
}

Test(fmt_record, a_call_the_thread_died_in)
{
	struct snoop_record r = rec(34 /* pause */, -514);

	r.flags = SNOOP_REC_KILLED;
	cr_expect_str_eq(STR(fmt_record(buf, &r, NULL, 0, FMT_RAW)),
		"0000012345.678901234     100     101 pause                           ? -                  4321 "
		"0x5eed 0x0 0x42 0xffffffffffffff9c 0x1 0x2\n", "no return value: ?, the time until the kill");
	fmt_record_json(buf, &r, NULL, 0, 0, NULL, NULL);
	cr_expect(strstr(buf, "\"ret\":null,\"errno\":null,\"killed\":true,\"duration_ns\":4321,") != NULL, "%s", buf);
	/* SIGTERM's delivery ended it: its restart code, as strace (stopped at that return) shows it */
	r.flags = SNOOP_REC_KILLED | SNOOP_REC_RESTART_SEEN;
	cr_expect_str_eq(STR(fmt_record(buf, &r, NULL, 0, FMT_RAW)),
		"0000012345.678901234     100     101 pause                           ? ERESTARTNOHAND       4321 "
		"0x5eed 0x0 0x42 0xffffffffffffff9c 0x1 0x2\n");
	fmt_record_json(buf, &r, NULL, 0, 0, NULL, NULL);
	cr_expect(strstr(buf, "\"ret\":null,\"errno\":\"ERESTARTNOHAND\",\"killed\":true,\"duration_ns\":4321,") != NULL,
		  "%s", buf);
	r.ret = -4;   /* not a restart code: nothing more to say */
	cr_expect(strstr(STR(fmt_record(buf, &r, NULL, 0, FMT_RAW)), " ? - ") != NULL, "%s", buf);
}

Test(fmt_record, a_call_whose_entry_was_not_seen)
{
	struct snoop_record r = rec(110 /* getppid */, -13);

	r.flags = SNOOP_REC_NOENTRY;
	cr_expect_str_eq(STR(fmt_record(buf, &r, NULL, 0, FMT_RAW)),
		"0000012345.678901234     100     101 getppid                       -13 EACCES                ? "
		"0x5eed 0x0 0x42 0xffffffffffffff9c 0x1 0x2\n", "a return, no duration");
	fmt_record_json(buf, &r, NULL, 0, 0, NULL, NULL);
	cr_expect(strstr(buf, "\"ret\":-13,\"errno\":\"EACCES\",\"no_entry\":true,\"duration_ns\":null,") != NULL, "%s", buf);
}

Test(fmt_record, signals_and_ends_as_strace_shows_them)
{
	struct snoop_record r = { .ts_ns = 12345678901234ull, .pid = 100, .tid = 101, .nr = 17,
				  .flags = SNOOP_REC_SIGNAL, .args = { 1 /* CLD_EXITED */, 102, 0, 3 } };

	cr_expect_str_eq(STR(fmt_record(buf, &r, NULL, 0, 0)),
		"0000012345.678901234     100     101 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=102, si_uid=0, si_status=3} ---\n");
	/* the child's CPU times, in ticks: strace's comment in seconds when not 0 */
	r.flags |= SNOOP_REC_CHILD_TIMES;
	r.args[5] = 1805 | (uint64_t)0 << 32;
	cr_expect_str_eq(STR(fmt_record(buf, &r, NULL, 0, 0)),
		"0000012345.678901234     100     101 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=102, si_uid=0, "
		"si_status=3, si_utime=1805 /* 18.05 s */, si_stime=0} ---\n");
	r.flags = SNOOP_REC_SIGNAL;
	r.nr = 15;
	r.args[0] = 0;   /* SI_USER */
	r.args[1] = 7;
	r.args[2] = 1000;
	cr_expect_str_eq(STR(fmt_record(buf, &r, NULL, 0, FMT_RAW)),
		"0000012345.678901234     100     101 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=7, si_uid=1000} ---\n",
		"the same with --raw");
	fmt_record_json(buf, &r, NULL, 0, 0, NULL, NULL);
	cr_expect(strstr(buf, "{\"type\":\"signal\",\"time_ns\":12345678901234,\"pid\":100,\"tid\":101,") == buf, "%s", buf);
	cr_expect(strstr(buf, "\"signal\":\"SIGTERM\",\"signo\":15,\"code\":\"SI_USER\",\"si_pid\":7,\"si_uid\":1000,") != NULL, "%s", buf);
	/* a fault: its code by the signal's names, the address from the two
	 * words where a sent signal has its sender */
	r.nr = 11;
	r.args[0] = 1;                       /* SEGV_MAPERR */
	r.args[1] = (uint64_t)(int64_t)(int32_t)0x89abcdef;   /* the BPF side sign-extends si_pid */
	r.args[2] = 0x7f01;
	cr_expect_str_eq(STR(fmt_record(buf, &r, NULL, 0, 0)),
		"0000012345.678901234     100     101 --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x7f0189abcdef} ---\n");
	fmt_record_json(buf, &r, NULL, 0, 0, NULL, NULL);
	cr_expect(strstr(buf, "\"code\":\"SEGV_MAPERR\",") && strstr(buf, ",\"si_addr\":\"0x7f0189abcdef\""), "%s", buf);
	r.args[1] = r.args[2] = 0;
	cr_expect(strstr(STR(fmt_record(buf, &r, NULL, 0, 0)), "si_code=SEGV_MAPERR, si_addr=NULL}"), "%s", buf);
	r.nr = 7;                            /* SIGBUS */
	r.args[0] = 2;
	r.args[1] = 0x1000;
	cr_expect(strstr(STR(fmt_record(buf, &r, NULL, 0, 0)), "{si_signo=SIGBUS, si_code=BUS_ADRERR, si_addr=0x1000}"), "%s", buf);
	r.args[0] = 0;                       /* kill -BUS: a sender, no address */
	r.args[1] = 7;
	cr_expect(strstr(STR(fmt_record(buf, &r, NULL, 0, 0)), "{si_signo=SIGBUS, si_code=SI_USER, si_pid=7, si_uid=0}"), "%s", buf);
	buf[fmt_record_json(buf, &r, NULL, 0, 0, NULL, NULL)] = '\0';
	cr_expect(!strstr(buf, "si_addr"), "%s", buf);
	r = (struct snoop_record){ .ts_ns = 5, .pid = 100, .tid = 100, .flags = SNOOP_REC_EXIT, .args = { 7, 0 } };
	cr_expect_str_eq(STR(fmt_record(buf, &r, NULL, 0, 0)), "0000000000.000000005     100     100 +++ exited with 7 +++\n");
	r.args[1] = 9;
	cr_expect_str_eq(STR(fmt_record(buf, &r, NULL, 0, 0)), "0000000000.000000005     100     100 +++ killed by SIGKILL +++\n");
	fmt_record_json(buf, &r, NULL, 0, 0, NULL, NULL);
	cr_expect(strstr(buf, ",\"killed_by\":\"SIGKILL\"}\n") != NULL, "%s", buf);
}

Test(fmt_record, widest_values_fit_the_bound)
{
	struct snoop_record r = {
		.ts_ns = UINT64_MAX, .duration_ns = UINT64_MAX, .pid = UINT32_MAX, .tid = UINT32_MAX,
		.nr = INT32_MIN, .ret = INT64_MIN,
		.args = { UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX },
	};
	size_t n = fmt_record(buf, &r, NULL, 0, FMT_RAW);

	cr_expect(n <= FORMAT_RECORD_MAX);
	cr_expect_eq(buf[n - 1], '\n');
}

Test(fmt_record, columns_before_args_are_fixed)
{
	struct snoop_record a = rec(0, 1), b = rec(257, -13);
	char other[FORMAT_RECORD_MAX];

	fmt_record(buf, &a, NULL, 0, 1);
	fmt_record(other, &b, NULL, 0, 1);
	/* time, pid, tid, syscall, ret, errno, duration end at the same column */
	cr_expect_eq(strstr(buf, " 0x5eed") - buf, strstr(other, " 0x5eed") - other);
}

/* ---- where the fields are (fmt_record_at's spans) ---- */

static char cut[4096];

/* r's line formatted with spans: the fields they cut out, '|' between
 * (want: the fields, ended by FMT_FIELDS). Each span lies in the line
 * before its '\n', in order, and the line is the same bytes as the one
 * formatted without spans. */
static const char *fields(const struct snoop_record *r, const void *data, size_t len, unsigned mode,
			  const char *time_text, struct fdtable *fds, const enum fmt_field *want)
{
	static char plain[FORMAT_RECORD_MAX];
	struct fmt_spans sp;
	size_t n = fmt_record_at(buf, r, data, len, mode, time_text, fds, &sp), end = 0, k;

	cr_assert_eq(fmt_record_at(plain, r, data, len, mode, time_text, fds, NULL), n);
	cr_assert_eq(memcmp(plain, buf, n), 0, "the same line with spans or without");
	cut[0] = '\0';
	for (k = 0; want[k] != FMT_FIELDS; k++) {
		const struct fmt_span *f = &sp.f[want[k]];

		cr_assert_geq(f->off, end, "field %d starts after the one before", want[k]);
		cr_assert_leq(f->off + f->len, n - 1, "field %d ends before the '\\n'", want[k]);
		end = f->off + f->len;
		strncat(cut, buf + f->off, f->len);
		strcat(cut, want[k + 1] == FMT_FIELDS ? "" : "|");
	}
	return cut;
}

static const enum fmt_field call[] = { FMT_F_TIME, FMT_F_PID, FMT_F_TID, FMT_F_SYSCALL, FMT_F_RET,
				       FMT_F_ERRNO, FMT_F_DURATION, FMT_F_ARGS, FMT_FIELDS };

Test(fmt_spans, a_call_decoded_raw_and_with_seconds)
{
	struct snoop_record r = rec(257 /* openat */, 3);
	const char path[] = "/etc/passwd";

	r.args[0] = (uint64_t)-100;
	r.args[1] = 0x7ffd0000;
	r.args[2] = 0;
	r.mem_arg[0] = 1;
	r.mem_len[0] = sizeof(path) - 1;
	r.mem_flags[0] = SNOOP_MEM_DONE;
	cr_expect_str_eq(fields(&r, path, sizeof(path) - 1, 0, NULL, NULL, call),
			 "0000012345.678901234|100|101|openat|3|-|4321|(AT_FDCWD, \"/etc/passwd\", O_RDONLY)");
	cr_expect_str_eq(fields(&r, path, sizeof(path) - 1, FMT_RAW, NULL, NULL, call),
			 "0000012345.678901234|100|101|openat|3|-|4321|0xffffffffffffff9c 0x7ffd0000 0x0 0xffffffffffffff9c 0x1 0x2");
	r.duration_ns = 12500000000ull;
	r.ret = -2;
	cr_expect_str_eq(fields(&r, path, sizeof(path) - 1, FMT_SECONDS, "07:15:02.123456", NULL, call),
			 "07:15:02.123456|100|101|openat|-2|ENOENT|12.500000|(AT_FDCWD, \"/etc/passwd\", O_RDONLY)");
}

Test(fmt_spans, padding_is_not_in_a_field_and_wide_values_are_whole)
{
	struct snoop_record r = rec(1000, -4000);

	r.flags = SNOOP_REC_UNFINISHED;
	cr_expect_str_eq(fields(&r, NULL, 0, FMT_RAW, NULL, NULL, call),
			 "0000012345.678901234|100|101|sys_1000|-4000|E4000|4321|"
			 "0x5eed 0x0 0x42 0xffffffffffffff9c 0x1 0x2 <unfinished ...>");
	r = (struct snoop_record){ .ts_ns = UINT64_MAX, .duration_ns = UINT64_MAX, .pid = UINT32_MAX, .tid = 0,
				   .nr = 110 /* getppid */, .ret = INT64_MIN };
	cr_expect_str_eq(fields(&r, NULL, 0, 0, NULL, NULL, call),
			 "18446744073.709551615|4294967295|0|getppid|-9223372036854775808|-|18446744073709551615|()");
	cr_expect_str_eq(fields(&r, NULL, 0, FMT_SECONDS, NULL, NULL, call),
			 "18446744073.709551615|4294967295|0|getppid|-9223372036854775808|-|18446744073.709551|()");
}

Test(fmt_spans, calls_without_a_return_or_an_entry)
{
	struct snoop_record r = rec(231 /* exit_group */, 0);

	r.flags = SNOOP_REC_NORETURN;
	cr_expect_str_eq(fields(&r, NULL, 0, FMT_SECONDS, NULL, NULL, call),
			 "0000012345.678901234|100|101|exit_group|?|-|?|(24301)");
	r.flags = SNOOP_REC_KILLED;
	cr_expect_str_eq(fields(&r, NULL, 0, 0, NULL, NULL, call), "0000012345.678901234|100|101|exit_group|?|-|4321|(24301)");
	r = rec(110 /* getppid */, -13);
	r.flags = SNOOP_REC_NOENTRY;
	cr_expect_str_eq(fields(&r, NULL, 0, 0, NULL, NULL, call), "0000012345.678901234|100|101|getppid|-13|EACCES|?|()");
}

Test(fmt_spans, an_ia32_call)
{
	struct snoop_record r = rec(20 /* ia32 getpid */, 7);

	r.flags = SNOOP_REC_IA32;
	cr_expect_str_eq(fields(&r, NULL, 0, 0, NULL, NULL, call), "0000012345.678901234|100|101|ia32:getpid|7|-|4321|()");
}

Test(fmt_spans, fds_annotated)
{
	struct snoop_record r = rec(0 /* read */, 0);
	struct fdtable fds;

	cr_assert_eq(fdtable_init(&fds, 64, NULL, NULL), 0);
	fdtable_set(&fds, 100, 3, "/etc/pass wd", 12, 0);
	r.args[0] = 3;
	r.args[2] = 10;
	cr_expect_str_eq(fields(&r, NULL, 0, 0, NULL, &fds, call),
			 "0000012345.678901234|100|101|read|0|-|4321|(3</etc/pass wd>, NULL, 10)");
	fdtable_free(&fds);
}

Test(fmt_spans, signals_and_ends)
{
	static const enum fmt_field sig[] = { FMT_F_TIME, FMT_F_PID, FMT_F_TID, FMT_F_SIGNAL, FMT_F_SIGINFO, FMT_FIELDS };
	static const enum fmt_field exited[] = { FMT_F_TIME, FMT_F_PID, FMT_F_TID, FMT_F_STATUS, FMT_FIELDS };
	static const enum fmt_field killed[] = { FMT_F_TIME, FMT_F_PID, FMT_F_TID, FMT_F_KILLED_BY, FMT_FIELDS };
	struct snoop_record r = { .ts_ns = 12345678901234ull, .pid = 100, .tid = 101, .nr = 17,
				  .flags = SNOOP_REC_SIGNAL, .args = { 1 /* CLD_EXITED */, 102, 0, 3 } };

	cr_expect_str_eq(fields(&r, NULL, 0, 0, NULL, NULL, sig),
			 "0000012345.678901234|100|101|SIGCHLD|{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=102, si_uid=0, si_status=3}");
	r.nr = 35;
	r.args[0] = (uint64_t)-1;   /* SI_QUEUE */
	cr_expect_str_eq(fields(&r, NULL, 0, FMT_RAW, "12:00:00", NULL, sig),
			 "12:00:00|100|101|SIGRTMIN+3|{si_signo=SIGRTMIN+3, si_code=SI_QUEUE, si_pid=102, si_uid=0}");
	r = (struct snoop_record){ .ts_ns = 5, .pid = 100, .tid = 100, .flags = SNOOP_REC_EXIT, .args = { 255, 0 } };
	cr_expect_str_eq(fields(&r, NULL, 0, 0, NULL, NULL, exited), "0000000000.000000005|100|100|255");
	r.args[1] = 9;
	cr_expect_str_eq(fields(&r, NULL, 0, 0, NULL, NULL, killed), "0000000000.000000005|100|100|SIGKILL");
}

Test(fmt_header, its_first_line_alone_for_the_collectors)
{
	static const struct run_info ri = { .boot_realtime = "0000000001.000000002", .host = "h", .kernel = "6.18",
					    .arch = "x86_64", .pid = "42", .cmdline = "snoop -T -- ls -l" };
	char line[FORMAT_HEADER_MAX];
	size_t n = fmt_header_line(line, &ri, FMT_SECONDS);

	line[n] = '\0';
	cr_expect_str_eq(line, "# snoop format=3 clock=monotonic boot_realtime=0000000001.000000002 host=h kernel=6.18 "
			       "arch=x86_64 pid=42 args=decoded cmdline=snoop -T -- ls -l");
	cr_expect_str_eq(STR(fmt_header(buf, &ri, FMT_SECONDS)),
			 "# snoop format=3 clock=monotonic boot_realtime=0000000001.000000002 host=h kernel=6.18 "
			 "arch=x86_64 pid=42 args=decoded cmdline=snoop -T -- ls -l\n"
			 "# time pid tid syscall ret errno duration_s (args)\n");
}

Test(fmt_lost, line)
{
	cr_expect_str_eq(STR(fmt_lost(buf, 12345, 1)), "# lost 12345 records on cpu 1\n");
}

Test(fmt_unstored, lines_json_and_an_unknown_kind)
{
	cr_expect_str_eq(STR(fmt_unstored(buf, SNOOP_UNSTORED_TRACED, 3)),
			 "# untraced 3 processes (the kernel's table of traced processes was full or out of memory: "
			 "their calls are missing)\n");
	cr_expect_str_eq(STR(fmt_unstored(buf, SNOOP_UNSTORED_TRACED, 1)),
			 "# untraced 1 process (the kernel's table of traced processes was full or out of memory: "
			 "its calls are missing)\n");
	cr_expect_str_eq(STR(fmt_unstored(buf, SNOOP_UNSTORED_ENDING, 1)),
			 "# unkept 1 process end (the kernel's table of endings was full or out of memory: its end "
			 "record shows 0, not its exit status or killing signal)\n");
	cr_expect(STR(fmt_unstored(buf, SNOOP_UNSTORED_ENDING, 18446744073709551615ull)) &&
		  strlen(buf) < FMT_UNSTORED_MAX, "the largest count fits: %s", buf);
	cr_expect_str_eq(STR(fmt_unstored_json(buf, SNOOP_UNSTORED_TRACED, 3)), "{\"type\":\"untraced\",\"count\":3}\n");
	cr_expect_str_eq(STR(fmt_unstored_json(buf, SNOOP_UNSTORED_ENDING, 2)), "{\"type\":\"unkept\",\"count\":2}\n");
	cr_expect_eq(fmt_unstored(buf, SNOOP_UNSTORED_KINDS, 1), 0);
	cr_expect_eq(fmt_unstored_json(buf, SNOOP_UNSTORED_KINDS, 1), 0);
	cr_expect_null(fmt_unstored_type(SNOOP_UNSTORED_KINDS));
}

/* A field is never taken from the traced command's words after cmdline=:
 * a capture of `echo cgroups=...` must not name containers on replay. */
Test(header_field, not_from_the_command_line)
{
	const char *text = "# snoop format=3 clock=monotonic host=vm arch=x86_64 args=decoded "
			   "cmdline=snoop -w c -- echo cgroups=1:/evil:docker:0123456789ab:pwn select=all\n"
			   "# time pid tid syscall ret errno duration_ns (args)\n";
	char out[256];

	cr_expect_eq(header_field(text, "cgroups", out, sizeof(out)), -1);
	cr_expect_eq(header_field(text, "select", out, sizeof(out)), -1);
	cr_assert_eq(header_field(text, "host", out, sizeof(out)), 0);
	cr_expect_str_eq(out, "vm");
	cr_assert_eq(header_field(text, "cmdline", out, sizeof(out)), 0);
	cr_expect_str_eq(out, "snoop -w c -- echo cgroups=1:/evil:docker:0123456789ab:pwn select=all");
}
