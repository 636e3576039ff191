/* json_check.h - is a text one valid JSON value (RFC 8259, as UTF-8)?
 * For the unit tests and the fuzzers, which hold snoop's JSON output to
 * it; written apart from snoop's own UTF-8 code so that neither checks
 * itself. Static: each test program includes it once. */
#ifndef SNOOP_TEST_JSON_CHECK_H
#define SNOOP_TEST_JSON_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct jc {
	const unsigned char *p, *end;
	int depth;
};

static void jc_ws(struct jc *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static int jc_eat(struct jc *c, char ch)
{
	jc_ws(c);
	if (c->p < c->end && *c->p == (unsigned char)ch) {
		c->p++;
		return 1;
	}
	return 0;
}

/* One UTF-8 character of 2-4 bytes: decoded, then held to its shortest
 * form, outside the surrogates, at most U+10FFFF. */
static int jc_utf8(struct jc *c)
{
	unsigned char b = *c->p;
	int n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0, k;
	uint32_t cp = n == 4 ? b & 0x07u : n == 3 ? b & 0x0fu : b & 0x1fu;
	static const uint32_t least[5] = { 0, 0, 0x80, 0x800, 0x10000 };

	if (!n || c->end - c->p < n)
		return 0;
	for (k = 1; k < n; k++) {
		if ((c->p[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (c->p[k] & 0x3fu);
	}
	if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	c->p += n;
	return 1;
}

static int jc_hex4(struct jc *c)
{
	int k;

	if (c->end - c->p < 4)
		return 0;
	for (k = 0; k < 4; k++)
		if (!c->p[k] || !strchr("0123456789abcdefABCDEF", c->p[k]))
			return 0;
	c->p += 4;
	return 1;
}

static int jc_string(struct jc *c)
{
	if (!jc_eat(c, '"'))
		return 0;
	while (c->p < c->end && *c->p != '"') {
		if (*c->p < 0x20)
			return 0;
		if (*c->p == '\\') {
			if (++c->p >= c->end)
				return 0;
			if (*c->p == 'u') {
				c->p++;
				if (!jc_hex4(c))
					return 0;
			} else if (*c->p && strchr("\"\\/bfnrt", *c->p)) {
				c->p++;
			} else {
				return 0;
			}
		} else if (*c->p >= 0x80) {
			if (!jc_utf8(c))
				return 0;
		} else {
			c->p++;
		}
	}
	return c->p++ < c->end;
}

static int jc_digits(struct jc *c)
{
	const unsigned char *from = c->p;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
		c->p++;
	return c->p > from;
}

static int jc_number(struct jc *c)
{
	if (c->p < c->end && *c->p == '-')
		c->p++;
	if (c->p < c->end && *c->p == '0')
		c->p++;
	else if (!jc_digits(c))
		return 0;
	if (c->p < c->end && *c->p == '.' && (c->p++, !jc_digits(c)))
		return 0;
	if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
		c->p++;
		if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
			c->p++;
		return jc_digits(c);
	}
	return 1;
}

static int jc_word(struct jc *c, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n))
		return 0;
	c->p += n;
	return 1;
}

static int jc_value(struct jc *c);

/* [v, v] or {"k": v}: close is ']' or '}' */
static int jc_container(struct jc *c, char close)
{
	c->p++;
	if (jc_eat(c, close))
		return 1;
	do {
		if (close == '}' && (!jc_string(c) || !jc_eat(c, ':')))
			return 0;
		if (!jc_value(c))
			return 0;
	} while (jc_eat(c, ','));
	return jc_eat(c, close);
}

static int jc_value(struct jc *c)
{
	int ok;

	jc_ws(c);
	if (c->p >= c->end || ++c->depth > 200)
		return 0;
	switch (*c->p) {
	case '{': ok = jc_container(c, '}'); break;
	case '[': ok = jc_container(c, ']'); break;
	case '"': ok = jc_string(c); break;
	case 't': ok = jc_word(c, "true"); break;
	case 'f': ok = jc_word(c, "false"); break;
	case 'n': ok = jc_word(c, "null"); break;
	default: ok = jc_number(c); break;
	}
	c->depth--;
	return ok;
}

/* 1 if s[0..n) is exactly one JSON value, white space around it allowed */
static int json_valid(const char *s, size_t n)
{
	struct jc c = { (const unsigned char *)s, (const unsigned char *)s + n, 0 };

	if (!jc_value(&c))
		return 0;
	jc_ws(&c);
	return c.p == c.end;
}

#endif
