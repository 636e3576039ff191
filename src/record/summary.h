/* summary.h - -c: per syscall (and process) counts, errors, times and a
 * log2 latency histogram, as strace -c and bcc's syscount print them.
 *
 * The entries come from the kernel's summary map (live: BPF counts, no
 * record crosses to user space) or from records (replay): either way they
 * are struct snoop_sum, added here and printed sorted. Pure: no kernel. */
#ifndef SNOOP_SUMMARY_H
#define SNOOP_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "bpf/snoop.h"

/* What a run writes of the summary: -c the summary alone, -C records and
 * the summary. */
enum summary_mode { SUMMARY_NONE, SUMMARY_ONLY, SUMMARY_TOO };

enum summary_sort {
	SORT_TIME, SORT_CALLS, SORT_ERRORS, SORT_NAME, SORT_AVG, SORT_MIN, SORT_MAX, SORT_NOTHING,
};

struct summary_entry {
	struct snoop_sum_key key;
	struct snoop_sum sum;
};

struct summary {
	struct summary_entry *entries;
	size_t n, cap;
};

/* The -S key named s ("time", "calls", "min-time" ...), or -1. */
int summary_sort_parse(const char *s);
/* Adds one call (or one CPU's share of an entry) to the entry of key. 0, or -1 out of memory. */
int summary_add(struct summary *s, const struct snoop_sum_key *key, const struct snoop_sum *v);
/* One record's call, as BPF would have counted it (replay -c). */
int summary_add_record(struct summary *s, const struct snoop_record *r, int per_process);
/* Text as strace -c prints it (with min and max columns), a table per
 * process with per_process; histograms as bcc's print_log2_hist after it.
 * Returns a malloc'd string (not the record path) or NULL. */
char *summary_text(struct summary *s, enum summary_sort sort, int histogram);
/* One JSON Lines object per entry, then a total. */
char *summary_json(struct summary *s, enum summary_sort sort);
/* The histogram's rows to show, from the first bucket that holds calls to
 * the last; the fullest bucket's count (0: none holds any). */
uint64_t summary_hist_range(const struct snoop_sum *v, unsigned *first, unsigned *last);
/* Sorts the entries as -S sort says (per process first), in place. */
void summary_sort(struct summary *s, enum summary_sort sort);
/* "openat", "ia32:open", or "sys_N" for a number without a name; buf
 * (48 bytes) holds the latter two. */
const char *summary_entry_name(const struct summary_entry *e, char *buf, size_t len);
void summary_clear(struct summary *s);
void summary_free(struct summary *s);

#endif
