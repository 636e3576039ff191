/* filter.h - the filters that -Z, -z, --min-duration and -P apply in the
 * kernel (bpf/snoop.bpf.c), as user space applies them to the records of
 * a capture (-r). Keep the two in step. In a capture -P matches path
 * arguments only: the kernel also follows the fds opened on a path. */
#ifndef SNOOP_FILTER_H
#define SNOOP_FILTER_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "bpf/snoop.h"

/* -Z/-z (status: SNOOP_ONLY_*, 0 for all) and --min-duration (0: none).
 * A call that never returned (exit, killed) is neither failed nor
 * successful; one whose duration is unknown is shorter than any minimum. */
int record_result_wanted(const struct snoop_record *r, int status, uint64_t min_ns);
/* -P in a replay: is one of the record's path arguments one of paths? */
int record_on_paths(const struct snoop_record *r, const uint8_t *data, size_t len, const char *const *paths,
		    int npaths);

#endif
