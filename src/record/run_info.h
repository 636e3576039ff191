/* run_info.h - what a live run's header says of it: the wall-clock time
 * of boot that anchors the records' monotonic timestamps, and what produced
 * the trace (host, kernel, architecture, snoop's PID and command line). */
#ifndef SNOOP_RUN_INFO_H
#define SNOOP_RUN_INFO_H

#include <stdint.h>
#include "record/format.h"

/* Fills ri for now, snoop's command line argv; returns the boot time in
 * wall-clock nanoseconds (what ri->boot_realtime says). */
uint64_t run_info_now(struct run_info *ri, int argc, char **argv);
/* The wall-clock time of the monotonic clock's 0 (boot_realtime), now. */
uint64_t run_info_boot_ns(void);

/* A capture's header, whose texts were filled in: their numbers, once,
 * for every output that shows them as numbers (JSON, RFC 5424's time). */
void run_info_numbers(struct run_info *ri);

#endif
