/* opts.h - the command line, parsed into a struct with no side effects
 * (no exit, no printing), so every rule is unit-tested. */
#ifndef SNOOP_OPTS_H
#define SNOOP_OPTS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "fleet/config.h"
#include "record/format.h"
#include "record/replay.h"
#include "record/summary.h"
#include "trace/method.h"

#define OPTS_MAX_PIDS 1024
#define OPTS_MAX_CGROUPS 16
#define OPTS_MAX_USERS SNOOP_MAX_UIDS

struct options {
	pid_t pids[OPTS_MAX_PIDS];
	int npids;
	char names[SNOOP_MAX_NAMES][SNOOP_COMM_LEN];
	int nnames;
	uint64_t syscall_bits[SNOOP_MAX_SYSCALLS / 64];
	int filter_syscalls;
	int follow;
	int verbose;
	const char *output;         /* NULL: stdout */
	const char *bpf_dir;        /* NULL: installed dir, then embedded */
	enum attach_method method;
	unsigned buffer_pages;      /* per-CPU buffer, power of two; 0: opts_default_pages */
	unsigned wakeup_events;     /* records per reader wake-up */
	char **command;             /* NULL or argv of the -- command */
	unsigned strsize;           /* -s: bytes of read/write data shown */
	int raw;                    /* --raw: argument registers in hex, no capture */
	int decode_fds;             /* -y: fd arguments annotated (record/fdtable.h) */
	int json;                   /* --format=json */
	int trace_event;            /* --format=trace-event */
	int strace_lines;           /* --format=strace */
	const char *write_capture;  /* -w FILE: binary capture ("-" = stdout) */
	const char *read_capture;   /* -r FILE: replay ("-" = stdin) */
	enum time_mode time_mode;   /* -t -tt -ttt --iso-time --relative-timestamps */
	int seconds;                /* -T: field 7 in seconds, as strace's <0.000012> */
	int status_filter;          /* -Z, -z: SNOOP_ONLY_FAILED, SNOOP_ONLY_SUCCESSFUL */
	uint64_t min_duration_ns;   /* --min-duration */
	const char *paths[SNOOP_MAX_PATHS];   /* -P */
	int npaths;
	enum summary_mode summary;  /* -c: SUMMARY_ONLY, -C: SUMMARY_TOO */
	int sort;                   /* -S: enum summary_sort (record/summary.h) */
	unsigned interval_s;        /* --interval: print and reset every N seconds */
	int per_process;            /* --per-process */
	int histogram;              /* --histogram */
	int stack;                  /* -k: each record's user stack, symbolised */
	int buffer;                 /* --buffer: enum buffer_kind */
	int inflight_hash;          /* --inflight=hash: force the fallback */
	const char *cache_dir;      /* --cache-dir: NULL for the default (trace/bpfcache.h) */
	int no_cache;               /* --no-cache: compile, read and write no cache */
	int lossless;               /* --lossless: a traced process waits (stopped) for a reader behind */
	int prepare;                /* --prepare: fill the cache, trace nothing */
	struct fleet_config to;     /* --to and its --to-... companions (src/fleet/) */
	/* issue 21, being built: --cgroup's directories as given, then the
	 * cgroups --container's names resolve to; --container's as given */
	const char *cgroups[OPTS_MAX_CGROUPS];
	int ncgroups;
	const char *containers[OPTS_MAX_CGROUPS];
	int ncontainers;
	int all;                    /* -a: every process but snoop */
	const char *users[OPTS_MAX_USERS];   /* -u, as given (names or numbers) */
	int nusers;
	int show_cgroup;            /* --show-cgroup: text lines end in [cgroup=ID,container=NAME] */
	int pidns_target;           /* --pidns=target: PIDs as each process's namespace numbers them */
	const char *html;           /* --html FILE: the report (record/report_html.h), or NULL */
};

/* --buffer: how records leave the kernel. The default is the rings snoop
 * maps where the kernel runs the default in-flight variant (5.11+, which
 * implies mmapable map-in-map arrays), else perf buffers. */
enum buffer_kind { BUFFER_DEFAULT, BUFFER_PERF, BUFFER_RING, BUFFER_MAPPED };

enum opts_result { OPTS_RUN, OPTS_HELP, OPTS_VERSION, OPTS_ERROR };

/* The default buffer: 32 MiB over the online CPUs, 1 to 16 MiB each. Few
 * CPUs leave the reader few to run on while the traced ones are busy: on
 * two, two getppid storms kept it waiting ~50 ms for a CPU, which 4 MiB
 * (~17 ms of their records) could not hold; many CPUs would make 16 MiB
 * each a lot. A ring is in snoop's RSS only as far as its reader has
 * reached (trace/rings.h), so a short run does not pay for its size. */
#define OPTS_DEFAULT_TOTAL_PAGES 8192
#define OPTS_MIN_DEFAULT_PAGES 256
#define OPTS_MAX_DEFAULT_PAGES 4096
unsigned opts_default_pages(int ncpus, int records);
/* Is every process a candidate (-a, or -u with nothing else naming
 * processes)? -u then narrows them in the kernel. */
int opts_selects_all(const struct options *o);
/* Are processes chosen in the kernel as they are seen (-a, --cgroup,
 * --container, -u), so that none may be left to end? */
int opts_selects_in_kernel(const struct options *o);
/* Does the kernel side tell each fork of a traced process (SNOOP_REC_FORK:
 * -y's table, a capture's frame)? */
int opts_fork_records(const struct options *o);
/* Not --lossless, it would be accepted (given rings of at least
 * OPTS_MIN_LOSSLESS_PAGES), and the processes are those the user named
 * (-p, -n, a command): the advice after a loss may name it. */
int opts_could_be_lossless(const struct options *o);
/* Is sched_process_fork attached: -f, the -- command's start, and the
 * fork records of children -a, --cgroup, -u or -n will choose? */
int opts_watches_forks(const struct options *o);
/* Do records cross from the kernel (not -c alone, which counts there)? */
int opts_sends_records(const struct options *o);
#define OPTS_COUNT_ONLY_PAGES 16   /* -c alone: no records cross, 64 KiB per CPU */
#define OPTS_MAX_PAGES 65536        /* 256 MiB per CPU */
/* --lossless: a stop the BPF program sends was measured taking effect up
 * to ~0.1 ms later (every thread must reach it), while a process's
 * threads on two CPUs write ~8 records a microsecond: half of 1 MiB
 * holds ~4,000 */
#define OPTS_MIN_LOSSLESS_PAGES 256
#define OPTS_DEFAULT_WAKEUP 256
#define OPTS_DEFAULT_STRSIZE 32     /* as strace -s */
#define OPTS_DEFAULT_TO_BUFFER (64ull << 20)   /* 64 MiB */
#define OPTS_MIN_TO_BUFFER (64ull << 10)
#define OPTS_MAX_TO_BUFFER (16ull << 30)

/* Fills o from argv. On OPTS_ERROR, err holds the one-line reason. */
enum opts_result opts_parse(int argc, char **argv, struct options *o, char *err, size_t errlen);
/* What the sink writes (SINK_*): -w alone writes only the capture, -o or
 * no -w text (JSON with --format=json) too. */
unsigned opts_sink_flags(const struct options *o);
/* -Z, -z, --min-duration and -P, as user space applies them. */
void opts_call_filter(const struct options *o, struct call_filter *f);
/* What records must carry (SNOOP_IDS_*): the cgroup for the outputs that
 * show it or a capture, the namespace's PIDs for --pidns=target or a
 * capture; nothing for the default text, which pays one test for it. */
unsigned opts_record_ids(const struct options *o);
/* What -r replays, as the options say. */
void opts_replay_config(const struct options *o, struct replay_config *c);
extern const char opts_usage[];

#endif
