/* capture.c - see capture.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "record/capture.h"

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

size_t cap_put_header(uint8_t *dst, const char *text, size_t textlen)
{
	memcpy(dst, CAP_MAGIC, 8);
	put32(dst + 8, CAP_VERSION);
	put32(dst + 12, (uint32_t)textlen);
	memcpy(dst + CAP_HEADER_FIXED, text, textlen);
	return CAP_HEADER_FIXED + textlen;
}

size_t cap_put_frame_head(uint8_t *dst, uint32_t type, uint64_t seq, size_t payload_len)
{
	put32(dst, (uint32_t)(payload_len + 12));
	put32(dst + 4, type);
	put64(dst + 8, seq);
	return CAP_FRAME_HEAD;
}

long cap_parse_header(const uint8_t *buf, size_t n, const char **text, size_t *textlen,
		      char *err, size_t errlen)
{
	uint32_t version, len;

	if (n < 8 && memcmp(buf, CAP_MAGIC, n) == 0)
		return 0;
	if (memcmp(buf, CAP_MAGIC, n < 8 ? n : 8)) {
		snprintf(err, errlen, "not a snoop capture (no SNOOPCAP signature at byte 0): write one with snoop -w");
		return -1;
	}
	if (n < CAP_HEADER_FIXED)
		return 0;
	version = get32(buf + 8);
	len = get32(buf + 12);
	if (version > CAP_VERSION) {
		snprintf(err, errlen, "capture format version %u is newer than this snoop reads (%d): use a newer snoop",
			 version, CAP_VERSION);
		return -1;
	}
	if (version == 0 || len > CAP_TEXT_MAX) {
		snprintf(err, errlen, "damaged capture header at byte 8 (version %u, header length %u)", version, len);
		return -1;
	}
	if (n < CAP_HEADER_FIXED + (size_t)len)
		return 0;
	*text = (const char *)buf + CAP_HEADER_FIXED;
	*textlen = len;
	return CAP_HEADER_FIXED + (long)len;
}

long cap_parse_frame(const uint8_t *buf, size_t n, uint64_t want_seq, struct cap_frame *f,
		     char *err, size_t errlen)
{
	uint32_t len;

	if (n < 4)
		return 0;
	len = get32(buf);
	if (len < 12 || len - 12 > CAP_PAYLOAD_MAX) {
		snprintf(err, errlen, "bad frame length %u", len);
		return -1;
	}
	if (n < 4 + (size_t)len)
		return 0;
	f->type = get32(buf + 4);
	f->seq = get64(buf + 8);
	f->payload = buf + CAP_FRAME_HEAD;
	f->len = len - 12;
	if (f->type < CAP_RECORD || f->type > CAP_FORK) {
		snprintf(err, errlen, "unknown frame type %u", f->type);
		return -1;
	}
	if (f->seq != want_seq) {
		snprintf(err, errlen, "frame %llu follows frame %llu: %llu frames missing",
			 (unsigned long long)f->seq, (unsigned long long)want_seq - 1,
			 (unsigned long long)(f->seq - want_seq));
		return -1;
	}
	return 4 + (long)len;
}

/* More bytes into buf; keeps what is not consumed. 0, or -1 on read error. */
static int fill(struct cap_reader *r)
{
	ssize_t n;

	if (r->pos) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->offset += r->pos;
		r->len -= r->pos;
		r->pos = 0;
	}
	do
		n = read(r->fd, r->buf + r->len, r->cap - r->len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (n == 0)
		r->eof = 1;
	r->len += (size_t)n;
	return 0;
}

int cap_reader_open(struct cap_reader *r, int fd, char *err, size_t errlen)
{
	const char *text;
	size_t textlen;
	long used;

	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->cap = 4 * (CAP_PAYLOAD_MAX + CAP_TEXT_MAX);
	r->buf = malloc(r->cap);
	if (!r->buf)
		return snprintf(err, errlen, "out of memory"), -1;
	for (;;) {
		used = cap_parse_header(r->buf, r->len, &text, &textlen, err, errlen);
		if (used < 0)
			return -1;
		if (used > 0)
			break;
		if (r->eof) {
			snprintf(err, errlen, r->len ? "capture truncated in its header (%zu bytes)"
						     : "empty capture: no SNOOPCAP header", r->len);
			return -1;
		}
		if (fill(r))
			return snprintf(err, errlen, "read: %s", strerror(errno)), -1;
	}
	r->text = strndup(text, textlen);
	r->pos = (size_t)used;
	r->version = get32(r->buf + 8);
	return r->text ? 0 : -1;
}

int cap_reader_next(struct cap_reader *r, struct cap_frame *f, char *err, size_t errlen)
{
	char why[256];
	long used;

	for (;;) {
		used = cap_parse_frame(r->buf + r->pos, r->len - r->pos, r->next_seq, f, why, sizeof(why));
		if (used > 0) {
			f->offset = r->offset + r->pos;
			r->pos += (size_t)used;
			r->next_seq++;
			return 1;
		}
		if (used < 0) {
			snprintf(err, errlen, "damaged capture at byte offset %llu: %s",
				 (unsigned long long)(r->offset + r->pos), why);
			return -1;
		}
		if (r->eof) {
			if (r->pos == r->len)
				return 0;
			snprintf(err, errlen, "capture truncated at byte offset %llu: the last frame is incomplete (%zu of its bytes present)",
				 (unsigned long long)(r->offset + r->pos), r->len - r->pos);
			return -1;
		}
		if (fill(r)) {
			snprintf(err, errlen, "read: %s", strerror(errno));
			return -1;
		}
	}
}

size_t cap_record_size(const struct cap_reader *r)
{
	return r->version == 1 ? CAP_RECORD_V1 : sizeof(struct snoop_record);
}

void cap_reader_close(struct cap_reader *r)
{
	free(r->buf);
	free(r->text);
	r->buf = NULL;
	r->text = NULL;
}
