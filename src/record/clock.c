/* clock.c - see clock.h. */
#include <string.h>
#include <time.h>
#include "record/clock.h"
#include "record/text.h"

uint64_t clock_now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void wallclock_init(struct wallclock *c, enum time_mode mode, uint64_t boot_ns)
{
	memset(c, 0, sizeof(*c));
	c->mode = mode;
	c->boot_ns = boot_ns;
	c->hour_start = -1;
}

/* localtime once for the hour holding sec: its date, hour and zone. A zone
 * whose offset changes within an hour (DST) is right from the next hour. */
static void cache_hour(struct wallclock *c, int64_t sec)
{
	time_t t = (time_t)sec;
	struct tm tm;
	long off;
	size_t i;

	localtime_r(&t, &tm);
	c->hour_start = sec - tm.tm_min * 60 - tm.tm_sec;
	strftime(c->day_hour, sizeof(c->day_hour), "%Y-%m-%dT%H", &tm);
	off = tm.tm_gmtoff / 60;
	i = 0;
	c->zone[i++] = off < 0 ? '-' : '+';
	off = off < 0 ? -off : off;
	i += fmt_udec(c->zone + i, (uint64_t)off / 60, 2, '0');
	c->zone[i++] = ':';
	i += fmt_udec(c->zone + i, (uint64_t)off % 60, 2, '0');
	c->zone[i] = '\0';
}

/* TIME_DELTA: since the previous record's entry; records come in the order
 * calls completed, so a call that began before the previous one is '-'. */
static size_t delta_text(struct wallclock *c, uint64_t ts_ns, char *dst)
{
	uint64_t prev = c->have_prev ? c->prev_ts : ts_ns;
	size_t i = 0;

	c->prev_ts = ts_ns;
	c->have_prev = 1;
	if (ts_ns < prev) {
		dst[i++] = '-';
		return i + fmt_timestamp(dst + i, prev - ts_ns);
	}
	return fmt_timestamp(dst, ts_ns - prev);
}

size_t wallclock_text(struct wallclock *c, uint64_t ts_ns, char *dst)
{
	uint64_t wall = c->boot_ns + ts_ns, ns = wall % 1000000000u;
	int64_t sec = (int64_t)(wall / 1000000000u), in_hour;
	size_t i = 0;

	if (c->mode == TIME_DELTA) {
		i = delta_text(c, ts_ns, dst);
	} else if (c->mode == TIME_EPOCH_US) {
		i = fmt_udec(dst, (uint64_t)sec, 0, ' ');
		dst[i++] = '.';
		i += fmt_udec(dst + i, ns / 1000u, 6, '0');
	} else if (c->mode != TIME_RAW) {
		if (c->hour_start < 0 || sec < c->hour_start || sec >= c->hour_start + 3600)
			cache_hour(c, sec);
		in_hour = sec - c->hour_start;
		if (c->mode == TIME_ISO)
			i = fmt_str(dst, c->day_hour, 0);
		else
			i = fmt_str(dst, c->day_hour + 11, 0);   /* "HH" */
		dst[i++] = ':';
		i += fmt_udec(dst + i, (uint64_t)in_hour / 60, 2, '0');
		dst[i++] = ':';
		i += fmt_udec(dst + i, (uint64_t)in_hour % 60, 2, '0');
		if (c->mode != TIME_CLOCK) {
			dst[i++] = '.';
			i += c->mode == TIME_ISO ? fmt_udec(dst + i, ns, 9, '0') : fmt_udec(dst + i, ns / 1000u, 6, '0');
		}
		if (c->mode == TIME_ISO)
			i += fmt_str(dst + i, c->zone, 0);
	} else {
		i = fmt_timestamp(dst, ts_ns);
	}
	dst[i] = '\0';
	return i;
}
