/* libFuzzer target: syslog_record (--to's RFC 5424 message) on any record
 * and any line. The message is written into a buffer of exactly its
 * documented bound (ASan catches a byte past it), and must be RFC 5424 as
 * a collector parses it: six header fields of printable ASCII, structured
 * data whose values escape '"', '\' and ']', then the MSG. The same for
 * the datagram form, cut to SYSLOG_UDP_MAX. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fleet/syslog.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run_info ri = { .boot_realtime = "1795305777.351427466", .host = "fuzz", .pid = "1",
			       .boot_ns = 1795305777351427466ull, .pid_num = 1, .boot_known = 1, .pid_known = 1 };
	struct snoop_record r = { 0 };
	struct syslog_origin o;
	size_t take = size < sizeof(r) ? size : sizeof(r), len = size - take, n;
	char *out = malloc(SYSLOG_MAX(len));
	const char *line = (const char *)data + take;

	if (!out)
		return 0;
	memcpy(&r, data, take);
	syslog_origin_init(&o, &ri);
	n = syslog_record(out, (size_t)-1, &o, &r, line, len);
	if (n > SYSLOG_MAX(len) || !valid_5424(out, n))
		abort();
	n = syslog_record(out, SYSLOG_UDP_MAX, &o, &r, line, len);
	if (n > SYSLOG_MAX(len) || !valid_5424(out, n))
		abort();
	free(out);
	return 0;
}
