/* sink.c - see sink.h. */
#include <string.h>
#include <time.h>
#include "capture.h"
#include "opts.h"
#include "sink.h"

int sink_check(const void *raw, size_t size, struct snoop_record *r, const uint8_t **data, size_t *len)
{
	if (size < sizeof(*r))
		return -1;
	memcpy(r, raw, sizeof(*r));   /* perf data is only 4-byte aligned */
	*data = (const uint8_t *)raw + sizeof(*r);
	*len = size - sizeof(*r);
	/* the perf buffer pads records; more claimed than arrived is damage */
	if ((size_t)r->cap_len[0] + r->cap_len[1] > *len)
		return -1;
	*len = (size_t)r->cap_len[0] + r->cap_len[1];
	return 0;
}

size_t fmt_iso_time(char *dst, uint64_t wall_ns)
{
	time_t sec = (time_t)(wall_ns / 1000000000u);
	struct tm tm;
	size_t i;
	long off;

	localtime_r(&sec, &tm);
	i = strftime(dst, 32, "%Y-%m-%dT%H:%M:%S.", &tm);
	i += fmt_udec(dst + i, wall_ns % 1000000000u, 9, '0');
	off = tm.tm_gmtoff / 60;
	dst[i++] = off < 0 ? '-' : '+';
	off = off < 0 ? -off : off;
	i += fmt_udec(dst + i, (uint64_t)off / 60, 2, '0');
	dst[i++] = ':';
	return i + fmt_udec(dst + i, (uint64_t)off % 60, 2, '0');
}

void sink_header(struct sink *s, const struct run_info *ri)
{
	char text[FORMAT_HEADER_MAX];
	size_t n;
	char *dst;

	if (s->text) {
		dst = output_reserve(s->text, FORMAT_HEADER_MAX);
		if (dst)
			output_commit(s->text, s->json ? fmt_header_json(dst, ri, s->raw) : fmt_header(dst, ri, s->raw));
	}
	if (s->cap) {
		n = fmt_header(text, ri, s->raw);
		dst = output_reserve(s->cap, CAP_HEADER_FIXED + n);
		if (dst)
			output_commit(s->cap, cap_put_header((uint8_t *)dst, text, n));
	}
}

/* One frame: the payload is a then b (a record, then its captured bytes). */
static void write_capture(struct sink *s, uint32_t type, const void *a, size_t an,
			  const void *b, size_t bn)
{
	uint8_t *dst = (uint8_t *)output_reserve(s->cap, CAP_FRAME_HEAD + an + bn);
	size_t i;

	if (!dst)
		return;
	i = cap_put_frame_head(dst, type, s->seq++, an + bn);
	memcpy(dst + i, a, an);
	if (bn)
		memcpy(dst + i + an, b, bn);
	output_commit(s->cap, i + an + bn);
}

void sink_record(struct sink *s, const struct snoop_record *r, const uint8_t *data, size_t len)
{
	char when[48], *dst;
	const char *time_text = NULL;
	struct snoop_record shifted;

	s->records++;
	if (s->cap)
		write_capture(s, CAP_RECORD, r, sizeof(*r), data, len);
	if (!s->text)
		return;
	if (s->time_mode == TIME_ISO) {
		when[fmt_iso_time(when, s->boot_ns + r->ts_ns)] = '\0';
		time_text = when;
	} else if (s->time_mode == TIME_RELATIVE) {
		if (!s->have_first) {
			s->first_ts = r->ts_ns;
			s->have_first = 1;
		}
		shifted = *r;
		shifted.ts_ns = r->ts_ns >= s->first_ts ? r->ts_ns - s->first_ts : 0;
		r = &shifted;
	}
	dst = output_reserve(s->text, FORMAT_RECORD_MAX);
	if (!dst)
		return;
	output_commit(s->text, s->json ? fmt_record_json(dst, r, data, len, time_text)
				       : fmt_record_at(dst, r, data, len, s->raw, time_text));
}

void sink_lost(struct sink *s, uint64_t count, int cpu)
{
	struct cap_lost l = { .count = count, .cpu = (uint32_t)cpu };
	char *dst;

	s->lost += count;
	if (s->cap)
		write_capture(s, CAP_LOST, &l, sizeof(l), NULL, 0);
	if (s->text && (dst = output_reserve(s->text, 128)))
		output_commit(s->text, s->json ? fmt_lost_json(dst, count, cpu) : fmt_lost(dst, count, cpu));
}
