/* opts_to.c - the --to options (src/fleet/): destinations, their format,
 * TLS files and buffer size, and the rules between them and the rest. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fleet/syslog.h"
#include "opts.h"

/* "64M", "512K", "1G", "65536" (optionally "MiB" ...): bytes, binary
 * units; 0 if bad. */
static uint64_t parse_size(const char *s)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return 0;
	if (*end)
		shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : -1;
	if (shift < 0 || (*end && end[1] && strcmp(end + 1, "iB") && strcmp(end + 1, "B")) || v > (1ull << (60 - shift)))
		return 0;
	return (uint64_t)v << shift;
}

static enum opts_result add_to(struct options *o, const char *url, char *err, size_t errlen)
{
	struct fleet_url u;

	if (fleet_url_parse(url, &u, err, errlen))
		return OPTS_ERROR;
	if (o->nto >= OPTS_MAX_TO)
		return opts_fail(err, errlen, "too many --to destinations: at most %d", OPTS_MAX_TO);
	o->to[o->nto++] = url;
	return OPTS_RUN;
}

/* --to's companions need a --to (TLS ones a tls:// one) */
enum opts_result opts_to_check(const struct options *o, char *err, size_t errlen)
{
	int i, tls = 0;

	for (i = 0; i < o->nto; i++)
		tls |= strncmp(o->to[i], "tls://", 6) == 0;
	if (!o->nto && (o->to_json || o->to_buffer != OPTS_DEFAULT_TO_BUFFER || o->to_ca || o->to_cert || o->to_key))
		return opts_fail(err, errlen, "--to-format, --to-buffer, --to-ca, --to-cert and --to-key shape --to: add --to=URL");
	if (!tls && (o->to_ca || o->to_cert || o->to_key))
		return opts_fail(err, errlen, "--to-ca, --to-cert and --to-key apply to TLS: give a --to=tls://HOST:PORT");
	if (!o->to_cert != !o->to_key)
		return opts_fail(err, errlen, "--to-cert and --to-key go together: the client certificate and its key");
	if (o->nto && o->summary == SUMMARY_ONLY)
		return opts_fail(err, errlen, "--to sends records, and -c writes none: use -C (records and summary)");
	return OPTS_RUN;
}

enum opts_result opts_to_option(struct options *o, int which, const char *arg, char *err, size_t errlen)
{
	static const char *const file_opts[] = { [TO_CA] = "ca", [TO_CERT] = "cert", [TO_KEY] = "key" };

	switch (which) {
	case TO_URL:
		return add_to(o, arg, err, errlen);
	case TO_FORMAT:
		if (strcmp(arg, "rfc5424") && strcmp(arg, "json"))
			return opts_fail(err, errlen, "invalid --to-format argument: '%s': give rfc5424 or json", arg);
		o->to_json = strcmp(arg, "json") == 0;
		return OPTS_RUN;
	case TO_CA:
	case TO_CERT:
	case TO_KEY:
		if (!*arg)
			return opts_fail(err, errlen, "invalid --to-%s argument: empty file name", file_opts[which]);
		*(which == TO_CA ? &o->to_ca : which == TO_CERT ? &o->to_cert : &o->to_key) = arg;
		return OPTS_RUN;
	default:
		o->to_buffer = parse_size(arg);
		if (o->to_buffer < OPTS_MIN_TO_BUFFER || o->to_buffer > OPTS_MAX_TO_BUFFER)
			return opts_fail(err, errlen, "invalid --to-buffer argument: '%s': give a size from 64K to 16G (K, M, G: binary units)", arg);
		return OPTS_RUN;
	}
}
