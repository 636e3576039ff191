/* --format=trace-event: the events of each kind of record, the names as
 * metadata events, losses on a CPU's track (record/format_trace_event.h);
 * a whole stream through the sink: test_sink.c. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <asm/unistd.h>
#include "record/format_trace_event.h"

static char out[TE_RECORD_MAX * 2];
static struct trace_event te;

static void start(void)
{
	cr_assert_eq(te_init(&te), 0);
}

static void stop(void)
{
	te_free(&te);
}

TestSuite(trace_event, .init = start, .fini = stop);

static const char *R(const struct snoop_record *r, unsigned mode)
{
	out[te_record(out, &te, r, NULL, 0, mode, NULL)] = '\0';
	return out;
}

/* getppid() = 7 in 12.345 us, at 1.000000002 s, thread 6 of process 5 */
static struct snoop_record ppid(void)
{
	return (struct snoop_record){ .ts_ns = 1000000002, .duration_ns = 12345, .pid = 5, .tid = 6,
				      .nr = __NR_getppid, .ret = 7, .comm = "sh" };
}

Test(trace_event, a_call_is_one_complete_event_after_its_names)
{
	struct snoop_record r = ppid();

	cr_expect_str_eq(R(&r, 0),
		"{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":5,\"tid\":6,\"args\":{\"name\":\"sh\"}},\n"
		"{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":5,\"tid\":5,\"args\":{\"name\":\"sh\"}},\n"
		"{\"name\":\"getppid\",\"cat\":\"syscall\",\"ph\":\"X\",\"pid\":5,\"tid\":6,\"ts\":1000000.002,\"dur\":12.345,"
		"\"args\":{\"type\":\"syscall\",\"time_ns\":1000000002,\"pid\":5,\"tid\":6,\"comm\":\"sh\",\"syscall\":\"getppid\","
		"\"nr\":110,\"ret\":7,\"errno\":null,\"duration_ns\":12345,\"args\":\"()\","
		"\"raw_args\":[\"0x0\",\"0x0\",\"0x0\",\"0x0\",\"0x0\",\"0x0\"]}}");
	r.ts_ns += 1000;
	cr_expect(strncmp(R(&r, 0), ",\n{\"name\":\"getppid\"", 19) == 0, "names known: the event alone, after a comma: %s", out);
}

Test(trace_event, names_follow_the_comm_a_thread_has)
{
	struct snoop_record r = ppid();

	R(&r, 0);
	memcpy(r.comm, "ls", 3);   /* after an execve in thread 6: a thread's new name only */
	cr_expect(strstr(R(&r, 0), "\"thread_name\",\"ph\":\"M\",\"pid\":5,\"tid\":6,\"args\":{\"name\":\"ls\"}") != NULL, "%s", out);
	cr_expect_null(strstr(out, "process_name"), "%s", out);
	r.tid = 5;   /* the leader's name is the process's */
	R(&r, 0);
	cr_expect(strstr(out, "\"thread_name\",\"ph\":\"M\",\"pid\":5,\"tid\":5,\"args\":{\"name\":\"ls\"}") != NULL, "%s", out);
	cr_expect(strstr(out, "\"process_name\",\"ph\":\"M\",\"pid\":5,\"tid\":5,\"args\":{\"name\":\"ls\"}") != NULL, "%s", out);
	R(&r, 0);
	cr_expect_null(strstr(out, "\"ph\":\"M\""), "nothing changed, nothing written: %s", out);
}

Test(trace_event, a_failed_call_has_its_category_and_errno)
{
	struct snoop_record r = ppid();

	r.nr = __NR_close;
	r.ret = -9;
	R(&r, 0);
	cr_expect(strstr(out, "{\"name\":\"close\",\"cat\":\"syscall,failed\",\"ph\":\"X\"") != NULL, "%s", out);
	cr_expect(strstr(out, "\"ret\":-9,\"errno\":\"EBADF\"") != NULL, "%s", out);
}

Test(trace_event, calls_without_a_duration_say_why)
{
	static const struct { unsigned flags; const char *why; } cases[] = {
		{ SNOOP_REC_NORETURN, "no_return" },
		{ SNOOP_REC_NORETURN | SNOOP_REC_UNFINISHED, "unfinished" },
		{ SNOOP_REC_NOENTRY, "no_entry" },
	};
	struct snoop_record r = ppid();
	char want[64];
	size_t k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		r.flags = cases[k].flags;
		R(&r, 0);
		snprintf(want, sizeof(want), ",\"no_duration\":\"%s\"}}", cases[k].why);
		cr_expect(strstr(out, "\"ph\":\"X\"") && strstr(out, "\"dur\":0.000,"), "%s", out);
		cr_expect(strstr(out, want) != NULL, "%s: %s", cases[k].why, out);
	}
	r.flags = SNOOP_REC_KILLED;   /* died in it: the time it ran is known */
	R(&r, 0);
	cr_expect(strstr(out, "\"dur\":12.345,") && strstr(out, "\"killed\":true") && !strstr(out, "no_duration"), "%s", out);
}

Test(trace_event, signals_and_ends_are_instants)
{
	struct snoop_record r = { .ts_ns = 2000, .pid = 5, .tid = 6, .nr = 17, .flags = SNOOP_REC_SIGNAL,
				  .args = { 1, 9 }, .comm = "sh" };

	R(&r, 0);
	cr_expect(strstr(out, "{\"name\":\"SIGCHLD\",\"cat\":\"signal\",\"ph\":\"i\",\"s\":\"t\",\"pid\":5,\"tid\":6,\"ts\":2.000,"
			      "\"args\":{\"type\":\"signal\",") != NULL, "%s", out);
	cr_expect(strstr(out, "\"code\":\"CLD_EXITED\",\"si_pid\":9,") != NULL, "%s", out);
	r = (struct snoop_record){ .ts_ns = 3000, .pid = 5, .tid = 6, .flags = SNOOP_REC_EXIT, .args = { 0, 9 }, .comm = "sh" };
	R(&r, 0);
	cr_expect(strstr(out, "{\"name\":\"killed by SIGKILL\",\"cat\":\"exit\",\"ph\":\"i\",\"s\":\"p\",\"pid\":5,") != NULL, "%s", out);
	cr_expect(strstr(out, "\"killed_by\":\"SIGKILL\"}}") != NULL, "%s", out);
}

Test(trace_event, unstored_counts_are_global_instants)
{
	struct snoop_record r = ppid();

	R(&r, 0);
	out[te_unstored(out, &te, SNOOP_UNSTORED_TRACED, 3)] = '\0';
	cr_expect_str_eq(out, ",\n{\"name\":\"untraced 3 processes\",\"cat\":\"untraced\",\"ph\":\"i\",\"s\":\"g\",\"pid\":0,"
			      "\"tid\":0,\"ts\":1000000.002,\"args\":{\"type\":\"untraced\",\"count\":3}}");
	out[te_unstored(out, &te, SNOOP_UNSTORED_ENDING, 1)] = '\0';
	cr_expect(strstr(out, "{\"name\":\"unkept 1 process end\",\"cat\":\"unkept\",") != NULL, "%s", out);
	cr_expect_eq(te_unstored(out, &te, SNOOP_UNSTORED_KINDS, 1), 0);
}

Test(trace_event, losses_on_their_cpu_track_at_the_latest_time)
{
	struct snoop_record r = ppid();

	R(&r, 0);
	out[te_lost(out, &te, 12, 1)] = '\0';
	cr_expect(strstr(out, "\"process_name\",\"ph\":\"M\",\"pid\":0,\"tid\":0,\"args\":{\"name\":\"snoop: lost records\"}") != NULL, "%s", out);
	cr_expect(strstr(out, "\"thread_name\",\"ph\":\"M\",\"pid\":0,\"tid\":1,\"args\":{\"name\":\"cpu 1\"}") != NULL, "%s", out);
	cr_expect(strstr(out, "{\"name\":\"lost 12 records\",\"cat\":\"lost\",\"ph\":\"i\",\"s\":\"t\",\"pid\":0,\"tid\":1,"
			      "\"ts\":1000000.002,\"args\":{\"type\":\"lost\",\"count\":12,\"cpu\":1}}") != NULL, "%s", out);
	out[te_lost(out, &te, 3, 1)] = '\0';
	cr_expect_null(strstr(out, "\"ph\":\"M\""), "the tracks have their names: %s", out);
}
