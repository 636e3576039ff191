/* syslog.c - see syslog.h. RFC 5424 (the message), RFC 6587 (octet
 * counting), RFC 5426 (datagram sizes), RFC 3339 (the time). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fleet/syslog.h"
#include "record/text.h"

#define SD_CUT_VALUE 256   /* a value's bytes kept in a cut datagram */

static int fail(char *err, size_t errlen, const char *url, const char *why)
{
	snprintf(err, errlen, "invalid --to argument: '%s': %s", url, why);
	return -1;
}

/* HOST: a DNS name or an IPv4 address (letters, digits, '-', '.'), or an
 * IPv6 address in brackets. */
static int host_ok(const char *h, int bracketed)
{
	const char *allowed = bracketed ? "0123456789abcdefABCDEF:." :
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._";

	return *h && strspn(h, allowed) == strlen(h) && (bracketed || *h != '-');
}

int fleet_url_parse(const char *url, struct fleet_url *u, char *err, size_t errlen)
{
	static const struct { const char *scheme; enum fleet_proto proto; const char *port; } schemes[] = {
		{ "tcp://", FLEET_TCP, "514" }, { "udp://", FLEET_UDP, "514" }, { "tls://", FLEET_TLS, "6514" },
	};
	const char *p = NULL, *host, *end, *port;
	size_t k, hn;
	char *stop;
	long v;

	memset(u, 0, sizeof(*u));
	if (strlen(url) >= FMT_URL_MAX)
		return fail(err, errlen, url, "too long for a URL of a host and a port");
	for (k = 0; k < sizeof(schemes) / sizeof(schemes[0]) && !p; k++)
		if (strncmp(url, schemes[k].scheme, 6) == 0) {
			p = url + 6;
			u->proto = schemes[k].proto;
			strcpy(u->port, schemes[k].port);
		}
	if (!p)
		return fail(err, errlen, url, "give tcp://HOST:PORT, udp://HOST:PORT or tls://HOST:PORT");
	host = p;
	if (*p == '[') {
		host = p + 1;
		if (!(end = strchr(host, ']')))
			return fail(err, errlen, url, "an IPv6 address needs its closing ']': tcp://[::1]:514");
		port = end + 1;
	} else {
		end = host + strcspn(host, ":/");
		port = end;
	}
	hn = (size_t)(end - host);
	if (!hn || hn >= sizeof(u->host))
		return fail(err, errlen, url, "no host: give tcp://HOST:PORT");
	memcpy(u->host, host, hn);
	if (!host_ok(u->host, *p == '['))
		return fail(err, errlen, url, "the host is not a name or an address");
	if (*port == ':') {
		v = strtol(port + 1, &stop, 10);
		if (!port[1] || *stop || port[1] == '-' || port[1] == '+' || v < 1 || v > 65535)
			return fail(err, errlen, url, "the port is not a number from 1 to 65535");
		snprintf(u->port, sizeof(u->port), "%ld", v);
	} else if (*port) {
		return fail(err, errlen, url, "only HOST:PORT may follow the scheme (no path)");
	}
	return 0;
}

/* ---- the pieces of a message ---- */

void syslog_origin_init(struct syslog_origin *o, const struct run_info *ri)
{
	size_t i;

	memset(o, 0, sizeof(*o));
	/* HOSTNAME is 1*255 PRINTUSASCII: anything else becomes '_' */
	for (i = 0; ri->host[i] && i < sizeof(o->host) - 1; i++)
		o->host[i] = ri->host[i] > ' ' && ri->host[i] < 127 ? ri->host[i] : '_';
	if (!i)
		o->host[0] = '-';
	snprintf(o->pid, sizeof(o->pid), "%s", ri->pid[0] ? ri->pid : "-");
	o->boot_ns = ri->boot_ns;
}

size_t syslog_time(char *dst, uint64_t wall_ns)
{
	/* days since 1970-01-01 to a civil date (H. Hinnant's algorithm) */
	uint64_t sec = wall_ns / 1000000000u, days = sec / 86400, rem = sec % 86400;
	uint64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
	uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	uint64_t day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9;
	uint64_t year = yoe + era * 400 + (month <= 2);
	size_t i = fmt_udec(dst, year, 4, '0');

	dst[i++] = '-';
	i += fmt_udec(dst + i, month, 2, '0');
	dst[i++] = '-';
	i += fmt_udec(dst + i, day, 2, '0');
	dst[i++] = 'T';
	i += fmt_udec(dst + i, rem / 3600, 2, '0');
	dst[i++] = ':';
	i += fmt_udec(dst + i, rem / 60 % 60, 2, '0');
	dst[i++] = ':';
	i += fmt_udec(dst + i, rem % 60, 2, '0');
	dst[i++] = '.';
	i += fmt_udec(dst + i, wall_ns % 1000000000u / 1000u, 6, '0');
	dst[i++] = 'Z';
	return i;
}

size_t syslog_escape(char *dst, const char *s, size_t n)
{
	size_t i = 0, k;

	for (k = 0; k < n; k++) {
		if (s[k] == '"' || s[k] == '\\' || s[k] == ']')
			dst[i++] = '\\';
		dst[i++] = s[k];
	}
	return i;
}

/* A header field: printable ASCII up to max bytes, "-" for none. */
static size_t put_token(char *dst, const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i] && i < max; i++)
		dst[i] = s[i] > ' ' && s[i] < 127 ? s[i] : '_';
	if (!i)
		dst[i++] = '-';
	return i;
}

/* <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID, and a space */
static size_t put_header(char *dst, int pri, uint64_t wall_ns, const struct syslog_origin *o,
			 const char *procid, const char *msgid)
{
	size_t i = fmt_lit(dst, "<");

	i += fmt_udec(dst + i, (uint64_t)pri, 0, ' ');
	i += fmt_lit(dst + i, ">1 ");
	i += syslog_time(dst + i, wall_ns);
	dst[i++] = ' ';
	i += put_token(dst + i, o->host, 255);
	i += fmt_lit(dst + i, " " SYSLOG_APP " ");
	i += put_token(dst + i, procid, 128);
	dst[i++] = ' ';
	i += put_token(dst + i, msgid, 32);
	dst[i++] = ' ';
	return i;
}

/* [snoop@32473 name="value" ...], values cut to vmax bytes */
static size_t put_sd(char *dst, const struct sd_param *p, int np, size_t vmax, int cut)
{
	size_t i = fmt_lit(dst, "[" SYSLOG_SDID);
	int k;

	for (k = 0; k < np; k++) {
		dst[i++] = ' ';
		i += fmt_str(dst + i, p[k].name, 0);
		i += fmt_lit(dst + i, "=\"");
		i += syslog_escape(dst + i, p[k].value, p[k].len < vmax ? p[k].len : vmax);
		dst[i++] = '"';
	}
	if (cut)
		i += fmt_lit(dst + i, " cut=\"true\"");
	dst[i++] = ']';
	return i;
}

size_t syslog_message(char *dst, size_t max, int pri, uint64_t wall_ns, const struct syslog_origin *o,
		      const char *procid, const char *msgid, const struct sd_param *p, int np,
		      const char *msg, size_t msglen)
{
	size_t h = put_header(dst, pri, wall_ns, o, procid, msgid), i, room;

	i = h + put_sd(dst + h, p, np, (size_t)-1, 0);
	if (msglen) {
		dst[i++] = ' ';
		memcpy(dst + i, msg, msglen);
		i += msglen;
	}
	if (i <= max)
		return i;
	/* a datagram: the values cut, marked, then as much of MSG as fits */
	i = h + put_sd(dst + h, p, np, SD_CUT_VALUE, 1);
	room = max > i + 4 ? max - i - 4 : 0;
	if (msglen && room) {
		dst[i++] = ' ';
		memcpy(dst + i, msg, room < msglen ? room : msglen);
		i += room < msglen ? room : msglen;
		i += fmt_lit(dst + i, "...");
	}
	return i;
}

size_t syslog_frame_head(char *dst, size_t n)
{
	size_t i = fmt_udec(dst, n, 0, ' ');

	dst[i++] = ' ';
	return i;
}

/* ---- records ---- */

#define PARAM_STR(nm, str) ((struct sd_param){ nm, str, strlen(str) })
/* Field k of the record's line, where the formatter wrote it */
#define PARAM_FIELD(nm, k) ((struct sd_param){ nm, line + spans->f[k].off, spans->f[k].len })

/* MSGID from a field of the line: its first 32 bytes (RFC 5424's most) */
static void msgid_of(char *msgid, const char *line, const struct fmt_span *f)
{
	size_t n = f->len < 32 ? f->len : 32;

	memcpy(msgid, line + f->off, n);
	msgid[n] = '\0';
}

size_t syslog_record(char *dst, size_t max, const struct syslog_origin *o, const struct snoop_record *r,
		     const char *line, size_t n, const struct fmt_spans *spans)
{
	const char *type = r->flags & SNOOP_REC_SIGNAL ? "signal" : r->flags & SNOOP_REC_EXIT ? "exit" : "syscall";
	char comm[4 * SNOOP_COMM_LEN + 1], msgid[40] = "-", nr[24], procid[24];
	struct sd_param p[16];
	int np = 0;
	size_t len = n && line[n - 1] == '\n' ? n - 1 : n;

	comm[fmt_escape(comm, (const uint8_t *)r->comm, strnlen(r->comm, sizeof(r->comm)))] = '\0';
	p[np++] = PARAM_STR("type", type);
	p[np++] = PARAM_FIELD("time", FMT_F_TIME);
	p[np++] = PARAM_FIELD("pid", FMT_F_PID);
	p[np++] = PARAM_FIELD("tid", FMT_F_TID);
	p[np++] = PARAM_STR("comm", comm);
	if (r->flags & SNOOP_REC_SIGNAL) {
		msgid_of(msgid, line, &spans->f[FMT_F_SIGNAL]);
		p[np++] = PARAM_FIELD("signal", FMT_F_SIGNAL);
		p[np++] = PARAM_FIELD("siginfo", FMT_F_SIGINFO);
	} else if (r->flags & SNOOP_REC_EXIT) {
		strcpy(msgid, r->args[1] ? "killed" : "exited");
		p[np++] = r->args[1] ? PARAM_FIELD("killed_by", FMT_F_KILLED_BY) : PARAM_FIELD("status", FMT_F_STATUS);
	} else {
		msgid_of(msgid, line, &spans->f[FMT_F_SYSCALL]);
		nr[fmt_sdec(nr, r->nr, 0)] = '\0';
		p[np++] = PARAM_FIELD("syscall", FMT_F_SYSCALL);
		p[np++] = PARAM_STR("nr", nr);
		p[np++] = PARAM_FIELD("ret", FMT_F_RET);
		p[np++] = PARAM_FIELD("errno", FMT_F_ERRNO);
		p[np++] = PARAM_FIELD("duration", FMT_F_DURATION);
		p[np++] = PARAM_FIELD("args", FMT_F_ARGS);
	}
	procid[fmt_udec(procid, r->pid, 0, ' ')] = '\0';
	return syslog_message(dst, max, SYSLOG_PRI_INFO, o->boot_ns + r->ts_ns, o, procid, msgid, p, np, line, len);
}

size_t syslog_header(char *dst, size_t max, const struct syslog_origin *o, const struct run_info *ri,
		     unsigned mode, uint64_t wall_ns)
{
	char line[FORMAT_HEADER_MAX], format[8] = { '0' + FORMAT_VERSION };   /* one digit so far */
	size_t n = fmt_header_line(line, ri, mode);
	struct sd_param p[] = {
		PARAM_STR("type", "header"), PARAM_STR("format", format),
		PARAM_STR("boot_realtime", ri->boot_realtime), PARAM_STR("host", ri->host),
		PARAM_STR("kernel", ri->kernel), PARAM_STR("arch", ri->arch), PARAM_STR("pid", ri->pid),
		PARAM_STR("args", mode & FMT_RAW ? "raw" : "decoded"), PARAM_STR("cmdline", ri->cmdline),
	};

	return syslog_message(dst, max, SYSLOG_PRI_INFO, wall_ns, o, o->pid, "header", p,
			      (int)(sizeof(p) / sizeof(p[0])), line, n);
}

size_t syslog_note(char *dst, const struct syslog_origin *o, uint64_t wall_ns, const char *msgid,
		   uint64_t count, const char *where_key, const char *where, const char *line, size_t n)
{
	char num[24];
	size_t nn = fmt_udec(num, count, 0, ' ');
	struct sd_param p[3] = { PARAM_STR("type", msgid), { "count", num, nn } };

	if (where_key)
		p[2] = PARAM_STR(where_key, where);
	if (n && line[n - 1] == '\n')
		n--;
	return syslog_message(dst, (size_t)-1, SYSLOG_PRI_WARNING, wall_ns, o, o->pid, msgid, p, where_key ? 3 : 2,
			      line, n);
}

size_t fleet_json_datagram(char *dst, size_t max, const struct snoop_record *r, const char *line, size_t n)
{
	if (n <= max) {
		memcpy(dst, line, n);
		return n;
	}
	/* a syscall's: a signal's or an end's line always fits */
	n = fmt_call_json_open(dst, r, NULL, 0, FMT_RAW, NULL, NULL);   /* no "args": the registers only */
	return n + fmt_lit(dst + n, ",\"datagram_cut\":true}\n");
}
