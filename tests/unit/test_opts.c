/* Option parsing: every rule of the command line, without running anything. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "opts.h"
#include "bpf/snoop.h"
#include "record/sink.h"
#include "record/summary.h"
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

/* the 1025th PID, in one list or in another -p, is refused for the limit,
 * not as if it were not a PID */
Test(opts, too_many_pids_says_the_limit)
{
	static char list[OPTS_MAX_PIDS * 6 + 8];
	size_t n = 0;
	int i;

	for (i = 1; i <= OPTS_MAX_PIDS; i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%d", i > 1 ? "," : "", i);
	cr_assert_eq(PARSE("-p", list), OPTS_RUN, "%s", err);
	cr_expect_eq(o.npids, OPTS_MAX_PIDS);
	cr_expect_eq(PARSE("-p", list, "-p", "1"), OPTS_RUN, "a PID given twice takes no room: %s", err);
	cr_expect_eq(PARSE("-p", list, "-p", "1", "-p", "99999"), OPTS_ERROR);
	cr_expect_str_eq(err, "-p: more than 1024 PIDs (the limit): trace fewer, or use -n NAME or -f");
	snprintf(list + n, sizeof(list) - n, ",99999");
	cr_expect_eq(PARSE("-p", list), OPTS_ERROR);
	cr_expect_str_eq(err, "-p: more than 1024 PIDs (the limit): trace fewer, or use -n NAME or -f");
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
	cr_expect(strstr(err, "empty element") != NULL, "%s", err);
}

Test(opts, syscall_classes_negation_and_suggestions)
{
	cr_assert_eq(PARSE("-e", "%file", "-p", "1"), OPTS_RUN, "%s", err);
	cr_expect(bit(syscall_number("openat")) && bit(syscall_number("newfstatat")) && bit(syscall_number("execve")));
	cr_expect_not(bit(syscall_number("read")), "read takes an fd, not a file name");
	cr_assert_eq(PARSE("-e", "trace=%network,%%stat", "-p", "1"), OPTS_RUN, "%s", err);
	cr_expect(bit(syscall_number("connect")) && bit(syscall_number("fstat")) && bit(syscall_number("statx")));
	cr_expect_not(bit(syscall_number("openat")));
	cr_assert_eq(PARSE("-e", "!read,write,%memory", "-p", "1"), OPTS_RUN, "%s", err);
	cr_expect_not(bit(syscall_number("read")));
	cr_expect_not(bit(syscall_number("mmap")));
	cr_expect(bit(syscall_number("openat")) && bit(1000), "the complement: everything else");
	cr_assert_eq(PARSE("-e", "process", "-p", "1"), OPTS_RUN, "strace's old class names: %s", err);
	cr_expect(bit(syscall_number("clone")) && bit(syscall_number("exit_group")));
	cr_assert_eq(PARSE("-e", "none", "-p", "1"), OPTS_RUN, "%s", err);
	cr_expect_not(bit(syscall_number("read")));
	cr_expect_eq(PARSE("-e", "opnat", "-p", "1"), OPTS_ERROR);
	cr_expect(strstr(err, "unknown syscall 'opnat' (did you mean openat") != NULL, "%s", err);
	cr_expect_eq(PARSE("-e", "%netwrk", "-p", "1"), OPTS_ERROR);
	cr_expect(strstr(err, "unknown class '%netwrk' (did you mean %network?)") != NULL, "%s", err);
	cr_expect_eq(PARSE("-e", "xyzzyqwerty", "-p", "1"), OPTS_ERROR);
	cr_expect(strstr(err, "did you mean") == NULL, "nothing close: no guess: %s", err);
}

Test(opts, result_filters_and_summary)
{
	cr_assert_eq(PARSE("-Z", "--min-duration=250us", "-P", "/etc/passwd", "-P", "/tmp", "-p", "1"), OPTS_RUN, "%s", err);
	cr_expect_eq(o.status_filter, SNOOP_ONLY_FAILED);
	cr_expect_eq(o.min_duration_ns, 250000);
	cr_expect_eq(o.npaths, 2);
	cr_expect_str_eq(o.paths[1], "/tmp");
	cr_assert_eq(PARSE("-z", "--min-duration=1.5s", "-p", "1"), OPTS_RUN, "%s", err);
	cr_expect_eq(o.status_filter, SNOOP_ONLY_SUCCESSFUL);
	cr_expect_eq(o.min_duration_ns, 1500000000);
	cr_expect_eq(PARSE("-Z", "-z", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--min-duration=10", "-p", "1"), OPTS_ERROR, "a unit is needed");
	cr_expect(strstr(err, "give a time with its unit") != NULL, "%s", err);
	cr_expect_eq(PARSE("--min-duration=-1ms", "-p", "1"), OPTS_ERROR);
	cr_assert_eq(PARSE("-c", "-S", "calls", "--interval=5", "--per-process", "--histogram", "-p", "1"), OPTS_RUN, "%s", err);
	cr_expect_eq(o.summary, SUMMARY_ONLY);
	cr_expect_eq(o.sort, SORT_CALLS);
	cr_expect_eq(o.interval_s, 5);
	cr_expect(o.per_process && o.histogram);
	cr_expect_eq(opts_sink_flags(&o) & (SINK_TEXT | SINK_NO_RECORDS), SINK_TEXT | SINK_NO_RECORDS);
	cr_expect_eq(PARSE("-S", "calls", "-p", "1"), OPTS_ERROR, "-S without -c");
	cr_expect(strstr(err, "add -c") != NULL, "%s", err);
	cr_expect_eq(PARSE("-c", "-C", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("-c", "-S", "speed", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("-P", "/x", "--raw", "-p", "1"), OPTS_ERROR);
}

Test(opts, bounds_and_combinations_of_the_new_options)
{
	char long_path[SNOOP_PATH_LEN + 1];

	memset(long_path, 'a', SNOOP_PATH_LEN);
	long_path[SNOOP_PATH_LEN] = '\0';
	cr_expect_eq(PARSE("-P", long_path, "-p", "1"), OPTS_ERROR, "a path past the kernel's key");
	cr_expect(strstr(err, "invalid -P argument") != NULL, "%s", err);
	cr_expect_eq(PARSE("-P", "", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("-P", "/1", "-P", "/2", "-P", "/3", "-P", "/4", "-P", "/5", "-P", "/6", "-P", "/7",
			   "-P", "/8", "-P", "/9", "-p", "1"), OPTS_ERROR, "more paths than the map holds");
	cr_expect(strstr(err, "too many -P paths") != NULL, "%s", err);
	cr_expect_eq(PARSE("-c", "--interval=0", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("-c", "--interval=1s", "-p", "1"), OPTS_ERROR, "whole seconds");
	cr_expect_eq(PARSE("-r", "cap", "-c", "--interval=5"), OPTS_ERROR, "a capture's summary is printed once");
	cr_expect_eq(PARSE("-tttt", "-p", "1"), OPTS_ERROR);
	cr_expect(strstr(err, "at most three times") != NULL, "%s", err);
	cr_expect_eq(PARSE("-k", "-w", "cap", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("-k", "-r", "cap"), OPTS_ERROR);
	cr_expect_eq(PARSE("-k", "-c", "-p", "1"), OPTS_ERROR);
	cr_expect(strstr(err, "-c (no records)") != NULL, "%s", err);
	cr_expect_eq(PARSE("-k", "-C", "-p", "1"), OPTS_RUN, "-C has records to show stacks with: %s", err);
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
	cr_expect_eq(o.buffer_pages, 0u, "0: the default, sized by the CPUs at run time");
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

/* --html: a file name; beside any output; with -c the records still
 * cross (for the report), as with -c -w; nothing to report with --prepare. */
Test(opts, html_report)
{
	struct replay_config c;

	cr_expect_eq(PARSE("--html=r.html", "-o", "t.txt", "-p", "1"), OPTS_RUN, "%s", err);
	cr_expect_str_eq(o.html, "r.html");
	cr_expect_eq(opts_sink_flags(&o) & SINK_TEXT, SINK_TEXT, "the text output as without it");
	cr_expect_eq(PARSE("-c", "-p", "1"), OPTS_RUN);
	cr_expect_not(opts_sends_records(&o), "-c alone counts in the kernel");
	cr_expect_eq(PARSE("-c", "--html=r.html", "-p", "1"), OPTS_RUN);
	cr_expect(opts_sends_records(&o), "-c --html: the report needs the records");
	cr_expect_eq(PARSE("-r", "cap", "--html=r.html"), OPTS_RUN);
	opts_replay_config(&o, &c);
	cr_expect_str_eq(c.html, "r.html");
	cr_expect_eq(PARSE("--html=", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--html=-", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--html=/dev/stdout", "-p", "1"), OPTS_ERROR);
	cr_expect_str_eq(err, "invalid --html argument: '/dev/stdout': give a file name (the report is not written to standard output or another stream)");
	cr_expect_eq(PARSE("--html=/dev/fd/3", "-p", "1"), OPTS_ERROR);
	cr_expect(strstr(err, "give a file name") != NULL, "%s", err);
	cr_expect_eq(PARSE("--prepare", "--html=r.html"), OPTS_ERROR);
	cr_expect(strstr(err, "--prepare traces nothing") != NULL, "%s", err);
}

Test(opts, cache)
{
	cr_expect_eq(PARSE("-p", "1"), OPTS_RUN);
	cr_expect_null(o.cache_dir, "NULL: the default directory");
	cr_expect_not(o.no_cache);
	cr_expect_eq(PARSE("--cache-dir=/c", "-p", "1"), OPTS_RUN);
	cr_expect_str_eq(o.cache_dir, "/c");
	cr_expect_eq(PARSE("--no-cache", "-p", "1"), OPTS_RUN);
	cr_expect(o.no_cache);
	cr_expect_eq(PARSE("--cache-dir=", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--no-cache", "--cache-dir=/c", "-p", "1"), OPTS_ERROR);
	cr_expect(strstr(err, "exclude each other") != NULL, "%s", err);
}

Test(opts, conflicting_options)
{
	cr_expect_eq(PARSE("-t", "-p", "1"), OPTS_RUN, "-t while tracing: %s", err);
	cr_expect_eq(o.time_mode, TIME_CLOCK);
	cr_expect_eq(PARSE("-tt", "-p", "1"), OPTS_RUN);
	cr_expect_eq(o.time_mode, TIME_CLOCK_US);
	cr_expect_eq(PARSE("-t", "-t", "-t", "-T", "-p", "1"), OPTS_RUN);
	cr_expect_eq(o.time_mode, TIME_EPOCH_US);
	cr_expect(o.seconds);
	cr_expect_eq(PARSE("-r", "cap", "-t", "--iso-time"), OPTS_ERROR, "two time formats");
	cr_expect_eq(PARSE("-r", "--", "ls"), OPTS_ERROR, "strace's -r");
	cr_expect(strstr(err, "--relative-timestamps") != NULL, "%s", err);
	cr_expect_eq(PARSE("--relative-timestamps", "-p", "1"), OPTS_RUN);
	cr_expect_eq(o.time_mode, TIME_DELTA);
	cr_expect_eq(PARSE("-r", "cap", "--", "ls"), OPTS_ERROR, "-r runs nothing");
	cr_expect(strstr(err, "drop the command 'ls'") != NULL, "%s", err);
	cr_expect_eq(PARSE("-r", "cap", "-w", "out"), OPTS_ERROR);
	cr_expect_eq(PARSE("-r", "cap", "-f"), OPTS_ERROR);
	cr_expect_eq(PARSE("-w", "same", "-o", "same", "-p", "1"), OPTS_ERROR, "one file for two outputs");
	cr_expect_eq(PARSE("-w", "-", "-o", "/dev/stdout", "-p", "1"), OPTS_ERROR, "stdout twice, by two names");
	cr_expect_eq(PARSE("-w", "cap", "-o", "text", "-p", "1"), OPTS_RUN, "capture and text together");
	cr_expect_eq(PARSE("-r", "cap", "-e", "openat", "-n", "x", "-p", "3", "-T"), OPTS_RUN, "filters apply to -r");
	cr_expect_eq(PARSE("--format=xml", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--buffer=huge", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--inflight=lru", "-p", "1"), OPTS_ERROR);
}

Test(opts, formats_other_tools_read)
{
	cr_expect_eq(PARSE("-r", "cap", "--format=trace-event", "-o", "t.json"), OPTS_RUN, "%s", err);
	cr_expect(o.trace_event && !o.json && !o.strace_lines);
	cr_expect_eq(opts_sink_flags(&o), SINK_TEXT | SINK_TRACE_EVENT);
	cr_expect_eq(PARSE("--format=strace", "-p", "1"), OPTS_RUN, "%s", err);
	cr_expect(o.strace_lines && !o.trace_event);
	cr_expect_eq(o.time_mode, TIME_EPOCH_US, "strace's -ttt times unless told otherwise");
	cr_expect_eq(opts_sink_flags(&o), SINK_TEXT | SINK_STRACE);
	cr_expect_eq(PARSE("--format=strace", "-tt", "-T", "-p", "1"), OPTS_RUN, "%s", err);
	cr_expect_eq(o.time_mode, TIME_CLOCK_US, "-tt as strace -tt");
	cr_expect_eq(PARSE("--format=strace", "-C", "-p", "1"), OPTS_RUN, "strace -C: lines then the table: %s", err);
	cr_expect_eq(PARSE("--format=json", "--format=strace", "-p", "1"), OPTS_RUN, "the last --format wins");
	cr_expect(!o.json && o.strace_lines);

	cr_expect_eq(PARSE("--format=trace-event", "-c", "-p", "1"), OPTS_ERROR);
	cr_expect_str_eq(err, "-c prints a table, which --format=trace-event's JSON object cannot hold: drop one (the table: --format=json -c)");
	cr_expect_eq(PARSE("--format=trace-event", "-C", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--format=trace-event", "-ttt", "-p", "1"), OPTS_ERROR);
	cr_expect(strstr(err, "--format=trace-event has its own") != NULL, "%s", err);
	cr_expect_eq(PARSE("--format=trace-event", "-T", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--format=trace-event", "-k", "-p", "1"), OPTS_ERROR);
	cr_expect_str_eq(err, "-k writes stacks into snoop's text or JSON: it cannot go with --format=trace-event");
	cr_expect_eq(PARSE("--format=strace", "-k", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--format=strace", "--show-cgroup", "-p", "1"), OPTS_ERROR);
	cr_expect_str_eq(err, "--show-cgroup ends snoop's text lines with a field: --format=strace has no place for it (drop one; --format=json carries cgroup_id)");
	cr_expect_eq(PARSE("--format=trace-event", "--show-cgroup", "-p", "1"), OPTS_ERROR);
	cr_expect_eq(PARSE("--format=chrome", "-p", "1"), OPTS_ERROR);
	cr_expect_str_eq(err, "invalid --format argument: 'chrome': give text, json, trace-event or strace");
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

Test(opts, default_pages_spread_32_mib_over_the_cpus)
{
	cr_expect_eq(opts_default_pages(1, 1), 4096u);
	cr_expect_eq(opts_default_pages(2, 1), 4096u);
	cr_expect_eq(opts_default_pages(3, 1), 2048u);
	cr_expect_eq(opts_default_pages(4, 1), 2048u);
	cr_expect_eq(opts_default_pages(5, 1), 1024u);
	cr_expect_eq(opts_default_pages(8, 1), 1024u);
	cr_expect_eq(opts_default_pages(9, 1), 512u);
	cr_expect_eq(opts_default_pages(16, 1), 512u);
	cr_expect_eq(opts_default_pages(32, 1), 256u);
	cr_expect_eq(opts_default_pages(256, 1), 256u);
	cr_expect_eq(opts_default_pages(2, 0), OPTS_COUNT_ONLY_PAGES, "-c alone: no records cross");
}

Test(opts, to_destinations_and_their_companions)
{
	cr_assert_eq(PARSE("--to=tcp://h:1", "--to", "tls://l:6514", "--to-ca=/ca.pem", "--to-cert=c", "--to-key=k",
			   "--to-format=json", "--to-buffer=1M", "-p", "1"), OPTS_RUN, "%s", err);
	cr_expect_eq(o.to.n, 2);
	cr_expect_str_eq(o.to.urls[1], "tls://l:6514");
	cr_expect(o.to.json);
	cr_expect_str_eq(o.to.ca, "/ca.pem");
	cr_expect_eq(o.to.buffer, 1u << 20);
	cr_assert_eq(PARSE("--to=udp://h", "--to-buffer=64KiB", "-p", "1"), OPTS_RUN, "%s", err);
	cr_expect_eq(o.to.buffer, 64u << 10);
	cr_expect_not(o.to.json, "RFC 5424 by default");
	cr_assert_eq(PARSE("-p", "1"), OPTS_RUN, "%s", err);
	cr_expect_eq(o.to.buffer, OPTS_DEFAULT_TO_BUFFER);
	cr_assert_eq(PARSE("-r", "cap", "--to=tcp://h:1"), OPTS_RUN, "a capture can be sent: %s", err);
	cr_assert_eq(PARSE("-C", "--to=tcp://h:1", "-p", "1"), OPTS_RUN, "-C has records: %s", err);
}

Test(opts, to_errors)
{
	static const struct { const char *a, *b, *why; } bad[] = {
		{ "--to=http://x", "-p1", "invalid --to argument" },
		{ "--to-format=xml", "--to=tcp://h:1", "give rfc5424 or json" },
		{ "--to-ca=/x", "-p1", "add --to=URL" },
		{ "--to-ca=/x", "--to=udp://h:1", "apply to TLS" },
		{ "--to-cert=/x", "--to=tls://h:1", "go together" },
		{ "--to-buffer=1K", "--to=tcp://h:1", "from 64K to 16G" },
		{ "--to-buffer=17G", "--to=tcp://h:1", "from 64K to 16G" },
		{ "--to-buffer=12Q", "--to=tcp://h:1", "from 64K to 16G" },
		{ "-c", "--to=tcp://h:1", "use -C" },
		{ "--to-ca=", "--to=tls://h:1", "empty file name" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_eq(PARSE((char *)bad[i].a, (char *)bad[i].b, "-p", "1"), OPTS_ERROR, "%s %s accepted", bad[i].a, bad[i].b);
		cr_expect(strstr(err, bad[i].why) != NULL, "%s %s: %s", bad[i].a, bad[i].b, err);
	}
	cr_expect_eq(PARSE("--to=tcp://a:1", "--to=tcp://a:2", "--to=tcp://a:3", "--to=tcp://a:4", "--to=tcp://a:5",
			   "--to=tcp://a:6", "--to=tcp://a:7", "--to=tcp://a:8", "--to=tcp://a:9", "-p", "1"), OPTS_ERROR);
	cr_expect(strstr(err, "at most 8") != NULL, "%s", err);
}

/* -a, --cgroup, -u: each alone is something to trace; -u alone means
 * every process of that user */
Test(opts, selection_alone_is_something_to_trace)
{
	cr_assert_eq(PARSE("-a"), OPTS_RUN, "%s", err);
	cr_expect(o.all && opts_selects_all(&o) && opts_selects_in_kernel(&o));
	cr_assert_eq(PARSE("--all", "-e", "openat", "-Z", "-f"), OPTS_RUN, "%s", err);
	cr_expect(o.all && o.follow && o.filter_syscalls);
	cr_assert_eq(PARSE("--cgroup=a", "--cgroup", "/sys/fs/cgroup/unified/b"), OPTS_RUN, "%s", err);
	cr_expect_eq(o.ncgroups, 2);
	cr_expect_str_eq(o.cgroups[0], "a");
	cr_expect_str_eq(o.cgroups[1], "/sys/fs/cgroup/unified/b");
	cr_expect(!opts_selects_all(&o) && opts_selects_in_kernel(&o));
	cr_assert_eq(PARSE("-u", "nobody", "--user=0"), OPTS_RUN, "%s", err);
	cr_expect_eq(o.nusers, 2);
	cr_expect_str_eq(o.users[1], "0");
	cr_expect(opts_selects_all(&o), "-u alone: every process of the users");
	cr_assert_eq(PARSE("-u", "nobody", "-n", "nginx"), OPTS_RUN, "%s", err);
	cr_expect(!opts_selects_all(&o), "-u with -n narrows -n");
	cr_assert_eq(PARSE("-u", "nobody", "--cgroup=x", "-c"), OPTS_RUN, "%s", err);
	cr_expect(!opts_selects_all(&o), "-u with --cgroup narrows the cgroup");
}

Test(opts, selection_combinations_refused)
{
	static const struct { const char *a, *b, *c, *want; } cases[] = {
		{ "-a", "-p", "1", "-a traces every process already: drop -p" },
		{ "-a", "-n", "x", "-a traces every process already: drop -n" },
		{ "-a", "--cgroup=x", "true", "-a traces every process already: drop --cgroup" },
		{ "-a", "--cgroup=x", NULL, "-a traces every process already: drop --cgroup" },
		{ "--cgroup=x", "-p", "1", "--cgroup chooses processes by the cgroup they are in: it cannot go with -p" },
		{ "--cgroup=x", "--", "true", "it cannot go with a command" },
		{ "-u", "root", "-p", "-u chooses among" },
		{ "-a", "-r", "cap", "-a chooses processes while tracing" },
		{ "-a", "--prepare", NULL, "-a chooses processes while tracing: drop it (--prepare traces nothing)" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *argv[6] = { "snoop", (char *)cases[i].a, (char *)cases[i].b, (char *)cases[i].c, NULL, NULL };
		int argc = cases[i].c ? 4 : 3;

		if (strcmp(cases[i].a, "-u") == 0)
			argv[argc++] = "1";   /* -u root -p 1 */
		cr_expect_eq(opts_parse(argc, argv, &o, err, sizeof(err)), OPTS_ERROR, "case %zu", i);
		cr_expect(strstr(err, cases[i].want) != NULL, "case %zu: %s", i, err);
	}
	cr_expect_eq(PARSE("--cgroup="), OPTS_ERROR);
	cr_expect(strstr(err, "invalid --cgroup argument") != NULL, "%s", err);
	cr_expect_eq(PARSE("-u", ""), OPTS_ERROR);
	cr_expect(strstr(err, "invalid -u argument") != NULL, "%s", err);
	cr_expect_eq(PARSE("-u", "1", "-u", "2", "-u", "3", "-u", "4", "-u", "5", "-u", "6", "-u", "7", "-u", "8",
			   "-u", "9"), OPTS_ERROR);
	cr_expect(strstr(err, "up to 8") != NULL, "%s", err);
}

/* The advice after a loss names --lossless only where it would be
 * accepted, and only for processes the user named: -u and --cgroup may
 * select what snoop's own output needs. */
Test(opts, lossless_advised_for_named_processes)
{
	cr_assert_eq(PARSE("-p", "12"), OPTS_RUN, "%s", err);
	cr_expect(opts_could_be_lossless(&o), "-p");
	cr_assert_eq(PARSE("-n", "nginx"), OPTS_RUN, "%s", err);
	cr_expect(opts_could_be_lossless(&o), "-n");
	cr_assert_eq(PARSE("--", "make"), OPTS_RUN, "%s", err);
	cr_expect(opts_could_be_lossless(&o), "a command");
	cr_assert_eq(PARSE("--lossless", "--", "make"), OPTS_RUN, "%s", err);
	cr_expect_not(opts_could_be_lossless(&o), "already --lossless");
	/* the reader names it only with rings large enough: its own advice's */
	cr_assert_eq(PARSE("--buffer-pages=1", "--", "make"), OPTS_RUN, "%s", err);
	cr_expect(opts_could_be_lossless(&o), "small rings: the advice's larger ones would do");
	cr_assert_eq(PARSE("--buffer=perf", "--", "make"), OPTS_RUN, "%s", err);
	cr_expect_not(opts_could_be_lossless(&o), "--buffer=perf");
	cr_assert_eq(PARSE("-a"), OPTS_RUN, "%s", err);
	cr_expect_not(opts_could_be_lossless(&o), "-a");
	cr_assert_eq(PARSE("-u", "root"), OPTS_RUN, "%s", err);
	cr_expect_not(opts_could_be_lossless(&o), "-u");
	cr_assert_eq(PARSE("--cgroup", "/"), OPTS_RUN, "%s", err);
	cr_expect_not(opts_could_be_lossless(&o), "--cgroup");
	cr_assert_eq(PARSE("-a", "--lossless"), OPTS_ERROR);
	cr_expect_str_eq(err, "--lossless with -a would stop the processes snoop's output needs (a terminal, sshd, a disk's daemon): trace a selection (-p, -n, --cgroup, a command)");
	cr_assert_eq(PARSE("--lossless", "--buffer-pages=128", "--", "make"), OPTS_ERROR);
	cr_expect_str_eq(err, "--lossless needs --buffer-pages of 256 or more (1 MiB a CPU): the records a process writes before its stop takes effect need the room");
}
