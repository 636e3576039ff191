/* Option parsing: every rule of the command line, without running anything. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "opts.h"
#include "record/syscalls.h"

static struct options o;
static char err[512];

#define ARGV(...) ((char *[]){ "snoop", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "snoop", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(...) opts_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), &o, err, sizeof(err))

static int bit(long nr)
{
	return (o.syscall_bits[nr / 64] >> (nr % 64)) & 1;
}

Test(opts, pids_lists_and_repeats)
{
	cr_assert_eq(PARSE("-p", "12,34", "--pid=56", "-p", "12"), OPTS_RUN, "%s", err);
	cr_expect_eq(o.npids, 3, "duplicates are kept once");
	cr_expect_eq(o.pids[0], 12);
	cr_expect_eq(o.pids[1], 34);
	cr_expect_eq(o.pids[2], 56);
	cr_expect_null(o.command);
}

Test(opts, bad_pids)
{
	const char *bad[] = { "abc", "", "0", "-5", "12x", "4194305", "99999999999999999999", "1,,", ",", " 7" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_eq(PARSE("-p", (char *)bad[i]), OPTS_ERROR, "'%s' accepted", bad[i]);
		cr_expect(strstr(err, "invalid -p argument") != NULL, "%s", err);
	}
}

Test(opts, names_are_cut_like_the_kernel)
{
	cr_assert_eq(PARSE("-n", "nginx", "-n", "a-very-long-process-name"), OPTS_RUN, "%s", err);
	cr_expect_eq(o.nnames, 2);
	cr_expect_str_eq(o.names[0], "nginx");
	cr_expect_str_eq(o.names[1], "a-very-long-pro", "15 characters, as in /proc/PID/comm");
	cr_expect_eq(PARSE("-n", ""), OPTS_ERROR);
	cr_expect_eq(PARSE("-n", "usr/bin/x"), OPTS_ERROR, "a path is not a name");
}

Test(opts, syscall_set)
{
	cr_assert_eq(PARSE("-e", "openat,read", "-e", "1", "-p", "1"), OPTS_RUN, "%s", err);
	cr_expect(o.filter_syscalls);
	cr_expect(bit(syscall_number("openat")));
	cr_expect(bit(syscall_number("read")));
	cr_expect(bit(1));
	cr_expect_not(bit(syscall_number("close")));
	cr_expect_eq(PARSE("-e", "openat,bogus", "-p", "1"), OPTS_ERROR);
	cr_expect(strstr(err, "unknown syscall 'bogus'") != NULL, "%s", err);
	cr_expect_eq(PARSE("-e", "", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("-e", "read,,close", "-p", "1"), OPTS_ERROR);
	cr_expect(strstr(err, "unknown syscall ''") != NULL, "%s", err);
}

Test(opts, command_after_dashdash_or_first_operand)
{
	/* o.command points into argv: argv must outlive the checks (a compound
	 * literal inside an assertion dies with the assertion's block) */
	char *a1[] = { "snoop", "-f", "--", "ls", "-l", "/", NULL };
	char *a2[] = { "snoop", "make", "-j2", NULL };

	cr_assert_eq(opts_parse(6, a1, &o, err, sizeof(err)), OPTS_RUN, "%s", err);
	cr_expect(o.follow);
	cr_assert_not_null(o.command);
	cr_expect_str_eq(o.command[0], "ls");
	cr_expect_str_eq(o.command[1], "-l", "options after the command are its own");
	cr_assert_eq(opts_parse(3, a2, &o, err, sizeof(err)), OPTS_RUN, "%s", err);
	cr_expect_str_eq(o.command[1], "-j2");
}

Test(opts, defaults)
{
	cr_assert_eq(PARSE("-p", "1"), OPTS_RUN);
	cr_expect_eq(o.method, ATTACH_AUTO);
	cr_expect_eq(o.buffer_pages, OPTS_DEFAULT_PAGES);
	cr_expect_null(o.output);
	cr_expect_not(o.filter_syscalls);
	cr_expect_not(o.verbose);
}

Test(opts, nothing_to_trace)
{
	cr_expect_eq(PARSE("-v"), OPTS_ERROR);
	cr_expect(strstr(err, "nothing to trace") != NULL, "%s", err);
}

Test(opts, help_version_and_unknown)
{
	cr_expect_eq(PARSE("--help"), OPTS_HELP);
	cr_expect_eq(PARSE("-V"), OPTS_VERSION);
	cr_expect_eq(PARSE("-x", "-p", "1"), OPTS_ERROR);
	cr_expect(strstr(err, "'-x'") != NULL, "%s", err);
	cr_expect_eq(PARSE("--bogus", "-p", "1"), OPTS_ERROR);
	cr_expect(strstr(err, "--bogus") != NULL, "%s", err);
	cr_expect_eq(PARSE("-p"), OPTS_ERROR, "missing argument");
	cr_expect(strstr(opts_usage, "Examples:") != NULL);
}

Test(opts, buffer_pages_power_of_two)
{
	cr_expect_eq(PARSE("--buffer-pages=64", "-p", "1"), OPTS_RUN);
	cr_expect_eq(o.buffer_pages, 64u);
	cr_expect_eq(PARSE("--buffer-pages=48", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--buffer-pages=0", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--buffer-pages=131072", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--buffer-pages=-1", "-p", "1"), OPTS_ERROR);
}

Test(opts, attach_methods)
{
	cr_expect_eq(PARSE("--attach=kprobe", "-p", "1"), OPTS_RUN);
	cr_expect_eq(o.method, ATTACH_KPROBE);
	cr_expect_eq(PARSE("--attach=tracepoint", "-p", "1"), OPTS_RUN);
	cr_expect_eq(o.method, ATTACH_TP);
	cr_expect_eq(PARSE("--attach=uprobe", "-p", "1"), OPTS_ERROR);
	cr_expect_str_eq(attach_method_name(ATTACH_RAW_TP), "raw_tp");
	cr_expect_eq(attach_method_parse("raw_tp"), ATTACH_RAW_TP);
}

Test(opts, output_and_dirs)
{
	cr_expect_eq(PARSE("-o", "", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--bpf-dir=", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("-o", "t.txt", "--bpf-dir=/x", "-p", "1"), OPTS_RUN);
	cr_expect_str_eq(o.output, "t.txt");
	cr_expect_str_eq(o.bpf_dir, "/x");
}

Test(opts, conflicting_options)
{
	cr_expect_eq(PARSE("-t", "-p", "1"), OPTS_ERROR, "-t without -r");
	cr_expect(strstr(err, "-t and -T apply to -r") != NULL, "%s", err);
	cr_expect_eq(PARSE("-r", "cap", "-t", "-T"), OPTS_ERROR, "-t and -T together");
	cr_expect_eq(PARSE("-r", "cap", "--", "ls"), OPTS_ERROR, "-r runs nothing");
	cr_expect(strstr(err, "drop the command 'ls'") != NULL, "%s", err);
	cr_expect_eq(PARSE("-r", "cap", "-w", "out"), OPTS_ERROR);
	cr_expect_eq(PARSE("-r", "cap", "-f"), OPTS_ERROR);
	cr_expect_eq(PARSE("-w", "same", "-o", "same", "-p", "1"), OPTS_ERROR, "one file for two outputs");
	cr_expect_eq(PARSE("-w", "cap", "-o", "text", "-p", "1"), OPTS_RUN, "capture and text together");
	cr_expect_eq(PARSE("-r", "cap", "-e", "openat", "-n", "x", "-p", "3", "-T"), OPTS_RUN, "filters apply to -r");
	cr_expect_eq(PARSE("--format=xml", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--buffer=huge", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--inflight=lru", "-p", "1"), OPTS_ERROR);
}

Test(opts, strsize_bounds)
{
	cr_expect_eq(PARSE("-s", "0", "-p", "1"), OPTS_RUN);
	cr_expect_eq(o.strsize, 0u);
	cr_expect_eq(PARSE("-s", "256", "-p", "1"), OPTS_RUN);
	cr_expect_eq(PARSE("-s", "257", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("-s", "-1", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("-s", "1e3", "-p", "1"), OPTS_ERROR);
}

Test(opts, huge_and_repeated_values)
{
	static char many[OPTS_MAX_PIDS * 8 + 16];
	size_t i, n = 0;

	/* more PIDs than snoop keeps is an error, not a silent cut */
	for (i = 1; i <= OPTS_MAX_PIDS + 1; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "%s%zu", i > 1 ? "," : "", i);
	cr_expect_eq(PARSE("-p", many), OPTS_ERROR);
	cr_expect_eq(PARSE("-n", "a", "-n", "a", "-n", "a"), OPTS_RUN);
	cr_expect_eq(o.nnames, 1, "the same name once");
	cr_expect_eq(PARSE("-e", "read,read,read", "-p", "1"), OPTS_RUN);
}
