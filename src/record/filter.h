/* filter.h - -P on the records of a capture (-r), as the kernel applies it
 * live (bpf/snoop.bpf.c) but by path arguments only: the kernel also
 * follows the fds opened on a path. -Z, -z and --min-duration are one rule
 * for both sides: snoop_result_wanted() in bpf/snoop.h. */
#ifndef SNOOP_FILTER_H
#define SNOOP_FILTER_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "bpf/snoop.h"

/* -P in a replay: is one of the record's path arguments one of paths? */
int record_on_paths(const struct snoop_record *r, const uint8_t *data, size_t len, const char *const *paths,
		    int npaths);
/* The filters of calls the kernel applies live, for user space to apply
 * to a call the kernel's filters did not judge (a replayed one, or one
 * still in progress at the stop). */
struct call_filter {
	__u32 status;               /* -Z, -z: SNOOP_ONLY_* (0: any) */
	__u64 min_ns;               /* --min-duration (0: none) */
	const char *const *paths;   /* -P, by path arguments (npaths 0: none) */
	int npaths;
};
int record_call_wanted(const struct snoop_record *r, const uint8_t *data, size_t len, const struct call_filter *f);

#endif
