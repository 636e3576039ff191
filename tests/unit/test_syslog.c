/* --to's pure half (src/fleet/syslog.c, queue.c): URLs, the RFC 3339 time,
 * RFC 5424 messages and their escapes, octet-counting frames, datagrams
 * cut to size, and the bounded queue of whole messages. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fleet/queue.h"
#include "fleet/syslog.h"

static char err[512];

Test(syslog, urls)
{
	struct fleet_url u;

	cr_assert_eq(fleet_url_parse("tcp://logs.example.org:5514", &u, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(u.proto, FLEET_TCP);
	cr_expect_str_eq(u.host, "logs.example.org");
	cr_expect_str_eq(u.port, "5514");
	cr_assert_eq(fleet_url_parse("udp://10.1.2.3", &u, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(u.proto, FLEET_UDP);
	cr_expect_str_eq(u.port, "514", "syslog's port when none is given");
	cr_assert_eq(fleet_url_parse("tls://[::1]", &u, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(u.proto, FLEET_TLS);
	cr_expect_str_eq(u.host, "::1", "the brackets are the URL's, not the address's");
	cr_expect_str_eq(u.port, "6514", "RFC 5425's port");
	cr_assert_eq(fleet_url_parse("tls://[fe80::1]:7000", &u, err, sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(u.port, "7000");
}

Test(syslog, bad_urls)
{
	static const struct { const char *url, *why; } bad[] = {
		{ "http://x:1", "give tcp://HOST:PORT" }, { "tcp:/x:1", "give tcp://" }, { "TCP://x:1", "give tcp://" },
		{ "tcp://", "no host" }, { "tcp://:514", "no host" }, { "tcp://x:0", "port" },
		{ "tcp://x:65536", "port" }, { "tcp://x:-1", "port" }, { "tcp://x:", "port" }, { "tcp://x:51a", "port" },
		{ "tcp://x:514/path", "port" }, { "tcp://x/path", "no path" }, { "tcp://[::1", "closing ']'" }, { "tcp://[::1]x", "no path" },
		{ "tcp://a b:1", "not a name" }, { "tcp://-x:1", "not a name" }, { "udp://[zz]:1", "not a name" },
	};
	struct fleet_url u;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_eq(fleet_url_parse(bad[i].url, &u, err, sizeof(err)), -1, "'%s' accepted", bad[i].url);
		cr_expect(strstr(err, "invalid --to argument") && strstr(err, bad[i].why), "%s: %s", bad[i].url, err);
	}
}

Test(syslog, a_url_longer_than_a_host_and_port_is_refused)
{
	char url[512];
	struct fleet_url u;

	snprintf(url, sizeof(url), "tcp://h:%0400d", 514);   /* a port of 400 digits */
	cr_expect_eq(fleet_url_parse(url, &u, err, sizeof(err)), -1);
	cr_expect(strstr(err, "too long") != NULL, "%s", err);
}

static void expect_time(uint64_t wall_ns, const char *want)
{
	char buf[64];

	buf[syslog_time(buf, wall_ns)] = '\0';
	cr_expect_str_eq(buf, want);
}

Test(syslog, rfc3339_utc_with_microseconds)
{
	expect_time(0, "1970-01-01T00:00:00.000000Z");
	expect_time(951782400123456789ull, "2000-02-29T00:00:00.123456Z");   /* a leap day */
	expect_time(1795331702123456789ull, "2026-11-22T07:15:02.123456Z");
	expect_time(4102444799999999999ull, "2099-12-31T23:59:59.999999Z");
}

Test(syslog, parameter_values_escape_quote_backslash_and_bracket)
{
	char buf[64];

	buf[syslog_escape(buf, "a\"b\\c]d[e", 9)] = '\0';
	cr_expect_str_eq(buf, "a\\\"b\\\\c\\]d[e");
}

static const struct run_info info = {
	.boot_realtime = "1795305777.351427466", .host = "web 1", .kernel = "6.18", .arch = "x86_64",
	.pid = "42", .cmdline = "snoop -n \"x\"",
	.boot_ns = 1795305777351427466ull, .pid_num = 42, .boot_known = 1, .pid_known = 1,
};

/* openat("/e]\"", ...) = 3, 6804 ns, at 1.000002 s after boot */
static const char path[] = "/e]\"";
static const struct snoop_record rec = {
	.ts_ns = 1000002000, .duration_ns = 6804, .pid = 7052, .tid = 7053, .nr = 257, .ret = 3,
	.args = { (uint64_t)-100, 0x7ffd0000, 0 },
	.mem_arg = { 1 }, .mem_len = { sizeof(path) - 1 }, .mem_flags = { SNOOP_MEM_DONE },
	.comm = "cat",
};
static const char line[] =
	"0000000001.000002000    7052    7053 openat                          3 -                  6804 (AT_FDCWD, \"/e]\\\"\", O_RDONLY)\n";

/* r's message as --to makes it: its line from the formatter, with the
 * spans of its fields (mode: FMT_RAW, FMT_SECONDS) */
static size_t message(char *dst, size_t max, const struct syslog_origin *o, const struct snoop_record *r,
		      const void *data, size_t len, unsigned mode)
{
	static char text[FORMAT_RECORD_MAX];
	struct fmt_spans spans;
	size_t n = fmt_record_at(text, r, data, len, mode, NULL, NULL, &spans);

	return syslog_record(dst, max, o, r, text, n, &spans);
}

Test(syslog, a_record_as_rfc5424)
{
	struct syslog_origin o;
	char buf[4096];

	syslog_origin_init(&o, &info);
	cr_expect_str_eq(o.host, "web_1", "HOSTNAME has no spaces");
	buf[fmt_record(buf, &rec, (const uint8_t *)path, sizeof(path) - 1, 0)] = '\0';
	cr_assert_str_eq(buf, line);
	buf[message(buf, (size_t)-1, &o, &rec, path, sizeof(path) - 1, 0)] = '\0';
	cr_expect_str_eq(buf,
		"<14>1 2026-11-22T00:02:58.351429Z web_1 snoop 7052 openat "
		"[snoop@32473 type=\"syscall\" time=\"0000000001.000002000\" pid=\"7052\" tid=\"7053\" comm=\"cat\" "
		"syscall=\"openat\" nr=\"257\" ret=\"3\" errno=\"-\" duration=\"6804\" "
		"args=\"(AT_FDCWD, \\\"/e\\]\\\\\\\"\\\", O_RDONLY)\"] "
		"0000000001.000002000    7052    7053 openat                          3 -                  6804 (AT_FDCWD, \"/e]\\\"\", O_RDONLY)");
}

Test(syslog, raw_registers_seconds_and_an_error)
{
	struct snoop_record r = rec;
	struct syslog_origin o;
	char buf[4096];

	r.ret = -2;
	r.flags = SNOOP_REC_UNFINISHED;
	syslog_origin_init(&o, &info);
	buf[message(buf, (size_t)-1, &o, &r, path, sizeof(path) - 1, FMT_RAW | FMT_SECONDS)] = '\0';
	cr_expect(strstr(buf, " ret=\"-2\" errno=\"ENOENT\" duration=\"0.000006\" "
			      "args=\"0xffffffffffffff9c 0x7ffd0000 0x0 0x0 0x0 0x0 <unfinished ...>\"] ") != NULL, "%s", buf);
}

Test(syslog, signals_and_ends)
{
	struct syslog_origin o;
	struct snoop_record sig = { .ts_ns = 5, .pid = 9, .tid = 9, .nr = 17, .flags = SNOOP_REC_SIGNAL,
				    .args = { 1 /* CLD_EXITED */, 10, 0, 3 }, .comm = "sh" };
	struct snoop_record end = { .ts_ns = 6, .pid = 9, .tid = 9, .flags = SNOOP_REC_EXIT, .args = { 0, 9 }, .comm = "sh" };
	char buf[4096];

	syslog_origin_init(&o, &info);
	buf[message(buf, (size_t)-1, &o, &sig, NULL, 0, 0)] = '\0';
	cr_expect(strstr(buf, " snoop 9 SIGCHLD [snoop@32473 type=\"signal\" time=\"0000000000.000000005\" pid=\"9\" ") != NULL,
		  "%s", buf);
	cr_expect(strstr(buf, " comm=\"sh\" signal=\"SIGCHLD\" siginfo=\"{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=10, "
			      "si_uid=0, si_status=3}\"] 0000000000.000000005 ") != NULL, "%s", buf);
	buf[message(buf, (size_t)-1, &o, &end, NULL, 0, 0)] = '\0';
	cr_expect(strstr(buf, " snoop 9 killed [snoop@32473 type=\"exit\" ") != NULL, "%s", buf);
	cr_expect(strstr(buf, " killed_by=\"SIGKILL\"] 0000000000.000000006") != NULL, "%s", buf);
	end.args[1] = 0;
	end.args[0] = 7;
	buf[message(buf, (size_t)-1, &o, &end, NULL, 0, 0)] = '\0';
	cr_expect(strstr(buf, " snoop 9 exited [snoop@32473 type=\"exit\" ") != NULL, "%s", buf);
	cr_expect(strstr(buf, " comm=\"sh\" status=\"7\"] 0000000000.000000006") != NULL, "%s", buf);
}

Test(syslog, a_datagram_is_cut_and_marked)
{
	/* write(1, "\x01\x01"..., 900) = 900: 256 bytes shown, 4 characters each */
	struct snoop_record w = { .ts_ns = 1000002000, .duration_ns = 10, .pid = 7052, .tid = 7053, .nr = 1, .ret = 900,
				  .args = { 1, 0x1000, 900 }, .mem_arg = { 1 }, .mem_len = { 256 },
				  .mem_flags = { SNOOP_MEM_DONE }, .comm = "cat" };
	struct syslog_origin o;
	uint8_t data[256];
	char buf[16384];
	size_t k;

	memset(data, 1, sizeof(data));
	syslog_origin_init(&o, &info);
	cr_expect_gt(message(buf, (size_t)-1, &o, &w, data, sizeof(data), 0), SYSLOG_UDP_MAX, "too big for a datagram whole");
	k = message(buf, SYSLOG_UDP_MAX, &o, &w, data, sizeof(data), 0);
	buf[k] = '\0';
	cr_expect_leq(k, SYSLOG_UDP_MAX);
	cr_expect(strstr(buf, " args=\"(1, \\\"\\\\x01\\\\x01") != NULL, "%s", buf);
	cr_expect(strstr(buf, " cut=\"true\"] 0000000001.000002000 ") != NULL, "%s", buf);
	cr_expect_eq(memcmp(buf + k - 3, "...", 3), 0, "MSG ends in ...: %s", buf + k - 20);
}

Test(syslog, header_and_notes)
{
	struct syslog_origin o;
	char buf[65536];

	syslog_origin_init(&o, &info);
	buf[syslog_header(buf, (size_t)-1, &o, &info, 0, 1795305777351427466ull)] = '\0';
	const char *start = "<14>1 2026-11-22T00:02:57.351427Z web_1 snoop 42 header [snoop@32473 type=\"header\" format=\"3\" ";

	cr_expect(strncmp(buf, start, strlen(start)) == 0, "%s", buf);
	cr_expect(strstr(buf, " cmdline=\"snoop -n \\\"x\\\"\"] # snoop format=3 ") != NULL, "%s", buf);
	cr_expect_null(strchr(buf, '\n'), "one line");
	buf[syslog_note(buf, &o, 0, "dropped", 12, "to", "tcp://h:1", "# dropped 12\n", 13)] = '\0';
	cr_expect_str_eq(buf, "<12>1 1970-01-01T00:00:00.000000Z web_1 snoop 42 dropped "
			      "[snoop@32473 type=\"dropped\" count=\"12\" to=\"tcp://h:1\"] # dropped 12");
	buf[syslog_note(buf, &o, 0, "untraced", 3, NULL, NULL, "# untraced 3\n", 13)] = '\0';
	cr_expect_str_eq(buf, "<12>1 1970-01-01T00:00:00.000000Z web_1 snoop 42 untraced "
			      "[snoop@32473 type=\"untraced\" count=\"3\"] # untraced 3");
}

Test(syslog, octet_counting)
{
	char buf[16];

	buf[syslog_frame_head(buf, 123)] = '\0';
	cr_expect_str_eq(buf, "123 ");
}

Test(syslog, json_too_big_for_a_datagram_keeps_its_registers)
{
	char buf[8192], big[2048];

	memset(big, 'x', sizeof(big));
	cr_expect_eq(fleet_json_datagram(buf, 100, &rec, "{\"type\":\"syscall\"}\n", 19), 19, "fits: itself");
	buf[fleet_json_datagram(buf, 1452, &rec, big, sizeof(big))] = '\0';
	cr_expect(strstr(buf, "\"raw_args\":[") && !strstr(buf, "\"args\":"), "%s", buf);
	cr_expect(strstr(buf, ",\"datagram_cut\":true}\n") != NULL, "%s", buf);
}

/* ---- the queue ---- */

static size_t gather(const struct queue *q, char *out)
{
	struct iovec iov[2];
	size_t n = 0;
	int k, c = queue_iov(q, iov);

	for (k = 0; k < c; k++) {
		memcpy(out + n, iov[k].iov_base, iov[k].iov_len);
		n += iov[k].iov_len;
	}
	out[n] = '\0';
	return n;
}

Test(queue, whole_messages_in_order_wrapping_around)
{
	struct queue q;
	char out[256];
	int i;

	cr_assert_eq(queue_init(&q, 10), 0);
	cr_expect_eq(queue_push(&q, "ab", 2, "c", 1, 1), 0);
	cr_expect_eq(queue_push(&q, "defg", 4, "", 0, 0), 0);
	cr_expect_eq(queue_push(&q, "hijk", 4, "", 0, 1), -1, "a message that does not fit is refused whole");
	gather(&q, out);
	cr_expect_str_eq(out, "abcdefg");
	cr_expect_eq(queue_sent(&q, 4), 1, "the first message, a record, went out");
	cr_expect_eq(queue_sent(&q, 3), 0, "the second is a note");
	for (i = 0; i < 3; i++) {   /* around the ring's end */
		cr_expect_eq(queue_push(&q, "0123456", 7, "", 0, 1), 0);
		cr_expect_eq(gather(&q, out), 7);
		cr_expect_str_eq(out, "0123456");
		cr_expect_eq(queue_sent(&q, 7), 1);
	}
	cr_expect(queue_empty(&q));
	queue_free(&q);
}

Test(queue, a_broken_connection_gives_up_the_message_it_was_in)
{
	struct queue q;
	struct iovec iov[2];
	char out[256];
	size_t off = 0;

	cr_assert_eq(queue_init(&q, 64), 0);
	queue_push(&q, "one", 3, "", 0, 1);
	queue_push(&q, "two", 3, "", 0, 1);
	cr_expect_eq(queue_sent(&q, 2), 0);
	cr_expect_eq(q.records, 2);
	cr_expect_eq(queue_cut_partial(&q), 1, "'one' was half sent: given up, a record");
	gather(&q, out);
	cr_expect_str_eq(out, "two", "the next connection starts at a message");
	cr_expect_eq(queue_cut_partial(&q), 0, "nothing half sent");
	cr_expect_eq(queue_message(&q, 0, &off, iov), 1);
	cr_expect_eq(iov[0].iov_len, 3);
	cr_expect_eq(q.records, 1);
	queue_free(&q);
}
