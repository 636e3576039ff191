/* opts.c - see opts.h. Errors read like strace's: "invalid -p argument: 'x'". */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fleet/syslog.h"
#include "opts.h"
#include "record/sink.h"
#include "record/summary.h"
#include "record/syscall_set.h"
#include "trace/ctrname.h"

enum {
	OPT_BUFFER_PAGES = 0x100, OPT_BPF_DIR, OPT_ATTACH, OPT_WAKEUP, OPT_RAW, OPT_FORMAT, OPT_BUFFER,
	OPT_INFLIGHT, OPT_MIN_DURATION, OPT_INTERVAL, OPT_PER_PROCESS, OPT_HISTOGRAM, OPT_ISO_TIME,
	OPT_RELATIVE, OPT_CACHE_DIR, OPT_NO_CACHE, OPT_PREPARE, OPT_CGROUP, OPT_CONTAINER, OPT_TO, /* then the --to-... options, in enum opts_to's order */
	OPT_TO_FORMAT, OPT_TO_CA, OPT_TO_CERT, OPT_TO_KEY, OPT_TO_BUFFER,
	OPT_SHOW_CGROUP, OPT_PIDNS,
	OPT_HTML, OPT_LOSSLESS,
};

static const struct option long_opts[] = {
	{ "pid", required_argument, NULL, 'p' },
	{ "name", required_argument, NULL, 'n' },
	{ "follow", no_argument, NULL, 'f' },
	{ "all", no_argument, NULL, 'a' },
	{ "cgroup", required_argument, NULL, OPT_CGROUP },
	{ "user", required_argument, NULL, 'u' },
	{ "trace", required_argument, NULL, 'e' },
	{ "output", required_argument, NULL, 'o' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "buffer-pages", required_argument, NULL, OPT_BUFFER_PAGES },
	{ "buffer", required_argument, NULL, OPT_BUFFER },
	{ "inflight", required_argument, NULL, OPT_INFLIGHT },
	{ "bpf-dir", required_argument, NULL, OPT_BPF_DIR },
	{ "cache-dir", required_argument, NULL, OPT_CACHE_DIR },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "lossless", no_argument, NULL, OPT_LOSSLESS },
	{ "prepare", no_argument, NULL, OPT_PREPARE },
	{ "attach", required_argument, NULL, OPT_ATTACH },
	{ "wakeup-events", required_argument, NULL, OPT_WAKEUP },
	{ "strsize", required_argument, NULL, 's' },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "decode-fds", no_argument, NULL, 'y' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "write", required_argument, NULL, 'w' },
	{ "read", required_argument, NULL, 'r' },
	{ "failed-only", no_argument, NULL, 'Z' },
	{ "successful-only", no_argument, NULL, 'z' },
	{ "min-duration", required_argument, NULL, OPT_MIN_DURATION },
	{ "trace-path", required_argument, NULL, 'P' },
	{ "summary-only", no_argument, NULL, 'c' },
	{ "summary", no_argument, NULL, 'C' },
	{ "summary-sort", required_argument, NULL, 'S' },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "per-process", no_argument, NULL, OPT_PER_PROCESS },
	{ "histogram", no_argument, NULL, OPT_HISTOGRAM },
	{ "iso-time", no_argument, NULL, OPT_ISO_TIME },
	{ "relative-timestamps", no_argument, NULL, OPT_RELATIVE },
	{ "syscall-times", no_argument, NULL, 'T' },
	{ "stack-trace", no_argument, NULL, 'k' },
	{ "container", required_argument, NULL, OPT_CONTAINER },
	{ "to", required_argument, NULL, OPT_TO },
	{ "to-format", required_argument, NULL, OPT_TO_FORMAT },
	{ "to-ca", required_argument, NULL, OPT_TO_CA },
	{ "to-cert", required_argument, NULL, OPT_TO_CERT },
	{ "to-key", required_argument, NULL, OPT_TO_KEY },
	{ "to-buffer", required_argument, NULL, OPT_TO_BUFFER },
	{ "show-cgroup", no_argument, NULL, OPT_SHOW_CGROUP },
	{ "pidns", required_argument, NULL, OPT_PIDNS },
	{ "html", required_argument, NULL, OPT_HTML },
	{ NULL, 0, NULL, 0 },
};

/* err gets the formatted reason; OPTS_ERROR. */
static enum opts_result __attribute__((format(printf, 3, 4))) opts_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return OPTS_ERROR;
}

/* ---- --to=URL and its --to-... companions (src/fleet/) ---- */
/* in the order of their OPT_TO... values */
enum opts_to { TO_URL, TO_FORMAT, TO_CA, TO_CERT, TO_KEY, TO_BUFFER };
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
	if (o->to.n >= FLEET_MAX_TO)
		return opts_fail(err, errlen, "too many --to destinations: at most %d", FLEET_MAX_TO);
	o->to.urls[o->to.n++] = url;
	return OPTS_RUN;
}

/* --to's companions need a --to (TLS ones a tls:// one) */
static enum opts_result opts_to_check(const struct options *o, char *err, size_t errlen)
{
	int i, tls = 0;

	for (i = 0; i < o->to.n; i++)
		tls |= strncmp(o->to.urls[i], "tls://", 6) == 0;
	if (!o->to.n && (o->to.json || o->to.buffer != OPTS_DEFAULT_TO_BUFFER || o->to.ca || o->to.cert || o->to.key))
		return opts_fail(err, errlen, "--to-format, --to-buffer, --to-ca, --to-cert and --to-key shape --to: add --to=URL");
	if (!tls && (o->to.ca || o->to.cert || o->to.key))
		return opts_fail(err, errlen, "--to-ca, --to-cert and --to-key apply to TLS: give a --to=tls://HOST:PORT");
	if (!o->to.cert != !o->to.key)
		return opts_fail(err, errlen, "--to-cert and --to-key go together: the client certificate and its key");
	if (o->to.n && o->summary == SUMMARY_ONLY)
		return opts_fail(err, errlen, "--to sends records, and -c writes none: use -C (records and summary)");
	return OPTS_RUN;
}

static enum opts_result opts_to_option(struct options *o, int which, const char *arg, char *err, size_t errlen)
{
	static const char *const file_opts[] = { [TO_CA] = "ca", [TO_CERT] = "cert", [TO_KEY] = "key" };

	switch (which) {
	case TO_URL:
		return add_to(o, arg, err, errlen);
	case TO_FORMAT:
		if (strcmp(arg, "rfc5424") && strcmp(arg, "json"))
			return opts_fail(err, errlen, "invalid --to-format argument: '%s': give rfc5424 or json", arg);
		o->to.json = strcmp(arg, "json") == 0;
		return OPTS_RUN;
	case TO_CA:
	case TO_CERT:
	case TO_KEY:
		if (!*arg)
			return opts_fail(err, errlen, "invalid --to-%s argument: empty file name", file_opts[which]);
		*(which == TO_CA ? &o->to.ca : which == TO_CERT ? &o->to.cert : &o->to.key) = arg;
		return OPTS_RUN;
	default:
		o->to.buffer = parse_size(arg);
		if (o->to.buffer < OPTS_MIN_TO_BUFFER || o->to.buffer > OPTS_MAX_TO_BUFFER)
			return opts_fail(err, errlen, "invalid --to-buffer argument: '%s': give a size from 64K to 16G (K, M, G: binary units)", arg);
		return OPTS_RUN;
	}
}

/* ---- the others ---- */
/* A whole decimal number in [min, max]; -1 otherwise. */
static long parse_range(const char *s, long min, long max)
{
	char *end;
	long v;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	return v;
}

/* Next comma-separated element of *list (cut in place), or NULL at the end.
 * Unlike strtok, "a,,b" gives an empty element: it is an error, not skipped. */
static char *next_item(char **list)
{
	char *item = *list, *comma;

	if (!item)
		return NULL;
	comma = strchr(item, ',');
	if (comma)
		*comma = '\0';
	*list = comma ? comma + 1 : NULL;
	return item;
}

/* Keeps pid once (a duplicate is harmless); -1 when the table is full. */
static int add_pid(struct options *o, pid_t pid)
{
	for (int i = 0; i < o->npids; i++)
		if (o->pids[i] == pid)
			return 0;
	if (o->npids >= OPTS_MAX_PIDS)
		return -1;
	o->pids[o->npids++] = pid;
	return 0;
}

/* -p's PIDs, after earlier -p's; too many is told by the limit, not as a wrong PID */
static enum opts_result add_pids(struct options *o, const char *arg, char *err, size_t errlen)
{
	char *copy = strdup(arg), *list = copy, *tok;
	enum opts_result rc = OPTS_RUN;
	long pid;

	if (!copy)
		return opts_fail(err, errlen, "-p: %s", strerror(errno));
	while (rc == OPTS_RUN && (tok = next_item(&list))) {
		pid = parse_range(tok, 1, 4194304);  /* PID_MAX_LIMIT */
		if (pid < 0)
			rc = opts_fail(err, errlen, "invalid -p argument: '%s': give process IDs (1-4194304) separated by commas", arg);
		else if (add_pid(o, (pid_t)pid))
			rc = opts_fail(err, errlen, "-p: more than %d PIDs (the limit): trace fewer, or use -n NAME or -f", OPTS_MAX_PIDS);
	}
	free(copy);
	return rc;
}

static int add_name(struct options *o, const char *name)
{
	int i;

	if (!*name || strchr(name, '/') || o->nnames >= SNOOP_MAX_NAMES)
		return -1;
	/* the kernel keeps 15 characters of a name: match what it keeps */
	for (i = 0; i < o->nnames; i++)
		if (strncmp(o->names[i], name, SNOOP_COMM_LEN - 1) == 0)
			return 0;
	memset(o->names[o->nnames], 0, SNOOP_COMM_LEN);
	strncpy(o->names[o->nnames], name, SNOOP_COMM_LEN - 1);
	o->nnames++;
	return 0;
}

/* "10ms", "250us", "1.5s", "800ns": a time with its unit, in ns; -1 if bad. */
static int64_t parse_duration(const char *s)
{
	static const struct { const char *unit; double ns; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
	};
	char *end;
	double v;
	size_t k;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s)
		return -1;
	for (k = 0; k < sizeof(units) / sizeof(units[0]); k++)
		if (strcmp(end, units[k].unit) == 0 && v * units[k].ns < 1e18)
			return (int64_t)(v * units[k].ns + 0.5);
	return -1;
}

static enum opts_result add_path(struct options *o, const char *path, char *err, size_t errlen)
{
	if (!*path || strlen(path) >= SNOOP_PATH_LEN)
		return opts_fail(err, errlen, "invalid -P argument: '%s': give a path of 1 to %d bytes", path, SNOOP_PATH_LEN - 1);
	if (o->npaths >= SNOOP_MAX_PATHS)
		return opts_fail(err, errlen, "too many -P paths: at most %d", SNOOP_MAX_PATHS);
	o->paths[o->npaths++] = path;
	return OPTS_RUN;
}

/* -t, -tt, -ttt (as strace: each t more precise); --iso-time; --relative-timestamps */
static enum opts_result set_time_mode(struct options *o, enum time_mode m, char *err, size_t errlen)
{
	if (m == TIME_CLOCK && (o->time_mode == TIME_CLOCK || o->time_mode == TIME_CLOCK_US))
		m = o->time_mode + 1;
	else if (m == TIME_CLOCK && o->time_mode == TIME_EPOCH_US)
		return opts_fail(err, errlen, "-t is given at most three times (-t, -tt, -ttt)");
	else if (o->time_mode != TIME_RAW)
		return opts_fail(err, errlen, "-t, --iso-time and --relative-timestamps exclude each other: choose one time format");
	o->time_mode = m;
	return OPTS_RUN;
}

/* --container=ID|NAME: resolved later (trace/containers.h); here only
 * what a runtime could take for a name or ID, never for an option */
static enum opts_result add_container(struct options *o, const char *ref, char *err, size_t errlen)
{
	if (!ctr_valid_ref(ref))
		return opts_fail(err, errlen, "invalid --container argument: '%s': give a container's name or ID (letters, digits, '_', '.', '-')", ref);
	if (o->ncontainers >= OPTS_MAX_CGROUPS)
		return opts_fail(err, errlen, "too many --container options: at most %d", OPTS_MAX_CGROUPS);
	o->containers[o->ncontainers++] = ref;
	return OPTS_RUN;
}

/* --format: snoop's text or JSON Lines, or a form other tools read */
static enum opts_result set_format(struct options *o, const char *arg, char *err, size_t errlen)
{
	o->json = strcmp(arg, "json") == 0;
	o->trace_event = strcmp(arg, "trace-event") == 0;
	o->strace_lines = strcmp(arg, "strace") == 0;
	if (!o->json && !o->trace_event && !o->strace_lines && strcmp(arg, "text"))
		return opts_fail(err, errlen, "invalid --format argument: '%s': give text, json, trace-event or strace", arg);
	return OPTS_RUN;
}

/* --format=trace-event is one JSON object of timed events: no table, no
 * stacks, and its own times; --format=strace has strace's -ttt times
 * unless -t or -tt (or another time option) chose others. */
static enum opts_result check_format(struct options *o, char *err, size_t errlen)
{
	if ((o->trace_event || o->strace_lines) && o->stack)
		return opts_fail(err, errlen, "-k writes stacks into snoop's text or JSON: it cannot go with --format=%s",
				  o->trace_event ? "trace-event" : "strace");
	if ((o->trace_event || o->strace_lines) && o->show_cgroup)
		return opts_fail(err, errlen, "--show-cgroup ends snoop's text lines with a field: --format=%s has no place for it (%s)",
				  o->trace_event ? "trace-event" : "strace",
				  o->trace_event ? "its events' args hold cgroup_id already: drop --show-cgroup"
						 : "drop one; --format=json carries cgroup_id");
	if (!o->trace_event) {
		if (o->strace_lines && o->time_mode == TIME_RAW)
			o->time_mode = TIME_EPOCH_US;
		return OPTS_RUN;
	}
	if (o->summary)
		return opts_fail(err, errlen, "%s prints a table, which --format=trace-event's JSON object cannot hold: drop one (the table: --format=json -c)",
				  o->summary == SUMMARY_ONLY ? "-c" : "-C");
	if (o->time_mode != TIME_RAW || o->seconds)
		return opts_fail(err, errlen, "-t, -T, --iso-time and --relative-timestamps shape the text's times: --format=trace-event has its own (microseconds, anchored by otherData)");
	return OPTS_RUN;
}

static void opts_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->method = ATTACH_AUTO;
	o->wakeup_events = OPTS_DEFAULT_WAKEUP;
	o->strsize = OPTS_DEFAULT_STRSIZE;
	o->sort = SORT_TIME;
	o->to.buffer = OPTS_DEFAULT_TO_BUFFER;
}

/* Rules between options, once all are known. */
/* --prepare fills the cache and traces nothing. */
static enum opts_result check_prepare(const struct options *o, char *err, size_t errlen)
{
	if (o->npids || o->nnames || o->command || o->read_capture || o->ncontainers)
		return opts_fail(err, errlen, "--prepare fills the cache and traces nothing: drop %s",
				 o->read_capture ? "-r" : o->npids ? "-p" : o->nnames ? "-n" : o->ncontainers ? "--container" : "the command");
	if (o->no_cache)
		return opts_fail(err, errlen, "--prepare fills the cache: it cannot go with --no-cache");
	return OPTS_RUN;
}

/* -a, --cgroup, -u: chosen in the kernel as processes are seen */
static enum opts_result check_selection(const struct options *o, char *err, size_t errlen)
{
	const char *other = o->npids ? "-p" : o->nnames ? "-n" : o->command ? "a command" : NULL;
	const char *what = o->all ? "-a" : o->ncgroups ? "--cgroup" : o->ncontainers ? "--container" : "-u";

	if (!opts_selects_in_kernel(o))
		return OPTS_RUN;
	/* a capture's records carry their cgroup: -r filters by it */
	if (o->read_capture && !o->all && !o->nusers)
		return OPTS_RUN;
	if (o->read_capture || o->prepare)
		return opts_fail(err, errlen, "%s chooses processes while tracing: drop it (%s)", what,
				  o->prepare ? "--prepare traces nothing"
					     : "a capture is filtered by -p, -n, --cgroup and --container");
	/* -a -- COMMAND: the whole machine until the command ends (perf trace -a) */
	if (o->all && (o->npids || o->nnames || o->ncgroups || o->ncontainers))
		return opts_fail(err, errlen, "-a traces every process already: drop %s, or -a",
				  o->npids ? "-p" : o->nnames ? "-n" : o->ncgroups ? "--cgroup" : "--container");
	if ((o->ncgroups || o->ncontainers) && other)
		return opts_fail(err, errlen, "%s chooses processes by the cgroup they are in: it cannot go with %s (drop one)",
				  o->ncgroups ? "--cgroup" : "--container", other);
	if (o->nusers && (o->npids || o->command))
		return opts_fail(err, errlen, "-u chooses among the processes -a, --cgroup, -n and -f find, and %s names its own: "
				  "drop -u (to run a command as a user, use setpriv or runuser)", o->npids ? "-p" : "a command");
	return OPTS_RUN;
}

#define OPTS_STR_(x) #x
#define OPTS_STR(x) OPTS_STR_(x)

/* Why --lossless cannot go with the other options and rings of pages
 * per CPU (0: the default's; NULL: it can): the refusal's text, and the
 * test of whether a run that lost records could have used it
 * (opts_could_be_lossless). */
static const char *lossless_conflict(const struct options *o, unsigned pages)
{
	if (o->buffer == BUFFER_PERF)
		return "--lossless stops processes by how full the rings snoop maps are, which --buffer=perf lacks: drop --buffer";
	if (o->buffer == BUFFER_RING)
		return "--lossless stops processes by how full the rings snoop maps are, which --buffer=ring lacks: drop --buffer";
	if (pages && pages < OPTS_MIN_LOSSLESS_PAGES)
		return "--lossless needs --buffer-pages of " OPTS_STR(OPTS_MIN_LOSSLESS_PAGES) " or more (1 MiB a CPU): the records a process writes before its stop takes effect need the room";
	if (o->inflight_hash)
		return "--lossless needs the rings snoop maps, which --inflight=hash goes without: drop --inflight";
	if (o->all)
		return "--lossless with -a would stop the processes snoop's output needs (a terminal, sshd, a disk's daemon): trace a selection (-p, -n, --cgroup, a command)";
	return NULL;
}

static enum opts_result check_combination(struct options *o, char *err, size_t errlen)
{
	const char *why;

	if (o->decode_fds && o->raw)
		return opts_fail(err, errlen, "-y annotates decoded arguments: it cannot go with --raw");
	if (o->stack && (o->read_capture || o->write_capture || o->summary == SUMMARY_ONLY))
		return opts_fail(err, errlen, "-k symbolises stacks while tracing, into text or JSON: it cannot go with %s",
			    o->read_capture ? "-r (a capture keeps no stacks)" : o->write_capture ? "-w (a capture keeps no stacks)" : "-c (no records)");

	if (check_format(o, err, errlen) != OPTS_RUN)
		return OPTS_ERROR;
	if (opts_to_check(o, err, errlen) != OPTS_RUN)
		return OPTS_ERROR;
	if (o->html && o->prepare)
		return opts_fail(err, errlen, "--html reports on a trace, and --prepare traces nothing: drop one");
	if (o->prepare)
		return check_selection(o, err, errlen) != OPTS_RUN ? OPTS_ERROR : check_prepare(o, err, errlen);
	if (o->status_filter == (SNOOP_ONLY_FAILED | SNOOP_ONLY_SUCCESSFUL))
		return opts_fail(err, errlen, "-Z (failed calls only) and -z (successful only) exclude each other: choose one");
	if (!o->summary && (o->interval_s || o->per_process || o->histogram || o->sort != SORT_TIME))
		return opts_fail(err, errlen, "-S, --interval, --per-process and --histogram shape the summary: add -c (summary only) or -C (records and summary)");
	if (o->read_capture && (o->read_capture[0] == '-' && o->read_capture[1]))
		return opts_fail(err, errlen, "-r reads a capture file (-r FILE), not '%s'; strace's -r (time since the previous call) is --relative-timestamps", o->read_capture);
	if (o->read_capture) {
		if (o->command)
			return opts_fail(err, errlen, "-r reads a capture and runs nothing: drop the command '%s' (strace's -r, the time since the previous call, is --relative-timestamps)", o->command[0]);
		if (o->interval_s)
			return opts_fail(err, errlen, "--interval applies while tracing: a capture's summary is printed once");
		if (o->write_capture || o->follow || o->lossless)
			return opts_fail(err, errlen, "%s cannot be used with -r (it applies while tracing)",
					 o->follow ? "-f" : o->lossless ? "--lossless" : "-w");
		return check_selection(o, err, errlen);
	}
	if (check_selection(o, err, errlen) != OPTS_RUN)
		return OPTS_ERROR;
	if (o->no_cache && o->cache_dir)
		return opts_fail(err, errlen, "--no-cache and --cache-dir exclude each other: choose one");
	if (o->lossless && (why = lossless_conflict(o, o->buffer_pages)))
		return opts_fail(err, errlen, "%s", why);
	if (o->npaths && o->raw)
		return opts_fail(err, errlen, "-P matches path arguments, which --raw does not read: drop one of them");
	/* -w alone writes only the capture; with -o, text goes there as well */
	if (o->write_capture && o->output && (strcmp(o->write_capture, o->output) == 0 ||
					      (sink_names_stdout(o->write_capture) && sink_names_stdout(o->output))))
		return opts_fail(err, errlen, "-w and -o name the same file '%s': the capture and the text need one each", o->output);
	if (!o->npids && !o->nnames && !o->command && !opts_selects_in_kernel(o))
		return opts_fail(err, errlen, "nothing to trace: give -p PID, -n NAME, -- COMMAND, -a, --cgroup=DIR, "
				  "--container=NAME or -u USER (see snoop --help)");
	return OPTS_RUN;
}

enum opts_result opts_parse(int argc, char **argv, struct options *o, char *err, size_t errlen)
{
	char msg[256];
	long v;
	int c;

	opts_defaults(o);
	optind = 0;   /* reset getopt: opts_parse may be called more than once (tests) */
	opterr = 0;
	/* '+': stop at the first non-option, it starts the command */
	while ((c = getopt_long(argc, argv, "+p:n:fe:o:vhVs:w:r:tTyZzP:cCS:kau:", long_opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (add_pids(o, optarg, err, errlen) != OPTS_RUN)
				return OPTS_ERROR;
			break;
		case 'n':
			if (add_name(o, optarg))
				return opts_fail(err, errlen, "invalid -n argument: '%s': give a process name as in /proc/PID/comm (up to %d names)", optarg, SNOOP_MAX_NAMES);
			break;
		case 'e':
			if (syscall_set_parse(optarg, o->syscall_bits, msg, sizeof(msg)))
				return opts_fail(err, errlen, "invalid -e argument: %s", msg);
			o->filter_syscalls = 1;
			break;
		case 'Z':
		case 'z':
			o->status_filter |= c == 'Z' ? SNOOP_ONLY_FAILED : SNOOP_ONLY_SUCCESSFUL;
			break;
		case OPT_MIN_DURATION:
			if ((o->min_duration_ns = (uint64_t)parse_duration(optarg)) == (uint64_t)-1)
				return opts_fail(err, errlen, "invalid --min-duration argument: '%s': give a time with its unit: 250us, 10ms, 1.5s (ns, us, ms, s)", optarg);
			break;
		case 'P':
			if (add_path(o, optarg, err, errlen) != OPTS_RUN)
				return OPTS_ERROR;
			break;
		case 'c':
		case 'C':
			if (o->summary && o->summary != (c == 'c' ? SUMMARY_ONLY : SUMMARY_TOO))
				return opts_fail(err, errlen, "-c (summary only) and -C (records and summary) exclude each other: choose one");
			o->summary = c == 'c' ? SUMMARY_ONLY : SUMMARY_TOO;
			break;
		case 'S':
			if ((o->sort = summary_sort_parse(optarg)) < 0)
				return opts_fail(err, errlen, "invalid -S argument: '%s': give time, calls, errors, name, avg-time, min-time, max-time or nothing", optarg);
			break;
		case OPT_INTERVAL:
			v = parse_range(optarg, 1, 86400);
			if (v < 0)
				return opts_fail(err, errlen, "invalid --interval argument: '%s': give whole seconds from 1 to 86400", optarg);
			o->interval_s = (unsigned)v;
			break;
		case OPT_PER_PROCESS:
			o->per_process = 1;
			break;
		case OPT_HISTOGRAM:
			o->histogram = 1;
			break;
		case 'k':
			o->stack = 1;
			break;
		case 'f':
			o->follow = 1;
			break;
		case 'a':
			o->all = 1;
			break;
		case OPT_CGROUP:
			if (!*optarg || o->ncgroups >= OPTS_MAX_CGROUPS)
				return opts_fail(err, errlen, "invalid --cgroup argument: '%s': give a cgroup v2 directory (up to %d)",
						  optarg, OPTS_MAX_CGROUPS);
			o->cgroups[o->ncgroups++] = optarg;
			break;
		case 'u':
			if (!*optarg || o->nusers >= OPTS_MAX_USERS)
				return opts_fail(err, errlen, "invalid -u argument: '%s': give a user name or uid (up to %d)",
						  optarg, OPTS_MAX_USERS);
			o->users[o->nusers++] = optarg;
			break;
		case 'o':
			if (!*optarg)
				return opts_fail(err, errlen, "invalid -o argument: empty file name");
			o->output = optarg;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 's':
			v = parse_range(optarg, 0, SNOOP_MEM_BYTES);
			if (v < 0)
				return opts_fail(err, errlen, "invalid -s argument: '%s': give a number of bytes from 0 to %d", optarg, SNOOP_MEM_BYTES);
			o->strsize = (unsigned)v;
			break;
		case OPT_RAW:
			o->raw = 1;
			break;
		case 'y':
			o->decode_fds = 1;
			break;
		case OPT_FORMAT:
			if (set_format(o, optarg, err, errlen) != OPTS_RUN)
				return OPTS_ERROR;
			break;
		case 'w':
		case 'r':
			if (!*optarg)
				return opts_fail(err, errlen, "invalid -%c argument: empty file name", c);
			*(c == 'w' ? &o->write_capture : &o->read_capture) = optarg;
			break;
		case 't':
		case OPT_ISO_TIME:
		case OPT_RELATIVE:
			if (set_time_mode(o, c == 't' ? TIME_CLOCK : c == OPT_ISO_TIME ? TIME_ISO : TIME_DELTA,
					  err, errlen) != OPTS_RUN)
				return OPTS_ERROR;
			break;
		case 'T':
			o->seconds = 1;
			break;
		case OPT_TO:
		case OPT_TO_FORMAT:
		case OPT_TO_CA:
		case OPT_TO_CERT:
		case OPT_TO_KEY:
		case OPT_TO_BUFFER:
			if (opts_to_option(o, c - OPT_TO, optarg, err, errlen) != OPTS_RUN)
				return OPTS_ERROR;
			break;
		case 'h':
			return OPTS_HELP;
		case 'V':
			return OPTS_VERSION;
		case OPT_BUFFER_PAGES:
			v = parse_range(optarg, 1, OPTS_MAX_PAGES);
			if (v < 0 || (v & (v - 1)))
				return opts_fail(err, errlen, "invalid --buffer-pages argument: '%s': give a power of two from 1 to %d", optarg, OPTS_MAX_PAGES);
			o->buffer_pages = (unsigned)v;
			break;
		case OPT_BUFFER:
			if (!strcmp(optarg, "perf"))
				o->buffer = BUFFER_PERF;
			else if (!strcmp(optarg, "ring"))
				o->buffer = BUFFER_RING;
			else if (!strcmp(optarg, "mapped"))
				o->buffer = BUFFER_MAPPED;
			else
				return opts_fail(err, errlen, "invalid --buffer argument: '%s': give mapped, perf or ring", optarg);
			break;
		case OPT_INFLIGHT:
			/* task: the default's name when it was task storage */
			if (strcmp(optarg, "cpu") && strcmp(optarg, "task") && strcmp(optarg, "hash"))
				return opts_fail(err, errlen, "invalid --inflight argument: '%s': give cpu or hash", optarg);
			o->inflight_hash = strcmp(optarg, "hash") == 0;
			break;
		case OPT_WAKEUP:
			v = parse_range(optarg, 1, 1 << 20);
			if (v < 0)
				return opts_fail(err, errlen, "invalid --wakeup-events argument: '%s': give a number from 1 to %d", optarg, 1 << 20);
			o->wakeup_events = (unsigned)v;
			break;
		case OPT_BPF_DIR:
			if (!*optarg)
				return opts_fail(err, errlen, "invalid --bpf-dir argument: empty directory name");
			o->bpf_dir = optarg;
			break;
		case OPT_CACHE_DIR:
			if (!*optarg)
				return opts_fail(err, errlen, "invalid --cache-dir argument: empty directory name");
			o->cache_dir = optarg;
			break;
		case OPT_NO_CACHE:
			o->no_cache = 1;
			break;
		case OPT_LOSSLESS:
			o->lossless = 1;
			break;
		case OPT_PREPARE:
			o->prepare = 1;
			break;
		case OPT_HTML:
			/* a report is one page written at the end, never a stream */
			if (!*optarg || strcmp(optarg, "-") == 0 || strcmp(optarg, "/dev/stdout") == 0 ||
			    strcmp(optarg, "/dev/stderr") == 0 || strncmp(optarg, "/dev/fd/", 8) == 0 ||
			    strncmp(optarg, "/proc/self/fd/", 14) == 0)
				return opts_fail(err, errlen, "invalid --html argument: '%s': give a file name (the report is not written to standard output or another stream)", optarg);
			o->html = optarg;
			break;
		case OPT_CONTAINER:
			if (add_container(o, optarg, err, errlen) != OPTS_RUN)
				return OPTS_ERROR;
			break;
		case OPT_SHOW_CGROUP:
			o->show_cgroup = 1;
			break;
		case OPT_PIDNS:
			if (strcmp(optarg, "host") && strcmp(optarg, "target"))
				return opts_fail(err, errlen, "invalid --pidns argument: '%s': give host (the host's PIDs, the default) or target (as each process's own PID namespace numbers them)", optarg);
			o->pidns_target = strcmp(optarg, "target") == 0;
			break;
		case OPT_ATTACH:
			v = attach_method_parse(optarg);
			if (v < 0)
				return opts_fail(err, errlen, "invalid --attach argument: '%s': give auto, raw_tp, tracepoint or kprobe", optarg);
			o->method = (enum attach_method)v;
			break;
		case '?':
		default:
			if (optopt && optopt < 0x100)
				return opts_fail(err, errlen, "invalid option or missing argument: '-%c' (see snoop --help)", optopt);
			return opts_fail(err, errlen, "invalid option or missing argument: '%s' (see snoop --help)", argv[optind - 1]);
		}
	}
	if (optind < argc)
		o->command = argv + optind;
	return check_combination(o, err, errlen);
}

int opts_selects_all(const struct options *o)
{
	return o->all || (o->nusers && !o->ncgroups && !o->ncontainers && !o->nnames);
}

int opts_selects_in_kernel(const struct options *o)
{
	return o->all || o->ncgroups || o->ncontainers || o->nusers;
}

int opts_fork_records(const struct options *o)
{
	return o->decode_fds || o->write_capture;
}

int opts_watches_forks(const struct options *o)
{
	return o->follow || o->command || (opts_fork_records(o) && (opts_selects_in_kernel(o) || o->nnames));
}

/* Advised for the processes a user named (-p, -n, a command): -u and
 * --cgroup may select what snoop's output needs, as -a does (the man
 * page's caveat), and stopping those is not advice to give unasked. The
 * rings' size is the advice's own (it names the --buffer-pages to use,
 * and the reader names --lossless only with enough of them). */
int opts_could_be_lossless(const struct options *o)
{
	return !o->lossless && !o->read_capture && !o->nusers && !o->ncgroups && !o->ncontainers &&
	       !lossless_conflict(o, 0);
}

int opts_sends_records(const struct options *o)
{
	return !(o->summary == SUMMARY_ONLY && !o->write_capture && !o->html);
}

unsigned opts_default_pages(int ncpus, int records)
{
	unsigned pages = OPTS_MAX_DEFAULT_PAGES;

	if (!records)
		return OPTS_COUNT_ONLY_PAGES;
	while (pages > OPTS_MIN_DEFAULT_PAGES && ncpus > 0 && (unsigned)ncpus * pages > OPTS_DEFAULT_TOTAL_PAGES)
		pages /= 2;
	return pages;
}

unsigned opts_record_ids(const struct options *o)
{
	/* trace-event's args are the JSON records, cgroup_id with them */
	int cgroup = o->json || o->trace_event || o->write_capture || o->show_cgroup || o->ncgroups || o->ncontainers ||
		     o->to.n;

	/* a capture keeps both, for a replay to show either */
	return (cgroup ? SNOOP_IDS_CGROUP : 0) | (o->pidns_target || o->write_capture ? SNOOP_IDS_PIDNS : 0);
}

unsigned opts_sink_flags(const struct options *o)
{
	unsigned flags = (o->json ? SINK_JSON : 0) | (o->raw ? SINK_RAW : 0) | (o->seconds ? SINK_SECONDS : 0) |
			 (o->show_cgroup ? SINK_SHOW_CGROUP : 0) | (o->pidns_target ? SINK_PIDNS : 0);

	flags |= (o->trace_event ? SINK_TRACE_EVENT : 0) | (o->strace_lines ? SINK_STRACE : 0);

	/* -c: the summary is the text; records go only to a capture (-w) */
	if (o->summary == SUMMARY_ONLY)
		return flags | SINK_TEXT | SINK_NO_RECORDS;
	return (!o->write_capture || o->output) ? flags | SINK_TEXT : flags;
}

void opts_call_filter(const struct options *o, struct call_filter *f)
{
	f->status = (__u32)o->status_filter;
	f->min_ns = o->min_duration_ns;
	f->paths = o->paths;
	f->npaths = o->npaths;
}

void opts_replay_config(const struct options *o, struct replay_config *c)
{
	memset(c, 0, sizeof(*c));
	c->capture = o->read_capture;
	c->output = o->output;
	c->write_capture = o->write_capture;
	c->sink_flags = opts_sink_flags(o);
	c->time_mode = o->time_mode;
	c->pids = o->pids;
	c->npids = o->npids;
	c->names = (const char (*)[SNOOP_COMM_LEN])o->names;
	c->nnames = o->nnames;
	c->syscalls = o->filter_syscalls ? o->syscall_bits : NULL;
	c->decode_fds = o->decode_fds;
	opts_call_filter(o, &c->calls);
	c->summary = o->summary;
	c->sort = o->sort;
	c->histogram = o->histogram;
	c->per_process = o->per_process;
	c->cgroup_dirs = o->cgroups;
	c->ncgroup_dirs = o->ncgroups;
	c->containers = o->containers;
	c->ncontainers = o->ncontainers;
	c->html = o->html;
}
