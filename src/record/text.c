/* text.c - see text.h. The hot path of the reader: keep it branch-light. */
#include "record/text.h"

static const char hex_digits[] = "0123456789abcdef";

/* "00".."99": two digits per division, the reader's hottest loop */
static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* Digits of v ending at end; returns where they start. 32-bit divisions
 * once the value fits: they are several times cheaper than 64-bit ones. */
static char *digits(char *end, uint64_t v)
{
	uint32_t w;

	while (v > UINT32_MAX) {
		const char *d = digit_pairs + 2 * (v % 100);

		*--end = d[1];
		*--end = d[0];
		v /= 100;
	}
	for (w = (uint32_t)v; w >= 100; w /= 100) {
		const char *d = digit_pairs + 2 * (w % 100);

		*--end = d[1];
		*--end = d[0];
	}
	if (w >= 10) {
		*--end = digit_pairs[2 * w + 1];
		*--end = digit_pairs[2 * w];
	} else {
		*--end = (char)('0' + w);
	}
	return end;
}

/* How many decimal digits v has. */
static unsigned count_digits(uint64_t v)
{
	unsigned n = 1;

	for (;;) {
		if (v < 10)
			return n;
		if (v < 100)
			return n + 1;
		if (v < 1000)
			return n + 2;
		if (v < 10000)
			return n + 3;
		v /= 10000;
		n += 4;
	}
}

/* The digits are written where they go, not copied there: a copy of a few
 * bytes became a memcpy call per number, a fifth of a replay's time. */
size_t fmt_udec(char *dst, uint64_t v, unsigned width, char pad)
{
	unsigned n = count_digits(v);
	size_t i = 0;

	for (; width > n; width--)
		dst[i++] = pad;
	digits(dst + i + n, v);
	return i + n;
}

size_t fmt_sdec(char *dst, int64_t v, unsigned width)
{
	/* magnitude as unsigned: -INT64_MIN does not fit in int64_t */
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	unsigned n = count_digits(m), len = n + (v < 0);
	size_t i = 0;

	for (; width > len; width--)
		dst[i++] = ' ';
	if (v < 0)
		dst[i++] = '-';
	digits(dst + i + n, m);
	return i + n;
}

/* "00".."ff": a byte per step (JSON's six raw registers per record) */
static const char hex_pairs[513] =
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
	"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
	"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

size_t fmt_hex(char *dst, uint64_t v)
{
	/* the length first (from the leading zeros), then the digits in place:
	 * no temporary and no reversing copy */
	int n = v ? (64 - __builtin_clzll(v) + 3) / 4 : 1, k = n + 1;

	dst[0] = '0';
	dst[1] = 'x';
	for (; k >= 3; k -= 2, v >>= 8) {
		dst[k] = hex_pairs[2 * (v & 0xff) + 1];
		dst[k - 1] = hex_pairs[2 * (v & 0xff)];
	}
	if (k == 2)
		dst[2] = hex_digits[v & 0xf];
	return (size_t)n + 2;
}

size_t fmt_str(char *dst, const char *src, unsigned width)
{
	size_t n = strlen(src);

	memcpy(dst, src, n);
	if (n >= width)
		return n;
	memset(dst + n, ' ', width - n);
	return width;
}

size_t fmt_timestamp(char *dst, uint64_t ns)
{
	size_t i = fmt_udec(dst, ns / 1000000000u, 10, '0');

	dst[i++] = '.';
	return i + fmt_udec(dst + i, ns % 1000000000u, 9, '0');
}

size_t fmt_seconds(char *dst, uint64_t ns, unsigned width)
{
	char tmp[32];
	size_t n = fmt_udec(tmp, ns / 1000000000u, 0, ' '), i;

	tmp[n++] = '.';
	n += fmt_udec(tmp + n, ns % 1000000000u / 1000u, 6, '0');   /* truncated, as strace */
	for (i = 0; n + i < width; i++)   /* right-aligned, as the ns it replaces */
		dst[i] = ' ';
	memcpy(dst + i, tmp, n);
	return i + n;
}

size_t fmt_escaped_len(const uint8_t *s, size_t n)
{
	size_t i = 0, k;

	for (k = 0; k < n; k++) {
		uint8_t c = s[k];

		i += c == '"' || c == '\\' || c == '\n' || c == '\t' || c == '\r' ? 2 : c >= 0x20 && c < 0x7f ? 1 : 4;
	}
	return i;
}

size_t fmt_escape(char *dst, const uint8_t *s, size_t n)
{
	size_t i = 0, k;

	for (k = 0; k < n; k++) {
		uint8_t c = s[k];

		switch (c) {
		case '"': case '\\': dst[i++] = '\\'; dst[i++] = (char)c; continue;
		case '\n': dst[i++] = '\\'; dst[i++] = 'n'; continue;
		case '\t': dst[i++] = '\\'; dst[i++] = 't'; continue;
		case '\r': dst[i++] = '\\'; dst[i++] = 'r'; continue;
		}
		if (c >= 0x20 && c < 0x7f) {
			dst[i++] = (char)c;
		} else {   /* always two digits: the grammar is unambiguous */
			dst[i++] = '\\';
			dst[i++] = 'x';
			dst[i++] = hex_digits[c >> 4];
			dst[i++] = hex_digits[c & 0xf];
		}
	}
	return i;
}

size_t utf8_seq_len(const uint8_t *s, size_t n)
{
	uint8_t c = s[0], lo = 0x80, hi = 0xbf;   /* the second byte's range */
	size_t len, k;

	if (c < 0x80)
		return 1;
	if (c < 0xc2)      /* a continuation byte, or C0/C1: overlong */
		return 0;
	if (c < 0xe0) {
		len = 2;
	} else if (c < 0xf0) {
		len = 3;
		lo = c == 0xe0 ? 0xa0 : lo;   /* E0 80..9F: overlong */
		hi = c == 0xed ? 0x9f : hi;   /* ED A0..BF: surrogates */
	} else if (c < 0xf5) {
		len = 4;
		lo = c == 0xf0 ? 0x90 : lo;   /* F0 80..8F: overlong */
		hi = c == 0xf4 ? 0x8f : hi;   /* F4 90..: past U+10FFFF */
	} else {
		return 0;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (k = 2; k < len; k++)
		if ((s[k] & 0xc0) != 0x80)
			return 0;
	return len;
}

/* \u00XX, or \udcXX for a byte of no valid sequence */
static size_t json_u_escape(char *dst, const char *prefix, uint8_t c)
{
	dst[0] = '\\';
	dst[1] = 'u';
	dst[2] = prefix[0];
	dst[3] = prefix[1];
	dst[4] = hex_digits[c >> 4];
	dst[5] = hex_digits[c & 0xf];
	return 6;
}

size_t fmt_json_char(char *dst, const uint8_t *s, size_t n, size_t *used)
{
	uint8_t c = s[0];
	size_t len;

	*used = 1;
	if (c == '"' || c == '\\') {
		dst[0] = '\\';
		dst[1] = (char)c;
		return 2;
	}
	if (c < 0x20 || c == 0x7f)
		return json_u_escape(dst, "00", c);
	if (c < 0x80) {
		dst[0] = (char)c;
		return 1;
	}
	if (!(len = utf8_seq_len(s, n)))
		return json_u_escape(dst, "dc", c);
	memcpy(dst, s, len);
	*used = len;
	return len;
}

size_t fmt_json_bytes(char *dst, const uint8_t *s, size_t n)
{
	size_t i = 0, k = 0, used;

	dst[i++] = '"';
	while (k < n) {
		if (s[k] >= 0x20 && s[k] < 0x7f && s[k] != '"' && s[k] != '\\') {   /* most bytes */
			dst[i++] = (char)s[k++];
			continue;
		}
		i += fmt_json_char(dst + i, s + k, n - k, &used);
		k += used;
	}
	dst[i++] = '"';
	return i;
}

size_t fmt_json_str(char *dst, const char *s, size_t max)
{
	return fmt_json_bytes(dst, (const uint8_t *)s, strnlen(s, max));
}
