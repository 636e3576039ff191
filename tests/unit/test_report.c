/* --html's aggregation (record/report.h) and page (record/report_html.h):
 * what the records add up to, in bounded memory, and that nothing from a
 * traced program becomes markup. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "record/report.h"
#include "record/report_html.h"
#include "record/syscalls.h"

static struct snoop_record rec(const char *name)
{
	struct snoop_record r = { .nr = (int32_t)syscall_number(name) };

	cr_assert_geq(r.nr, 0, "%s", name);
	return r;
}

/* One captured item for argument a. */
static void cap(struct snoop_record *r, int item, int a, size_t len)
{
	r->mem_arg[item] = (uint8_t)a;
	r->mem_len[item] = (uint16_t)len;
	r->mem_flags[item] = SNOOP_MEM_DONE;
}

/* A call of name by thread tid at ts (ns) that took d ns and returned ret. */
static struct snoop_record call(const char *name, uint32_t tid, uint64_t ts, uint64_t d, int64_t ret)
{
	struct snoop_record r = rec(name);

	r.pid = tid;
	r.tid = tid;
	r.ts_ns = ts;
	r.duration_ns = d;
	r.ret = ret;
	snprintf(r.comm, sizeof(r.comm), "t%u", (unsigned)tid);
	return r;
}

static void page(struct report *rep, char **text)
{
	size_t len = 0;
	FILE *f = open_memstream(text, &len);

	cr_assert_not_null(f);
	report_html_page(f, rep);
	cr_assert_eq(fclose(f), 0);
}

Test(report, says_what_the_kernel_could_not_store)
{
	struct report *rep = report_new(0);
	char *text;

	cr_assert_not_null(rep);
	page(rep, &text);
	cr_expect_null(strstr(text, "id=\"untraced\""), "none: no paragraph");
	free(text);
	report_unstored(rep, SNOOP_UNSTORED_TRACED, 2);
	report_unstored(rep, SNOOP_UNSTORED_TRACED, 1);
	report_unstored(rep, SNOOP_UNSTORED_ENDING, 1);
	report_unstored(rep, SNOOP_UNSTORED_KINDS, 9);   /* unknown: nothing */
	page(rep, &text);
	cr_expect(strstr(text, "<p class=\"err\" id=\"untraced\">3 processes to trace went untraced (") != NULL, "%s", text);
	cr_expect(strstr(text, "<p class=\"err\" id=\"unkept\">1 process end kept no exit status or killing signal (") !=
		  NULL, "%s", text);
	cr_expect(strstr(text, "its end record shows 0.</p>") != NULL, "%s", text);
	free(text);
	report_free(rep);
}

Test(report, escape_makes_markup_text)
{
	char dst[128];
	size_t n = report_html_escape(dst, "<i id=\"x\">&'\x01\x7f", 64);

	cr_expect_str_eq(dst, "&lt;i id=&quot;x&quot;&gt;&amp;&#39;\\x01\\x7f");
	cr_expect_eq(n, strlen(dst));
	/* n bounds it, a NUL ends it */
	report_html_escape(dst, "ab<cd", 3);
	cr_expect_str_eq(dst, "ab&lt;");
	report_html_escape(dst, "a\0<", 3);
	cr_expect_str_eq(dst, "a");
}

/* The per-syscall sums are -c's: calls, errors, and --histogram's buckets. */
Test(report, sums_as_summary_counts)
{
	struct report *rep = report_new(0);
	struct snoop_record r;
	struct snoop_record sig = { .flags = SNOOP_REC_SIGNAL, .pid = 1, .tid = 1, .nr = 2, .ts_ns = 1000 };
	size_t k;

	cr_assert_not_null(rep);
	for (k = 0; k < 10; k++) {
		r = call("getppid", 1, 1000 + k * 100, 50, 1);
		report_record(rep, &r, NULL, 0, NULL);
	}
	r = call("close", 1, 5000, 3000, -9);
	report_record(rep, &r, NULL, 0, NULL);
	report_record(rep, &sig, NULL, 0, NULL);
	cr_expect_eq(rep->records, 12);
	cr_expect_eq(rep->calls, 11);
	cr_expect_eq(rep->signals, 1);
	cr_assert_eq(rep->sum.n, 2);
	for (k = 0; k < rep->sum.n; k++) {
		const struct snoop_sum *v = &rep->sum.entries[k].sum;

		if (rep->sum.entries[k].key.nr == r.nr) {
			cr_expect_eq(v->calls, 1);
			cr_expect_eq(v->errors, 1);
			cr_expect_eq(v->hist[11], 1, "3000 ns is in [2048, 4096)");
		} else {
			cr_expect_eq(v->calls, 10);
			cr_expect_eq(v->errors, 0);
			cr_expect_eq(v->hist[5], 10, "50 ns is in [32, 64)");
		}
	}
	report_free(rep);
}

/* The slowest REPORT_SLOWEST calls, slowest first, with their text. */
Test(report, keeps_the_slowest_calls)
{
	struct report *rep = report_new(0);
	struct snoop_record r;
	uint64_t k;

	cr_assert_not_null(rep);
	for (k = 1; k <= 500; k++) {
		/* durations shuffled: 7 is coprime with 500 */
		r = call("getppid", 1, k * 10000, (k * 7 % 500 + 1) * 10, 42);
		report_record(rep, &r, NULL, 0, NULL);
	}
	report_sort_slowest(rep);
	cr_assert_eq(rep->nslow, REPORT_SLOWEST);
	for (k = 0; k < REPORT_SLOWEST; k++)
		cr_expect_eq(rep->slow[k].duration_ns, (500 - k) * 10, "slowest #%zu", (size_t)k);
	cr_expect_str_eq(rep->slow[0].text, "getppid() = 42");
	report_free(rep);
}

/* Failed calls by (syscall, errno, first path): most frequent first. */
Test(report, groups_errors_by_errno_and_path)
{
	struct report *rep = report_new(0);
	struct report_error groups[REPORT_ERROR_GROUPS];
	static const char path[] = "/etc/<x>";
	struct snoop_record r;
	size_t n, k;

	cr_assert_not_null(rep);
	for (k = 0; k < 3; k++) {
		r = call("openat", 1, 1000 + k, 10, -2);
		r.args[1] = 0x1000;
		cap(&r, 0, 1, sizeof(path));
		report_record(rep, &r, (const uint8_t *)path, sizeof(path), NULL);
	}
	r = call("close", 1, 2000, 10, -9);
	report_record(rep, &r, NULL, 0, NULL);
	n = report_error_groups(rep, groups);
	cr_assert_eq(n, 2);
	cr_expect_eq(groups[0].count, 3);
	cr_expect_eq(groups[0].err, 2);
	cr_expect_str_eq(groups[0].path, "/etc/<x>");
	cr_expect_eq(groups[1].count, 1);
	cr_expect_eq(groups[1].err, 9);
	cr_expect_str_eq(groups[1].path, "");
	report_free(rep);
}

/* The timeline: buckets widen as the run grows, and keep every call. */
Test(report, timeline_widens_and_keeps_counts)
{
	struct report *rep = report_new(0);
	struct snoop_record r;
	uint64_t k, calls = 0, busy = 0;

	cr_assert_not_null(rep);
	for (k = 0; k < 5000; k++) {
		r = call("getppid", 1, 1000000 + k * 1000, 500, 1);
		report_record(rep, &r, NULL, 0, NULL);
	}
	/* 5 ms at 1 us per bucket needs 8 us buckets to fit in 1024 */
	cr_expect_eq(rep->width_ns, 8 * REPORT_FIRST_WIDTH_NS);
	for (k = 0; k < REPORT_BUCKETS; k++) {
		calls += rep->threads[0].b[k].calls;
		busy += rep->threads[0].b[k].busy_ns;
	}
	cr_expect_eq(calls, 5000);
	cr_expect_eq(busy, 5000 * 500);
	cr_expect_eq(rep->threads[0].b[0].calls, 8);
	/* a long call's time goes to every bucket it covers */
	r = call("read", 2, 1000000, 16000, 1);
	report_record(rep, &r, NULL, 0, NULL);
	cr_expect_eq(rep->threads[1].b[0].busy_ns, 8000);
	cr_expect_eq(rep->threads[1].b[1].busy_ns, 8000);
	cr_expect_eq(rep->threads[1].b[0].calls, 1);
	cr_expect_eq(rep->threads[1].b[1].calls, 0);
	report_free(rep);
}

/* Threads past REPORT_THREADS share one row: bounded, nothing dropped. */
Test(report, threads_past_the_rows_share_one)
{
	struct report *rep = report_new(0);
	struct snoop_record r;
	uint64_t k, calls = 0;

	cr_assert_not_null(rep);
	for (k = 0; k < REPORT_THREADS + 44; k++) {
		r = call("getppid", 100 + (uint32_t)k, 1000 + k, 10, 1);
		report_record(rep, &r, NULL, 0, NULL);
		report_record(rep, &r, NULL, 0, NULL);
	}
	cr_expect_eq(rep->nthreads, REPORT_THREADS);
	cr_expect_eq(rep->threads[REPORT_THREADS].calls, 88);
	cr_expect_eq(rep->threads[REPORT_THREADS].tid, 0);
	for (k = 0; k <= REPORT_THREADS; k++)
		calls += rep->threads[k].calls;
	cr_expect_eq(calls, 2 * (REPORT_THREADS + 44));
	report_free(rep);
}

/* A traced program's name and path are text in the page, and the
 * script's data holds no text of theirs. */
Test(report, page_escapes_what_the_traced_wrote)
{
	struct report *rep = report_new(0);
	static const char path[] = "</code><script>alert(1)</script>";
	struct snoop_record r;
	char *text = NULL, *data, *end;

	cr_assert_not_null(rep);
	r = call("openat", 7, 1000, 5000, -2);
	memcpy(r.comm, "<i id=pwn>x</i>", 16);
	r.args[1] = 0x1000;
	cap(&r, 0, 1, sizeof(path));
	report_record(rep, &r, (const uint8_t *)path, sizeof(path), NULL);
	page(rep, &text);
	cr_expect_null(strstr(text, "<i id=pwn>"));
	cr_expect_null(strstr(text, "<script>alert"));
	cr_expect_not_null(strstr(text, "&lt;i id=pwn&gt;x&lt;/i&gt;"));
	cr_expect_not_null(strstr(text, "&lt;/code&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
	data = strstr(text, "id=\"snoop-data\">");
	cr_assert_not_null(data);
	end = strstr(data, "</script>");
	cr_assert_not_null(end);
	*end = '\0';
	cr_expect_null(strpbrk(data + 16, "<>&'"), "the data: %s", data);
	cr_expect_null(strstr(data, "pwn"));
	free(text);
	report_free(rep);
}

/* A damaged capture's times (any 64-bit values) end the timeline at its
 * longest: no endless widening, no division by a width that overflowed. */
Test(report, damaged_times_stay_in_the_timeline, .timeout = 5)
{
	struct report *rep = report_new(0);
	struct snoop_record r;
	uint64_t calls = 0;
	size_t k;

	cr_assert_not_null(rep);
	r = call("getppid", 1, 1000, 10, 1);
	report_record(rep, &r, NULL, 0, NULL);
	r = call("getppid", 1, UINT64_MAX - 5, UINT64_MAX - 7, 1);
	report_record(rep, &r, NULL, 0, NULL);
	cr_expect_gt(rep->width_ns, 0);
	cr_expect_eq(rep->threads[0].calls, 2);
	for (k = 0; k < REPORT_BUCKETS; k++)
		calls += rep->threads[0].b[k].calls;
	cr_expect_eq(calls, 2);
	cr_expect_eq(rep->threads[0].b[0].calls, 1);
	report_free(rep);
}

static size_t count_of(const char *text, const char *what)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, what)); p++)
		n++;
	return n;
}

/* Any records (a damaged or hostile capture's: any numbers, flags, names
 * and bytes) make a page whose only scripts are the report's two. */
Test(report, any_records_make_a_page_with_only_its_scripts, .timeout = 30)
{
	struct report *rep = report_new(0);
	uint8_t data[2 * SNOOP_MEM_BYTES];
	uint64_t seed = 0x5eed;
	struct snoop_record r;
	char *text = NULL;
	size_t k, i;

	cr_assert_not_null(rep);
	for (k = 0; k < 20000; k++) {
		uint8_t *bytes = (uint8_t *)&r;

		for (i = 0; i < sizeof(r); i++)
			bytes[i] = (uint8_t)((seed = seed * 6364136223846793005ull + 1442695040888963407ull) >> 56);
		for (i = 0; i < sizeof(data); i++)
			data[i] = (uint8_t)"<>&'\"/sciptx\0\n"[(seed >> (i % 48)) % 15];
		r.flags &= k % 3 ? 0x3f : 0xffffffff;
		r.tid %= 400;   /* past REPORT_THREADS: the shared row too */
		r.nr = k % 5 ? (int32_t)(r.nr & 511) : r.nr;
		r.mem_len[0] %= SNOOP_MEM_BYTES + 1;
		r.mem_len[1] %= SNOOP_MEM_BYTES + 1;
		r.ret = k % 2 ? -(int64_t)(r.ret & 4095) : r.ret;
		report_record(rep, &r, data, (size_t)r.mem_len[0] + r.mem_len[1], NULL);
		if (k % 1000 == 0)
			report_lost(rep, k, (int)(r.pid % 2048) - 100);
	}
	report_dropped(rep, 5, "tcp://<b>:1");
	page(rep, &text);
	cr_expect_eq(count_of(text, "<script"), 2);
	cr_expect_eq(count_of(text, "</script"), 2);
	cr_expect_eq(count_of(text, "<b>"), 0);
	free(text);
	report_free(rep);
}
