/* unfinished.h - the calls still in progress when snoop stops.
 *
 * strace, detaching, prints each call a thread is in as "<unfinished ...>".
 * After the detach no BPF program runs, but the maps are still there: a
 * call in flight is in parked (its thread was switched out mid-call), in
 * the slot of the CPU its thread ran on at the detach, or in the hash by
 * TID of the in-flight-hash variant, as its entry made it
 * (SNOOP_REC_INFLIGHT set); held_events has the calls that returned a
 * restart code and wait for the thread's next call. Each goes out once:
 * the first marked SNOOP_REC_NORETURN | SNOOP_REC_UNFINISHED (no return,
 * no duration), the second as it is.
 */
#ifndef SNOOP_UNFINISHED_H
#define SNOOP_UNFINISHED_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "record/filter.h"
#include "record/sink.h"
#include "trace/handle.h"

typedef void (*unfinished_fn)(void *arg, const struct snoop_record *r, const uint8_t *data, size_t len);

/* fn for each call in progress in a process of traced_tgids; after the
 * detach (before it, a call could still complete and be written twice).
 * Returns how many. */
int tracer_unfinished(const struct tracer *t, unfinished_fn fn, void *arg);

/* Writes them to sink, through the filters the kernel applies to a
 * completed call: none of -Z, -z, --min-duration takes a call without a
 * return, and -P knows it only by its path arguments (as -r does). */
int unfinished_write(const struct tracer *t, struct sink *sink, const struct call_filter *calls);

#endif
