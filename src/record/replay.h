/* replay.h - snoop -r: a capture made with -w, printed as the live run
 * would have printed it (text, JSON, or another capture), filtered after
 * the fact by -p, -n and -e, with -t dates or -T relative times. */
#ifndef SNOOP_REPLAY_H
#define SNOOP_REPLAY_H

#include <stdint.h>
#include <sys/types.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "record/cgtable.h"
#include "record/filter.h"
#include "record/format.h"
#include "record/sink.h"

/* What a replay is asked for (the command line parser fills it: opts.h's
 * opts_replay_config). Pointers are the caller's, alive for the replay. */
struct replay_config {
	const char *capture;                /* -r FILE ("-": stdin) */
	const char *output;                 /* -o (NULL: stdout) */
	const char *write_capture;          /* -w: another capture of what is kept */
	unsigned sink_flags;                /* sink_open's SINK_* */
	enum time_mode time_mode;
	const pid_t *pids;                  /* -p: these processes (npids 0: any) ... */
	int npids;
	const char (*names)[SNOOP_COMM_LEN];   /* ... or -n: these names */
	int nnames;
	const uint64_t *syscalls;           /* -e: the set (NULL: every call) */
	int decode_fds;                     /* -y */
	struct call_filter calls;           /* -Z, -z, --min-duration, -P */
	enum summary_mode summary;          /* -c, -C */
	int sort, histogram, per_process;   /* -S, --histogram, --per-process */
	/* --cgroup: records of these directories (as given) or below, by the
	 * capture's cgroups= table and, where the directory is on this
	 * machine, its tree here (cgroup_here, NULL: not looked at) */
	const char *const *cgroup_dirs;
	int ncgroup_dirs;
	const struct cgtable *cgroup_here;
	const char *cgroup_mount;           /* this machine's cgroup2 mount, NULL: none */
	const char *const *containers;      /* --container: by the capture's table */
	int ncontainers;
	const char *html;                   /* --html: the report's file, or NULL */
};

/* The exit status: 0, or 1 after a one-line error (damage, unreadable).
 * tap: another output of the records (--to), or NULL. */
int replay(const struct replay_config *c, struct sink_tap *tap);
/* replay() with room for fd_slots fds in -y's table (replay's is
 * FDTABLE_SLOTS): tests/fuzz/fuzz_replay.c's small one fills and wraps. */
int replay_sized(const struct replay_config *c, struct sink_tap *tap, size_t fd_slots);

#endif
