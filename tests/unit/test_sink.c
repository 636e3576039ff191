/* The sink: its outputs opened by the rules of -o, records and losses in
 * text, JSON and capture, time modes, failures reported once at close. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <asm/unistd.h>
#include "record/capture.h"
#include "record/sink.h"
#include "tests/json_check.h"

static char dir[] = "/tmp/snoop-sink-XXXXXX";
static char text_path[64], cap_path[64];

static void make_dir(void)
{
	cr_assert_not_null(mkdtemp(dir));
	snprintf(text_path, sizeof(text_path), "%s/out", dir);
	snprintf(cap_path, sizeof(cap_path), "%s/cap", dir);
}

static void remove_dir(void)
{
	unlink(text_path);
	unlink(cap_path);
	rmdir(dir);
}

TestSuite(sink, .init = make_dir, .fini = remove_dir);

static size_t slurp(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	cr_assert_geq(fd, 0, "%s", path);
	n = read(fd, buf, len - 1);
	close(fd);
	cr_assert_geq(n, 0);
	buf[n] = '\0';
	return (size_t)n;
}

static const struct run_info info = {
	.boot_realtime = "1795305777.351427466", .host = "h", .kernel = "6.18", .arch = "x86_64",
	.pid = "42", .cmdline = "snoop -- x",
	.boot_ns = 1795305777351427466ull, .pid_num = 42, .boot_known = 1, .pid_known = 1,
};

/* getppid() = 7, 10 ns, at 1.000000002 s */
static const struct snoop_record ppid = {
	.ts_ns = 1000000002, .duration_ns = 10, .pid = 5, .tid = 6, .nr = 110, .ret = 7,
};

Test(sink, text_header_records_and_losses)
{
	struct sink s;
	char buf[4096];

	cr_assert_eq(sink_open(&s, text_path, NULL, SINK_TEXT), 0);
	cr_expect_null(s.cap);
	sink_header(&s, &info);
	sink_record(&s, &ppid, NULL, 0);
	sink_lost(&s, 3, 1);
	sink_unstored(&s, SNOOP_UNSTORED_TRACED, 0);   /* none: no line */
	sink_unstored(&s, SNOOP_UNSTORED_ENDING, 2);
	sink_unstored(&s, SNOOP_UNSTORED_KINDS, 5);    /* unknown: no line */
	cr_assert_eq(sink_close(&s), 0);
	cr_expect_eq(s.records, 1);
	cr_expect_eq(s.lost, 3);
	slurp(text_path, buf, sizeof(buf));
	cr_expect_str_eq(buf,
		"# snoop format=3 clock=monotonic boot_realtime=1795305777.351427466 host=h kernel=6.18 arch=x86_64 pid=42 args=decoded cmdline=snoop -- x\n"
		"# time pid tid syscall ret errno duration_ns (args)\n"
		"0000000001.000000002       5       6 getppid                         7 -                    10 ()\n"
		"# lost 3 records on cpu 1\n"
		"# unkept 2 process ends (the kernel's table of endings was full or out of memory: their end records show "
		"0, not their exit status or killing signal)\n");
}

Test(sink, json_lines)
{
	struct sink s;
	char buf[4096];

	cr_assert_eq(sink_open(&s, text_path, NULL, SINK_TEXT | SINK_JSON), 0);
	sink_record(&s, &ppid, NULL, 0);
	sink_lost(&s, 2, 0);
	sink_unstored(&s, SNOOP_UNSTORED_TRACED, 4);
	cr_assert_eq(sink_close(&s), 0);
	slurp(text_path, buf, sizeof(buf));
	cr_expect(strstr(buf, "{\"type\":\"syscall\",\"time_ns\":1000000002,\"pid\":5,\"tid\":6,") == buf, "%s", buf);
	cr_expect(strstr(buf, "\n{\"type\":\"lost\",\"count\":2,\"cpu\":0}\n{\"type\":\"untraced\",\"count\":4}\n") != NULL,
		  "%s", buf);
}

Test(sink, capture_only_holds_every_frame)
{
	struct snoop_record got;
	struct cap_reader r;
	struct cap_frame f;
	struct cap_lost l;
	struct cap_unstored u;
	struct sink s;
	char err[256];
	int fd;

	cr_assert_eq(sink_open(&s, NULL, cap_path, 0), 0);
	cr_expect_null(s.text, "-w alone: no text");
	sink_header(&s, &info);
	sink_record(&s, &ppid, NULL, 0);
	sink_lost(&s, 9, 1);
	sink_unstored(&s, SNOOP_UNSTORED_TRACED, 7);
	cr_assert_eq(sink_close(&s), 0);
	fd = open(cap_path, O_RDONLY);
	cr_assert_eq(cap_reader_open(&r, fd, err, sizeof(err)), 0, "%s", err);
	cr_expect(strstr(r.text, "boot_realtime=1795305777.351427466") != NULL);
	cr_assert_eq(cap_reader_next(&r, &f, err, sizeof(err)), 1);
	cr_assert_eq(f.type, CAP_RECORD);
	cr_assert_eq(f.len, sizeof(got));
	memcpy(&got, f.payload, sizeof(got));
	cr_expect_eq(memcmp(&got, &ppid, sizeof(got)), 0, "the record as it arrived");
	cr_assert_eq(cap_reader_next(&r, &f, err, sizeof(err)), 1);
	cr_assert_eq(f.type, CAP_LOST);
	memcpy(&l, f.payload, sizeof(l));
	cr_expect_eq(l.count, 9);
	cr_expect_eq(l.cpu, 1);
	cr_assert_eq(cap_reader_next(&r, &f, err, sizeof(err)), 1, "%s", err);
	cr_assert_eq(f.type, CAP_UNSTORED);
	cr_assert_eq(f.len, sizeof(u));
	memcpy(&u, f.payload, sizeof(u));
	cr_expect_eq(u.count, 7);
	cr_expect_eq(u.kind, SNOOP_UNSTORED_TRACED);
	cr_expect_eq(cap_reader_next(&r, &f, err, sizeof(err)), 0, "a clean end");
	cap_reader_close(&r);
	close(fd);
}

Test(sink, delta_and_iso_times)
{
	struct snoop_record later = ppid;
	struct sink s;
	char buf[4096];

	setenv("TZ", "UTC", 1);
	later.ts_ns += 1500000000;
	cr_assert_eq(sink_open(&s, text_path, NULL, SINK_TEXT | SINK_RAW), 0);
	wallclock_init(&s.clock, TIME_DELTA, 0);
	sink_record(&s, &ppid, NULL, 0);
	sink_record(&s, &later, NULL, 0);
	sink_record(&s, &ppid, NULL, 0);
	wallclock_init(&s.clock, TIME_ISO, 1795305777000000000ull);
	sink_record(&s, &ppid, NULL, 0);
	cr_assert_eq(sink_close(&s), 0);
	slurp(text_path, buf, sizeof(buf));
	cr_expect(strncmp(buf, "0000000000.000000000 ", 21) == 0, "the first record is time zero: %s", buf);
	cr_expect(strstr(buf, "\n0000000001.500000000 ") != NULL, "the second 1.5 s later: %s", buf);
	cr_expect(strstr(buf, "\n-0000000001.500000000 ") != NULL, "one that began earlier is negative: %s", buf);
	cr_expect(strstr(buf, "\n2026-11-22T00:02:58.000000002+00:00 ") != NULL, "wall clock: %s", buf);
}

Test(sink, json_keeps_the_monotonic_time_beside_the_time_text)
{
	struct snoop_record later = ppid;
	struct sink s;
	char buf[4096];

	later.ts_ns += 1500000000;
	cr_assert_eq(sink_open(&s, text_path, NULL, SINK_TEXT | SINK_JSON | SINK_RAW), 0);
	wallclock_init(&s.clock, TIME_DELTA, 0);
	sink_record(&s, &ppid, NULL, 0);
	sink_record(&s, &later, NULL, 0);
	cr_assert_eq(sink_close(&s), 0);
	slurp(text_path, buf, sizeof(buf));
	cr_expect(strstr(buf, "{\"type\":\"syscall\",\"time_ns\":1000000002,\"time_text\":\"0000000000.000000000\",") == buf,
		  "%s", buf);
	cr_expect(strstr(buf, "\n{\"type\":\"syscall\",\"time_ns\":2500000002,\"time_text\":\"0000000001.500000000\",") != NULL,
		  "%s", buf);
	cr_expect(strstr(buf, "\"args\"") == NULL, "--raw: the registers alone: %s", buf);
}

Test(sink, a_symbolic_link_is_not_followed)
{
	char target[80];
	struct sink s;

	snprintf(target, sizeof(target), "%s/target", dir);
	cr_assert_eq(symlink(target, text_path), 0);
	cr_expect_eq(sink_open(&s, text_path, NULL, SINK_TEXT), -1);
	cr_expect_eq(access(target, F_OK), -1, "the link's target is not created");
}

Test(sink, an_existing_file_is_truncated_and_made_anew)
{
	struct sink s;
	char buf[64];
	int fd = open(text_path, O_WRONLY | O_CREAT, 0600);

	cr_assert_eq(write(fd, "old contents\n", 13), 13);
	close(fd);
	cr_assert_eq(sink_open(&s, text_path, NULL, SINK_TEXT), 0);
	cr_assert_eq(sink_close(&s), 0);
	cr_expect_eq(slurp(text_path, buf, sizeof(buf)), 0);
}

Test(sink, a_file_of_another_user_is_refused_untouched)
{
	struct sink s;
	char buf[64];
	int fd;

	if (geteuid() != 0)
		cr_skip_test("giving a file to another user needs root");
	fd = open(text_path, O_WRONLY | O_CREAT, 0644);
	cr_assert_eq(write(fd, "theirs\n", 7), 7);
	close(fd);
	cr_assert_eq(chown(text_path, 65534, 65534), 0);
	cr_expect_eq(sink_open(&s, text_path, NULL, SINK_TEXT), -1);
	slurp(text_path, buf, sizeof(buf));
	cr_expect_str_eq(buf, "theirs\n");
}

Test(sink, a_reader_gone_is_quiet_another_failure_is_reported)
{
	struct sink s;
	int p[2], saved = dup(STDOUT_FILENO);

	signal(SIGPIPE, SIG_IGN);
	cr_assert_eq(pipe(p), 0);
	close(p[0]);
	dup2(p[1], STDOUT_FILENO);   /* "-" is standard output */
	cr_assert_eq(sink_open(&s, "-", NULL, SINK_TEXT), 0);
	sink_record(&s, &ppid, NULL, 0);
	sink_flush(&s);
	cr_expect(sink_failed(&s));
	cr_expect_eq(sink_close(&s), 0, "EPIPE (| head) is not an error");
	dup2(saved, STDOUT_FILENO);
	close(p[1]);
	cr_assert_eq(sink_open(&s, "/dev/full", NULL, SINK_TEXT), 0);
	sink_record(&s, &ppid, NULL, 0);
	cr_expect_eq(sink_close(&s), -1, "ENOSPC is");
}

Test(sink, samples_too_short_or_claiming_too_much_are_refused)
{
	uint8_t raw[sizeof(struct snoop_record) + 8] = { 0 };
	struct snoop_record r = ppid;
	const uint8_t *mem;
	size_t len;

	cr_expect_eq(sink_check(raw, sizeof(r) - 1, &r, &mem, &len), -1);
	r.mem_len[0] = 8;
	r.mem_len[1] = 1;
	memcpy(raw, &r, sizeof(r));
	cr_expect_eq(sink_check(raw, sizeof(raw), &r, &mem, &len), -1, "9 bytes claimed, 8 arrived");
	r.mem_len[1] = 0;
	memcpy(raw, &r, sizeof(r));
	cr_expect_eq(sink_check(raw, sizeof(raw), &r, &mem, &len), 0);
	cr_expect_eq(len, 8);
	cr_expect_eq(mem, raw + sizeof(r));
}

/* A capture is anyone's file: an item larger than the BPF side writes
 * would overflow the decoders (a 60000-byte write item once overran
 * decode's text buffer in snoop -r); only an execve's whole argv is. */
Test(sink, items_larger_than_the_kernel_writes_are_refused)
{
	static uint8_t raw[sizeof(struct snoop_record) + 40000];
	struct snoop_record r = ppid, got;
	const uint8_t *mem;
	size_t len;

	r.nr = __NR_write;
	r.mem_len[0] = SNOOP_MEM_BYTES + 1;
	memcpy(raw, &r, sizeof(r));
	cr_expect_eq(sink_check(raw, sizeof(raw), &got, &mem, &len), -1, "a write's data past SNOOP_MEM_BYTES");
	r.mem_len[0] = 10;
	r.mem_len[1] = 30000;
	r.mem_arg[1] = 1;
	r.flags = SNOOP_REC_ARGV_WHOLE;
	memcpy(raw, &r, sizeof(r));
	cr_expect_eq(sink_check(raw, sizeof(raw), &got, &mem, &len), -1, "only execve's argv may be whole");
	r.nr = __NR_execve;
	memcpy(raw, &r, sizeof(r));
	cr_expect_eq(sink_check(raw, sizeof(raw), &got, &mem, &len), 0, "execve's whole argv");
	r.mem_arg[1] = 0;
	memcpy(raw, &r, sizeof(r));
	cr_expect_eq(sink_check(raw, sizeof(raw), &got, &mem, &len), -1, "a whole item on the path argument");
	r.mem_arg[1] = 1;
	r.flags = 0;
	memcpy(raw, &r, sizeof(r));
	cr_expect_eq(sink_check(raw, sizeof(raw), &got, &mem, &len), -1, "a large argv without the flag");
}

/* --to's tap: what it is handed, beside the local output */
struct tapped {
	char header[64], lines[4096], fields[4096];
	uint64_t lost;
	int started, finished;
};

static void tap_header(void *arg, const struct run_info *ri, unsigned mode)
{
	(void)mode;
	snprintf(((struct tapped *)arg)->header, 64, "%.60s", ri->host);
}

/* lines: the lines; fields: a syscall line's fields as its spans cut
 * them, '|' between, or "-" for a line without spans (JSON) */
static void tap_record(void *arg, const struct snoop_record *r, const char *line, size_t n,
		       const struct fmt_spans *spans)
{
	struct tapped *t = arg;
	int k;

	(void)r;
	strncat(t->lines, line, n);
	if (!spans) {
		strcat(t->fields, "-\n");
		return;
	}
	for (k = FMT_F_TIME; k <= FMT_F_ARGS; k++) {
		strncat(t->fields, line + spans->f[k].off, spans->f[k].len);
		strcat(t->fields, k < FMT_F_ARGS ? "|" : "\n");
	}
}

static void tap_lost(void *arg, uint64_t count, int cpu)
{
	(void)cpu;
	((struct tapped *)arg)->lost += count;
}

static void tap_start(void *arg)
{
	((struct tapped *)arg)->started = 1;
}

static void tap_finish(void *arg)
{
	((struct tapped *)arg)->finished = 1;
}

Test(sink, a_tap_gets_the_local_lines_or_its_own_form)
{
	struct tapped t = { 0 }, tj = { 0 };
	struct sink_tap tap = { .json = 0, .arg = &t, .header = tap_header, .record = tap_record, .lost = tap_lost,
				.start = tap_start, .finish = tap_finish };
	struct sink_tap tapj = { .json = 1, .arg = &tj, .header = tap_header, .record = tap_record, .lost = tap_lost,
				 .finish = tap_finish };
	struct sink s;
	char buf[4096];

	/* text locally, text to the tap: the same line */
	cr_assert_eq(sink_open(&s, text_path, NULL, SINK_TEXT), 0);
	cr_assert_eq(sink_set_tap(&s, &tap), 0);
	cr_expect_eq(tap.sink, &s);
	sink_header(&s, &info);
	cr_expect_not(t.started);
	sink_write_behind(&s);
	cr_expect(t.started, "start is called with the output threads");
	sink_record(&s, &ppid, NULL, 0);
	sink_lost(&s, 3, 1);
	sink_dropped(&s, 5, "tcp://h:1");
	cr_assert_eq(sink_close(&s), 0);
	cr_expect(t.finished, "finish is called at close");
	cr_expect_str_eq(t.header, "h");
	cr_expect_eq(t.lost, 3);
	cr_expect_str_eq(t.lines, "0000000001.000000002       5       6 getppid                         7 -                    10 ()\n");
	cr_expect_str_eq(t.fields, "0000000001.000000002|5|6|getppid|7|-|10|()\n", "the local line's spans");
	slurp(text_path, buf, sizeof(buf));
	cr_expect(strstr(buf, "# dropped 5 records for tcp://h:1 (not sent: the collector was away or slow)\n") != NULL, "%s", buf);
	/* only a capture locally: the tap's JSON is formatted for it */
	cr_assert_eq(sink_open(&s, NULL, cap_path, 0), 0);
	cr_assert_eq(sink_set_tap(&s, &tapj), 0);
	sink_header(&s, &info);
	sink_write_behind(&s);   /* a tap without start */
	sink_record(&s, &ppid, NULL, 0);
	cr_assert_eq(sink_close(&s), 0);
	cr_expect(strstr(tj.lines, "{\"type\":\"syscall\",\"time_ns\":1000000002,") == tj.lines, "%s", tj.lines);
	cr_expect_str_eq(tj.fields, "-\n", "a JSON line has no spans");
}

Test(sink, a_text_tap_beside_json_gets_its_own_line_and_its_spans)
{
	struct tapped t = { 0 };
	struct sink_tap tap = { .json = 0, .arg = &t, .header = tap_header, .record = tap_record, .lost = tap_lost };
	struct sink s;
	char buf[4096];

	cr_assert_eq(sink_open(&s, text_path, NULL, SINK_TEXT | SINK_JSON | SINK_SECONDS), 0);
	cr_assert_eq(sink_set_tap(&s, &tap), 0);
	sink_header(&s, &info);
	sink_record(&s, &ppid, NULL, 0);
	cr_assert_eq(sink_close(&s), 0);
	slurp(text_path, buf, sizeof(buf));
	cr_expect(strstr(buf, "{\"type\":\"syscall\",") != NULL, "JSON locally: %s", buf);
	cr_expect_str_eq(t.lines, "0000000001.000000002       5       6 getppid                         7 -              0.000000 ()\n");
	cr_expect_str_eq(t.fields, "0000000001.000000002|5|6|getppid|7|-|0.000000|()\n");
}

/* An old file keeps its contents until the first write (its truncation
 * is the writer's, not the open's), then holds the new records only. */
Test(sink, an_old_file_is_truncated_by_the_first_write_not_the_open)
{
	struct sink s;
	char buf[4096];
	FILE *f = fopen(text_path, "w");

	cr_assert_not_null(f);
	fputs("old contents, much longer than what comes next ...................\n", f);
	fclose(f);
	/* readable by others: refused, untouched (traces hold secrets) */
	cr_assert_eq(chmod(text_path, 0644), 0);
	cr_expect_eq(sink_open(&s, text_path, NULL, SINK_TEXT), -1);
	cr_assert_eq(chmod(text_path, 0600), 0);
	cr_assert_eq(sink_open(&s, text_path, NULL, SINK_TEXT), 0);
	slurp(text_path, buf, sizeof(buf));
	cr_expect(strncmp(buf, "old contents", 12) == 0, "the open left it: %s", buf);
	sink_header(&s, &info);
	sink_record(&s, &ppid, NULL, 0);
	cr_assert_eq(sink_close(&s), 0);
	slurp(text_path, buf, sizeof(buf));
	cr_expect(strncmp(buf, "# snoop ", 8) == 0, "%s", buf);
	cr_expect_null(strstr(buf, "old contents"), "%s", buf);
	cr_expect_null(strstr(buf, "......"), "nothing of the old tail: %s", buf);
}

/* --format=trace-event through the sink: one JSON object, closed at its end */
Test(sink, trace_event_is_one_json_object_closed_at_its_end)
{
	struct sink s;
	char buf[65536];
	size_t n;

	cr_assert_eq(sink_open(&s, text_path, NULL, SINK_TEXT | SINK_TRACE_EVENT), 0);
	sink_header(&s, &info);
	sink_record(&s, &ppid, NULL, 0);
	sink_lost(&s, 2, 0);
	sink_dropped(&s, 4, "tcp://collector:514");
	cr_assert_eq(sink_close(&s), 0);
	n = slurp(text_path, buf, sizeof(buf));
	cr_expect(json_valid(buf, n), "%s", buf);
	cr_expect(strncmp(buf, "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"type\":\"header\",\"format\":3,\"clock\":\"monotonic\","
			       "\"boot_realtime_ns\":1795305777351427466,", 112) == 0, "%s", buf);
	cr_expect(strstr(buf, "\"cmdline\":\"snoop -- x\"},\"traceEvents\":[\n{") != NULL, "%s", buf);
	cr_expect(strstr(buf, "{\"name\":\"getppid\",\"cat\":\"syscall\",\"ph\":\"X\",\"pid\":5,\"tid\":6,") != NULL, "%s", buf);
	cr_expect(strstr(buf, "{\"name\":\"dropped 4 records\",\"cat\":\"dropped\",\"ph\":\"i\",\"s\":\"g\"") != NULL, "%s", buf);
	cr_expect(n > 4 && strcmp(buf + n - 4, "\n]}\n") == 0, "%s", buf);
}

Test(sink, trace_event_without_records_is_still_one_object)
{
	struct sink s;
	char buf[65536];
	size_t n;

	cr_assert_eq(sink_open(&s, text_path, NULL, SINK_TEXT | SINK_TRACE_EVENT), 0);
	sink_header(&s, &info);
	cr_assert_eq(sink_close(&s), 0);
	n = slurp(text_path, buf, sizeof(buf));
	cr_expect(json_valid(buf, n), "%s", buf);
	cr_expect(strstr(buf, "\"traceEvents\":[\n\n]}\n") != NULL, "%s", buf);
}

/* --format=strace: no header, strace's lines, losses as text's comment */
Test(sink, strace_lines_without_a_header)
{
	struct sink s;
	char buf[4096];

	cr_assert_eq(sink_open(&s, text_path, NULL, SINK_TEXT | SINK_STRACE), 0);
	wallclock_init(&s.clock, TIME_EPOCH_US, info.boot_ns);
	sink_header(&s, &info);
	sink_record(&s, &ppid, NULL, 0);
	sink_lost(&s, 3, 1);
	cr_assert_eq(sink_close(&s), 0);
	slurp(text_path, buf, sizeof(buf));
	cr_expect_str_eq(buf, "6     1795305778.351427 getppid()       = 7 <0.000000>\n# lost 3 records on cpu 1\n");
}
