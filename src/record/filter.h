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
/* What user space applies to a call the kernel's filters did not judge
 * (a replayed one, or one still in progress at the stop): -Z/-z
 * (status), --min-duration (min_ns, 0: none) and -P by path arguments
 * (npaths 0: none). */
int record_call_wanted(const struct snoop_record *r, const uint8_t *data, size_t len, __u32 status,
		       __u64 min_ns, const char *const *paths, int npaths);

#endif
