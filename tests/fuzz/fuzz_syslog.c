/* libFuzzer target: syslog_record (--to's RFC 5424 message) on any record
 * as the kernel could hand it over (any syscall number, arguments, flags,
 * captured bytes), its line and spans from the formatter, in every mode.
 * The spans must lie in the line, in order, without padding; the message
 * is written into a buffer of exactly its documented bound (ASan catches
 * a byte past it), and must be RFC 5424 as a collector parses it: six
 * header fields of printable ASCII, structured data whose values escape
 * '"', '\' and ']', then the MSG. The same for the datagram form, cut to
 * SYSLOG_UDP_MAX. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fleet/syslog.h"
#include "record/sink.h"

static int printable(char c)
{
	return c > 32 && c < 127;
}

static int name_char(char c)
{
	return printable(c) && c != '=' && c != ']' && c != '"';
}

/* A PARAM-VALUE from m[i] (after its opening quote): the index past its
 * closing quote, or 0. */
static size_t param_value(const char *m, size_t n, size_t i)
{
	for (; i < n && m[i] != '"'; i++) {
		if (m[i] == ']')
			return 0;
		if (m[i] == '\\') {
			if (i + 1 >= n || (m[i + 1] != '"' && m[i + 1] != '\\' && m[i + 1] != ']'))
				return 0;
			i++;
		}
	}
	return i < n ? i + 1 : 0;
}

/* One SD-ELEMENT from m[i] ('['): the index past its ']', or 0. */
static size_t sd_element(const char *m, size_t n, size_t i)
{
	size_t start = ++i;

	while (i < n && name_char(m[i]))
		i++;
	if (i == start)
		return 0;
	while (i < n && m[i] == ' ') {
		start = ++i;
		while (i < n && name_char(m[i]))
			i++;
		if (i == start || i - start > 32 || i + 1 >= n || m[i] != '=' || m[i + 1] != '"')
			return 0;
		if (!(i = param_value(m, n, i + 2)))
			return 0;
	}
	return i < n && m[i] == ']' ? i + 1 : 0;
}

static int valid_5424(const char *m, size_t n)
{
	static const size_t longest[6] = { 5, 32, 255, 48, 128, 32 };   /* <PRI>1, time, host, app, procid, msgid */
	size_t i = 0, start;
	int k;

	if (n < 2 || m[0] != '<')
		return 0;
	for (k = 0; k < 6; k++) {
		start = i;
		while (i < n && printable(m[i]))
			i++;
		if (i == start || i - start > longest[k] || i >= n || m[i] != ' ')
			return 0;
		i++;
	}
	if (i < n && m[i] == '-') {
		i++;
	} else {
		if (i >= n || m[i] != '[')
			return 0;
		while (i < n && m[i] == '[')
			if (!(i = sd_element(m, n, i)))
				return 0;
	}
	return i == n || m[i] == ' ';
}

/* The fields r's line has, as fmt_record_at writes them; FMT_FIELDS-ended */
static const enum fmt_field *fields_of(const struct snoop_record *r)
{
	static const enum fmt_field call[] = { FMT_F_TIME, FMT_F_PID, FMT_F_TID, FMT_F_SYSCALL, FMT_F_RET,
					       FMT_F_ERRNO, FMT_F_DURATION, FMT_F_ARGS, FMT_FIELDS };
	static const enum fmt_field sig[] = { FMT_F_TIME, FMT_F_PID, FMT_F_TID, FMT_F_SIGNAL, FMT_F_SIGINFO, FMT_FIELDS };
	static const enum fmt_field exited[] = { FMT_F_TIME, FMT_F_PID, FMT_F_TID, FMT_F_STATUS, FMT_FIELDS };
	static const enum fmt_field killed[] = { FMT_F_TIME, FMT_F_PID, FMT_F_TID, FMT_F_KILLED_BY, FMT_FIELDS };

	if (r->flags & SNOOP_REC_SIGNAL)
		return sig;
	if (r->flags & SNOOP_REC_EXIT)
		return r->args[1] ? killed : exited;
	return call;
}

/* Each field in the line before its '\n', after the one before, not
 * empty, no padding in it. */
static int spans_ok(const struct snoop_record *r, const char *line, size_t n, const struct fmt_spans *sp)
{
	const enum fmt_field *k = fields_of(r);
	size_t end = 0;

	for (; *k != FMT_FIELDS; k++) {
		const struct fmt_span *f = &sp->f[*k];

		if (f->off < end || !f->len || f->off + f->len > n - 1 || line[f->off] == ' ' ||
		    line[f->off + f->len - 1] == ' ')
			return 0;
		end = f->off + f->len;
	}
	return 1;
}

/* The message of the line in a buffer of exactly its bound */
static void check_message(const struct syslog_origin *o, const struct snoop_record *r, const char *line, size_t len,
			  const struct fmt_spans *sp, size_t max)
{
	char *out = malloc(SYSLOG_MAX(len));
	size_t n;

	if (!out)
		return;
	n = syslog_record(out, max, o, r, line, len, sp);
	if (n > SYSLOG_MAX(len) || !valid_5424(out, n))
		abort();
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[FORMAT_RECORD_MAX];
	struct run_info ri = { .boot_realtime = "1795305777.351427466", .host = "fuzz", .pid = "1",
			       .boot_ns = 1795305777351427466ull, .pid_num = 1, .boot_known = 1, .pid_known = 1 };
	struct snoop_record r;
	struct syslog_origin o;
	struct fmt_spans sp;
	const uint8_t *caps;
	size_t len, n;
	unsigned mode;

	if (sink_check(data, size, &r, &caps, &len))
		return 0;
	syslog_origin_init(&o, &ri);
	for (mode = 0; mode <= (FMT_RAW | FMT_SECONDS); mode++) {
		n = fmt_record_at(line, &r, caps, len, mode, mode & FMT_SECONDS ? "07:15:02.123456" : NULL, NULL, &sp);
		if (!spans_ok(&r, line, n, &sp))
			abort();
		check_message(&o, &r, line, n, &sp, (size_t)-1);
		check_message(&o, &r, line, n, &sp, SYSLOG_UDP_MAX);
	}
	return 0;
}
