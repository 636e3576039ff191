/* Field 1's wall-clock texts (-t -tt -ttt --iso-time) and the hour cache
 * that keeps localtime() off the record path. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "record/clock.h"

/* 2026-11-22T07:10:02.123456789Z: monotonic 5 s after BOOT */
#define BOOT 1795331397123456789ull   /* wall ns at monotonic 0 */
#define TS 5000000000ull

static const char *text_of(enum time_mode m, uint64_t boot, uint64_t ts)
{
	static char buf[CLOCK_TEXT_MAX];
	struct wallclock c;

	wallclock_init(&c, m, boot);
	wallclock_text(&c, ts, buf);
	return buf;
}

static void utc(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

Test(clock, strace_formats, .init = utc)
{
	cr_expect_str_eq(text_of(TIME_CLOCK, BOOT, TS), "07:10:02");
	cr_expect_str_eq(text_of(TIME_CLOCK_US, BOOT, TS), "07:10:02.123456");
	cr_expect_str_eq(text_of(TIME_EPOCH_US, BOOT, TS), "1795331402.123456");
	cr_expect_str_eq(text_of(TIME_ISO, BOOT, TS), "2026-11-22T07:10:02.123456789+00:00");
	cr_expect_str_eq(text_of(TIME_RAW, BOOT, TS), "0000000005.000000000");
}

Test(clock, a_zone_east_of_utc)
{
	setenv("TZ", "Asia/Kolkata", 1);   /* +05:30: the half hour shows */
	tzset();
	cr_expect_str_eq(text_of(TIME_ISO, BOOT, TS), "2026-11-22T12:40:02.123456789+05:30");
	cr_expect_str_eq(text_of(TIME_CLOCK, BOOT, TS), "12:40:02");
}

/* Within an hour no localtime() is needed; crossing one refreshes the
 * cache, so the hour (and day) roll over right. */
Test(clock, hours_and_days_roll_over, .init = utc)
{
	struct wallclock c;
	char buf[CLOCK_TEXT_MAX];
	uint64_t to_midnight = (uint64_t)(16 * 3600 + 49 * 60 + 58) * 1000000000ull;   /* 07:10:02 -> 24:00:00 */

	wallclock_init(&c, TIME_ISO, BOOT);
	wallclock_text(&c, TS, buf);
	wallclock_text(&c, TS + to_midnight - 1000000000ull, buf);
	cr_expect_str_eq(buf, "2026-11-22T23:59:59.123456789+00:00");
	wallclock_text(&c, TS + to_midnight, buf);
	cr_expect_str_eq(buf, "2026-11-23T00:00:00.123456789+00:00");
	wallclock_text(&c, TS, buf);   /* back in time (completion order): still right */
	cr_expect_str_eq(buf, "2026-11-22T07:10:02.123456789+00:00");
}

Test(clock, seconds_as_strace_T)
{
	char buf[32];

	buf[fmt_seconds(buf, 12345, 10)] = '\0';
	cr_expect_str_eq(buf, "  0.000012", "microseconds, truncated, right-aligned");
	buf[fmt_seconds(buf, 2999999999ull, 0)] = '\0';
	cr_expect_str_eq(buf, "2.999999");
}
