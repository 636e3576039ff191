/* opts.c - see opts.h. Errors read like strace's: "invalid -p argument: 'x'". */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "opts.h"
#include "record/sink.h"
#include "record/syscalls.h"

const char opts_usage[] =
"Usage: snoop [OPTIONS] -p PID[,PID...]\n"
"       snoop [OPTIONS] -n NAME\n"
"       snoop [OPTIONS] [--] COMMAND [ARG...]\n"
"Trace the system calls of processes with eBPF, one line per completed call.\n"
"\n"
"Targets (combine freely):\n"
"  -p, --pid=PID[,PID...]   trace these running processes, all their threads\n"
"  -n, --name=NAME          trace processes whose name (comm, as pgrep -x) is NAME,\n"
"                           running now or started later; names are cut to 15\n"
"                           characters as the kernel does\n"
"  -- COMMAND [ARG...]      run COMMAND and trace it from its execve\n"
"  -r, --read=FILE          print a capture made with -w (FILE - is stdin);\n"
"                           -p, -n and -e then filter what it holds\n"
"\n"
"Options:\n"
"  -f, --follow             also trace children forked by traced processes\n"
"  -e, --trace=SYSCALL[,...] trace only these syscalls (names or numbers)\n"
"  -o, --output=FILE        write records to FILE (created 0600) instead of stdout\n"
"  -w, --write=FILE         write a binary capture to FILE (- for stdout), for -r;\n"
"                           text is then written only if -o is given too\n"
"  -s, --strsize=N          show N bytes of read/write data (default 32, max 256)\n"
"      --raw                print the six argument registers in hex, capture no\n"
"                           memory (strings, buffers) from the traced process\n"
"  -y, --decode-fds         show what each fd argument is, as strace -y:\n"
"                           3</etc/hostname>, 4<TCP:[127.0.0.1:80->10.0.0.2:5555]>\n"
"      --format=FORMAT      text (default) or json (one object per line)\n"
"  -t                       with -r: wall-clock times, ISO 8601, local time zone\n"
"  -T                       with -r: times relative to the first record\n"
"  -v, --verbose            say on stderr what was chosen (attach method, BPF\n"
"                           source, buffer size) and show libbcc's messages\n"
"      --buffer=KIND        perf: per-CPU perf buffers, sized by --buffer-pages and\n"
"                           grown when records are lost (default); ring: one\n"
"                           16 MiB BPF ring buffer, cheaper per record, fixed size\n"
"      --buffer-pages=N     per-CPU perf buffer size in 4 KiB pages, a power of\n"
"                           two (default 256); on loss they grow to hold what\n"
"                           the burst brought (at least 2x), up to 16384\n"
"      --bpf-dir=DIR        compile the BPF sources in DIR (also SNOOP_BPF_DIR)\n"
"      --attach=METHOD      force raw_tp, tracepoint or kprobe (diagnostics)\n"
"      --inflight=KIND      task (task storage) or hash: where calls in flight\n"
"                           are kept; hash is the fallback for kernels < 5.11\n"
"  -h, --help               show this help\n"
"  -V, --version            show the version\n"
"\n"
"snoop exits when every -p and -- process is gone (with the command's exit\n"
"status), or on SIGINT/SIGTERM/SIGHUP after writing every captured record.\n"
"With -n it runs until stopped. Needs root (or CAP_BPF and CAP_PERFMON).\n"
"Output format: docs/FORMAT.md.\n"
"\n"
"Examples:\n"
"  snoop -- ls /                     trace a command\n"
"  snoop -p 1234 -o trace.txt        trace a running process into a file\n"
"  snoop -n nginx -f -e openat,read  nginx workers, present and future\n"
"  snoop -- make | awk '$6 != \"-\"'   only the failed calls\n"
"  snoop -w cap.snoop -p 1234        capture now...\n"
"  snoop -r cap.snoop -t -e openat   ...read later, with dates\n";

enum { OPT_BUFFER_PAGES = 0x100, OPT_BPF_DIR, OPT_ATTACH, OPT_WAKEUP, OPT_RAW, OPT_FORMAT, OPT_BUFFER, OPT_INFLIGHT };

static const struct option long_opts[] = {
	{ "pid", required_argument, NULL, 'p' },
	{ "name", required_argument, NULL, 'n' },
	{ "follow", no_argument, NULL, 'f' },
	{ "trace", required_argument, NULL, 'e' },
	{ "output", required_argument, NULL, 'o' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "buffer-pages", required_argument, NULL, OPT_BUFFER_PAGES },
	{ "buffer", required_argument, NULL, OPT_BUFFER },
	{ "inflight", required_argument, NULL, OPT_INFLIGHT },
	{ "bpf-dir", required_argument, NULL, OPT_BPF_DIR },
	{ "attach", required_argument, NULL, OPT_ATTACH },
	{ "wakeup-events", required_argument, NULL, OPT_WAKEUP },
	{ "strsize", required_argument, NULL, 's' },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "decode-fds", no_argument, NULL, 'y' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "write", required_argument, NULL, 'w' },
	{ "read", required_argument, NULL, 'r' },
	{ NULL, 0, NULL, 0 },
};

static enum opts_result fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return OPTS_ERROR;
}

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

static int add_pids(struct options *o, char *list)
{
	char *tok;
	long pid;
	int i;

	while ((tok = next_item(&list))) {
		pid = parse_range(tok, 1, 4194304);  /* PID_MAX_LIMIT */
		if (pid < 0 || o->npids >= OPTS_MAX_PIDS)
			return -1;
		for (i = 0; i < o->npids && o->pids[i] != pid; i++)
			;
		if (i == o->npids)  /* duplicates are harmless: keep one */
			o->pids[o->npids++] = (pid_t)pid;
	}
	return 0;
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

/* On error, *bad is the offending list element. */
static int add_syscalls(struct options *o, char *list, const char **bad)
{
	char *tok;
	long nr;

	while ((tok = next_item(&list))) {
		nr = syscall_number(tok);
		if (nr < 0) {
			*bad = tok;
			return -1;
		}
		o->syscall_bits[nr / 64] |= 1ULL << (nr % 64);
	}
	o->filter_syscalls = 1;
	return 0;
}

static void opts_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->method = ATTACH_AUTO;
	o->buffer_pages = OPTS_DEFAULT_PAGES;
	o->wakeup_events = OPTS_DEFAULT_WAKEUP;
	o->strsize = OPTS_DEFAULT_STRSIZE;
}

/* Rules between options, once all are known. */
static enum opts_result check_combination(struct options *o, char *err, size_t errlen)
{
	if (o->decode_fds && o->raw)
		return fail(err, errlen, "-y annotates decoded arguments: it cannot go with --raw");
	if (o->read_capture) {
		if (o->command)
			return fail(err, errlen, "-r reads a capture and runs nothing: drop the command '%s'", o->command[0]);
		if (o->write_capture || o->follow)
			return fail(err, errlen, "%s cannot be used with -r (it applies while tracing)", o->follow ? "-f" : "-w");
		return OPTS_RUN;
	}
	if (o->time_mode != TIME_RAW)
		return fail(err, errlen, "-t and -T apply to -r: capture with -w, then read with -r -t (dates are never computed while tracing)");
	/* -w alone writes only the capture; with -o, text goes there as well */
	if (o->write_capture && o->output && strcmp(o->write_capture, o->output) == 0)
		return fail(err, errlen, "-w and -o name the same file '%s': the capture and the text need one each", o->output);
	if (!o->npids && !o->nnames && !o->command)
		return fail(err, errlen, "nothing to trace: give -p PID, -n NAME or -- COMMAND (see snoop --help)");
	return OPTS_RUN;
}

enum opts_result opts_parse(int argc, char **argv, struct options *o, char *err, size_t errlen)
{
	const char *bad;
	char *arg_copy;
	long v;
	int c, rc;

	opts_defaults(o);
	optind = 0;   /* reset getopt: opts_parse may be called more than once (tests) */
	opterr = 0;
	/* '+': stop at the first non-option, it starts the command */
	while ((c = getopt_long(argc, argv, "+p:n:fe:o:vhVs:w:r:tTy", long_opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			arg_copy = strdup(optarg);
			rc = arg_copy ? add_pids(o, arg_copy) : -1;
			free(arg_copy);
			if (rc)
				return fail(err, errlen, "invalid -p argument: '%s': give process IDs (1-4194304) separated by commas", optarg);
			break;
		case 'n':
			if (add_name(o, optarg))
				return fail(err, errlen, "invalid -n argument: '%s': give a process name as in /proc/PID/comm (up to %d names)", optarg, SNOOP_MAX_NAMES);
			break;
		case 'e':
			arg_copy = strdup(optarg);
			rc = arg_copy ? add_syscalls(o, arg_copy, &bad) : -1;
			if (rc) {
				snprintf(err, errlen, "invalid -e argument: unknown syscall '%s': give names like openat or numbers, separated by commas", arg_copy ? bad : optarg);
				free(arg_copy);
				return OPTS_ERROR;
			}
			free(arg_copy);
			break;
		case 'f':
			o->follow = 1;
			break;
		case 'o':
			if (!*optarg)
				return fail(err, errlen, "invalid -o argument: empty file name");
			o->output = optarg;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 's':
			v = parse_range(optarg, 0, SNOOP_MEM_BYTES);
			if (v < 0)
				return fail(err, errlen, "invalid -s argument: '%s': give a number of bytes from 0 to %d", optarg, SNOOP_MEM_BYTES);
			o->strsize = (unsigned)v;
			break;
		case OPT_RAW:
			o->raw = 1;
			break;
		case 'y':
			o->decode_fds = 1;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") && strcmp(optarg, "text"))
				return fail(err, errlen, "invalid --format argument: '%s': give text or json", optarg);
			o->json = strcmp(optarg, "json") == 0;
			break;
		case 'w':
		case 'r':
			if (!*optarg)
				return fail(err, errlen, "invalid -%c argument: empty file name", c);
			*(c == 'w' ? &o->write_capture : &o->read_capture) = optarg;
			break;
		case 't':
		case 'T':
			if (o->time_mode != TIME_RAW && o->time_mode != (c == 't' ? TIME_ISO : TIME_RELATIVE))
				return fail(err, errlen, "-t and -T exclude each other: choose one");
			o->time_mode = c == 't' ? TIME_ISO : TIME_RELATIVE;
			break;
		case 'h':
			return OPTS_HELP;
		case 'V':
			return OPTS_VERSION;
		case OPT_BUFFER_PAGES:
			v = parse_range(optarg, 1, OPTS_MAX_PAGES);
			if (v < 0 || (v & (v - 1)))
				return fail(err, errlen, "invalid --buffer-pages argument: '%s': give a power of two from 1 to %d", optarg, OPTS_MAX_PAGES);
			o->buffer_pages = (unsigned)v;
			break;
		case OPT_BUFFER:
			if (strcmp(optarg, "perf") && strcmp(optarg, "ring"))
				return fail(err, errlen, "invalid --buffer argument: '%s': give perf or ring", optarg);
			o->ring = strcmp(optarg, "ring") == 0;
			break;
		case OPT_INFLIGHT:
			if (strcmp(optarg, "task") && strcmp(optarg, "hash"))
				return fail(err, errlen, "invalid --inflight argument: '%s': give task or hash", optarg);
			o->inflight_hash = strcmp(optarg, "hash") == 0;
			break;
		case OPT_WAKEUP:
			v = parse_range(optarg, 1, 1 << 20);
			if (v < 0)
				return fail(err, errlen, "invalid --wakeup-events argument: '%s': give a number from 1 to %d", optarg, 1 << 20);
			o->wakeup_events = (unsigned)v;
			break;
		case OPT_BPF_DIR:
			if (!*optarg)
				return fail(err, errlen, "invalid --bpf-dir argument: empty directory name");
			o->bpf_dir = optarg;
			break;
		case OPT_ATTACH:
			v = attach_method_parse(optarg);
			if (v < 0)
				return fail(err, errlen, "invalid --attach argument: '%s': give auto, raw_tp, tracepoint or kprobe", optarg);
			o->method = (enum attach_method)v;
			break;
		case '?':
		default:
			if (optopt && optopt < 0x100)
				return fail(err, errlen, "invalid option or missing argument: '-%c' (see snoop --help)", optopt);
			return fail(err, errlen, "invalid option or missing argument: '%s' (see snoop --help)", argv[optind - 1]);
		}
	}
	if (optind < argc)
		o->command = argv + optind;
	return check_combination(o, err, errlen);
}

unsigned opts_sink_flags(const struct options *o)
{
	unsigned flags = (o->json ? SINK_JSON : 0) | (o->raw ? SINK_RAW : 0);

	return (!o->write_capture || o->output) ? flags | SINK_TEXT : flags;
}
