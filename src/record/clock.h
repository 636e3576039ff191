/* clock.h - field 1 as a person reads it: wall-clock times from the
 * monotonic record times and the header's anchor (boot_realtime), for -t,
 * -tt, -ttt and --iso-time, and the time since the previous record
 * (--relative-timestamps).
 *
 * The record path cannot afford localtime() per record: the local date,
 * hour and zone are computed once per hour of records and cached. */
#ifndef SNOOP_CLOCK_H
#define SNOOP_CLOCK_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "record/format.h"

#define CLOCK_TEXT_MAX 48

struct wallclock {
	enum time_mode mode;
	uint64_t boot_ns;         /* wall-clock ns at monotonic 0 */
	int64_t hour_start;       /* epoch second where the cached hour starts */
	char day_hour[24];        /* "2026-11-22T07" for that hour, local */
	char zone[8];             /* "+01:00" */
	uint64_t prev_ts;         /* TIME_DELTA: the previous record's time */
	int have_prev;
};

/* clk's time now, in ns (snoop's own times: start-up, the anchor, --to) */
uint64_t clock_now_ns(clockid_t clk);

void wallclock_init(struct wallclock *c, enum time_mode mode, uint64_t boot_ns);
/* Field 1 for a record that began at ts_ns (monotonic) into dst
 * (CLOCK_TEXT_MAX bytes), NUL-ended; its length. */
size_t wallclock_text(struct wallclock *c, uint64_t ts_ns, char *dst);

#endif
