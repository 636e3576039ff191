/* report.h - --html: what a run's records add up to, for a report a
 * browser shows (record/report_html.h writes it).
 *
 * Fed every record the sink writes (live or replayed), in bounded memory
 * whatever the run's length: the per-syscall sums of -c (record/summary.h,
 * with --histogram's log2 buckets), a per-thread timeline of
 * REPORT_BUCKETS time buckets whose width doubles as the run grows (two
 * neighbours merged), the REPORT_SLOWEST slowest calls with their decoded
 * arguments, failed calls grouped by syscall, errno and path, and the
 * losses. A timeline thread past REPORT_THREADS, and an error group past
 * REPORT_ERROR_GROUPS, is counted in a shared "other" row. Pure: no kernel,
 * no command line. */
#ifndef SNOOP_REPORT_H
#define SNOOP_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "record/format.h"
#include "record/summary.h"

#define REPORT_THREADS 256        /* timeline rows of their own; later threads share one */
#define REPORT_BUCKETS 1024       /* time buckets per timeline row */
#define REPORT_FIRST_WIDTH_NS 1000   /* a bucket's width at the start: 1 us, doubled as needed */
#define REPORT_SLOWEST 50         /* slowest calls kept, with their arguments */
#define REPORT_CALL_MAX 1024      /* bytes of a slowest call's text kept */
#define REPORT_ERROR_GROUPS 512   /* (syscall, errno, path) groups; more go to "other" */
#define REPORT_PATH_MAX 256       /* bytes of an error group's path, escaped as in the text */
#define REPORT_CPUS 1024          /* losses per CPU; a higher CPU number counts in the total only */
#define REPORT_DROPS 8            /* --to destinations whose drops are listed */

struct report_bucket {
	uint32_t calls, errors;
	uint64_t busy_ns;        /* time the thread spent in calls inside this bucket */
	uint32_t longest_us;     /* the longest call that started here */
	int32_t longest_nr;      /* its syscall (-1: none) */
};

struct report_thread {
	uint32_t pid, tid;
	char comm[SNOOP_COMM_LEN];
	uint64_t calls, errors, busy_ns;
	struct report_bucket *b;   /* REPORT_BUCKETS of them */
};

struct report_call {
	uint64_t duration_ns, ts_ns;
	uint32_t pid, tid;
	char comm[SNOOP_COMM_LEN];
	char text[REPORT_CALL_MAX];   /* name(args) = ret ERRNO, as the text line shows them */
};

struct report_error {
	int32_t nr;
	uint32_t abi;            /* 0 or SNOOP_REC_IA32 */
	int32_t err;             /* errno, positive */
	char path[REPORT_PATH_MAX];   /* "" for a call without a path argument */
	uint64_t count;
};

struct report_drop {
	char url[256];
	uint64_t count;
};

struct report {
	struct summary sum;              /* per syscall, as -c --histogram counts */
	unsigned mode;                   /* FMT_RAW: the slowest calls' arguments in hex */
	struct run_info ri;
	int have_ri;
	uint64_t records, calls, signals, exits;
	uint64_t first_ts, last_ts;      /* of the records (their entries and ends) */
	/* timeline: bucket k covers [t0 + k * width, t0 + (k + 1) * width) */
	uint64_t t0, width_ns;
	int started;
	struct report_thread threads[REPORT_THREADS + 1];   /* the last: every later thread */
	size_t nthreads;
	int16_t thread_slot[4 * REPORT_THREADS];   /* open addressing by tid: index + 1, 0 empty */
	/* the slowest calls: a min-heap by duration (slow[0] the fastest kept) */
	struct report_call slow[REPORT_SLOWEST];
	size_t nslow;
	struct report_error *errors;     /* REPORT_ERROR_GROUPS, open addressing */
	size_t nerror_groups;
	uint64_t errors_other;           /* failed calls past the groups' room */
	uint64_t lost, lost_cpu[REPORT_CPUS];
	uint64_t unstored[SNOOP_UNSTORED_KINDS];   /* processes untraced, ends unkept */
	struct report_drop drops[REPORT_DROPS];
	size_t ndrops;
	uint64_t drops_other;
	char *line;                      /* FORMAT_RECORD_MAX: a record's text line */
	int failed;                      /* out of memory once: the report says it is partial */
};

/* Allocated, zeroed and ready; NULL when out of memory. mode: FMT_RAW or 0. */
struct report *report_new(unsigned mode);
void report_free(struct report *rep);
void report_header(struct report *rep, const struct run_info *ri);
/* One record as the sink wrote it (data/len its captured memory; fds, -y's
 * table or NULL, annotates the slowest calls' fds). */
struct fdtable;
void report_record(struct report *rep, const struct snoop_record *r, const uint8_t *data, size_t len,
		   struct fdtable *fds);
void report_lost(struct report *rep, uint64_t count, int cpu);
/* The kernel side could not store count of kind (SNOOP_UNSTORED_*). */
void report_unstored(struct report *rep, unsigned kind, uint64_t count);
/* --to dropped count records for url. */
void report_dropped(struct report *rep, uint64_t count, const char *url);

/* The slowest calls, slowest first (the heap is sorted in place: after
 * this, report_record must not be called again). */
void report_sort_slowest(struct report *rep);
/* The error groups, most frequent first, copied into out (room for
 * REPORT_ERROR_GROUPS); their number. */
size_t report_error_groups(const struct report *rep, struct report_error *out);

#endif
