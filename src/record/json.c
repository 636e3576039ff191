/* json.c - see json.h. A recursive descent over the text decoder's output:
 * each put_* reads one shape at c->p and writes its JSON at c->dst + c->i,
 * or returns -1, and json_from_text then writes the whole text as a string
 * instead (over whatever was written). */
#include <string.h>
#include "record/json.h"
#include "record/text.h"

/* The decoder nests three deep (iovecs in a list); deeper text is not its
 * own, and the recursion must stay bounded for any input. */
#define JSON_DEPTH 16

struct conv {
	const char *p, *end;   /* the text still to read */
	char *dst;
	size_t i;              /* bytes written to dst */
	int cut, depth;
};

static void put(struct conv *c, const char *s, size_t n)
{
	memcpy(c->dst + c->i, s, n);
	c->i += n;
}

#define put_lit(c, lit) put((c), (lit), sizeof(lit) - 1)

static int at(const struct conv *c, char ch)
{
	return c->p < c->end && *c->p == ch;
}

/* Spaces and C comments: how many bytes, or -1 for a comment never closed. */
static int skip_blank(struct conv *c)
{
	const char *from = c->p, *close;

	while (c->p < c->end) {
		if (*c->p == ' ') {
			c->p++;
		} else if (c->end - c->p >= 2 && c->p[0] == '/' && c->p[1] == '*') {
			close = memmem(c->p + 2, (size_t)(c->end - c->p - 2), "*/", 2);
			if (!close)
				return -1;
			c->p = close + 2;
		} else {
			break;
		}
	}
	return (int)(c->p - from);
}

/* -?(0|[1-9][0-9]*): what JSON takes as an integer as it is */
static int is_decimal(const char *s, size_t n)
{
	size_t k = n && s[0] == '-';

	if (k == n || (s[k] == '0' && n > k + 1))
		return 0;
	for (; k < n; k++)
		if (s[k] < '0' || s[k] > '9')
			return 0;
	return 1;
}

/* A*B of two unsigned decimals (strace's 8192*1024), if it fits 64 bits */
static int product(const char *s, size_t n, uint64_t *v)
{
	const char *star = memchr(s, '*', n), *part[2];
	uint64_t f[2] = { 0, 0 };
	size_t len[2], k, j;

	if (!star)
		return 0;
	part[0] = s;
	part[1] = star + 1;
	len[0] = (size_t)(star - s);
	len[1] = n - len[0] - 1;
	for (j = 0; j < 2; j++) {
		if (!is_decimal(part[j], len[j]) || part[j][0] == '-')
			return 0;
		for (k = 0; k < len[j]; k++)
			if (__builtin_mul_overflow(f[j], 10, &f[j]) ||
			    __builtin_add_overflow(f[j], (uint64_t)(part[j][k] - '0'), &f[j]))
				return 0;
	}
	return !__builtin_mul_overflow(f[0], f[1], v);
}

/* A bare token, up to a separator or a bracket, through balanced
 * parentheses (makedev(0x1, 0x3)). */
static int scan_token(struct conv *c, const char **s, size_t *n)
{
	static const char stops[] = ",]} \"[{";
	const char *q = c->p;
	int depth = 0;

	for (; q < c->end; q++) {
		if (*q == '(')
			depth++;
		else if (*q == ')' && --depth < 0)
			return -1;
		else if (!depth && memchr(stops, *q, sizeof(stops) - 1))
			break;
	}
	if (depth || q == c->p)
		return -1;
	*s = c->p;
	*n = (size_t)(q - c->p);
	c->p = q;
	return 0;
}

static void put_token(struct conv *c, const char *s, size_t n)
{
	uint64_t v;

	if (n == 4 && !memcmp(s, "NULL", 4))
		put_lit(c, "null");
	else if (is_decimal(s, n))
		put(c, s, n);
	else if (product(s, n, &v))
		c->i += fmt_udec(c->dst + c->i, v, 0, ' ');
	else   /* flags, names, hex addresses, octal modes: as written */
		c->i += fmt_json_bytes(c->dst + c->i, (const uint8_t *)s, n);
}

static int put_bare(struct conv *c)
{
	const char *s;
	size_t n;

	if (scan_token(c, &s, &n))
		return -1;
	put_token(c, s, n);
	return 0;
}

/* strace's "...": a cut list's tail, or a struct's fields left out */
static int elision(const struct conv *c)
{
	return c->end - c->p >= 3 && !memcmp(c->p, "...", 3) &&
	       (c->end - c->p == 3 || memchr(",]} ", c->p[3], 4));
}

/* One byte of fmt_escape's text at *p: 0, or -1 for an escape it never
 * writes. */
static int unescape_byte(const char **p, const char *end, uint8_t *b)
{
	static const char from[] = "\"\\ntr", to[] = "\"\\\n\t\r";
	const char *q = *p, *e;
	int k, d;

	if (*q != '\\') {
		*b = (uint8_t)*q;
		*p = q + 1;
		return 0;
	}
	if (end - q >= 2 && (e = memchr(from, q[1], sizeof(from) - 1))) {
		*b = (uint8_t)to[e - from];
		*p = q + 2;
		return 0;
	}
	if (end - q < 4 || q[1] != 'x')
		return -1;
	for (*b = 0, k = 2; k < 4; k++) {
		d = q[k] >= '0' && q[k] <= '9' ? q[k] - '0' : q[k] >= 'a' && q[k] <= 'f' ? q[k] - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		*b = (uint8_t)(*b << 4 | d);
	}
	*p = q + 4;
	return 0;
}

/* The bytes the C-escaped text p..end stands for, as a JSON string. A
 * window of four bytes is enough to see each UTF-8 sequence whole. */
static int put_unescaped(struct conv *c, const char *p, const char *end)
{
	uint8_t win[4];
	size_t k = 0, used;

	c->dst[c->i++] = '"';
	while (p < end || k) {
		for (; k < sizeof(win) && p < end; k++)
			if (unescape_byte(&p, end, &win[k]))
				return -1;
		c->i += fmt_json_char(c->dst + c->i, win, k, &used);
		memmove(win, win + used, k - used);
		k -= used;
	}
	c->dst[c->i++] = '"';
	return 0;
}

/* "..." (at c->p), then strace's ... if it was cut */
static int put_literal(struct conv *c)
{
	const char *q = c->p + 1;

	for (; q < c->end && *q != '"'; q++)
		if (*q == '\\')
			q++;   /* \" is not the end */
	if (q >= c->end || put_unescaped(c, c->p + 1, q))
		return -1;
	c->p = q + 1;
	if (c->end - c->p >= 3 && !memcmp(c->p, "...", 3)) {
		c->p += 3;
		c->cut = 1;
	}
	return 0;
}

static int value(struct conv *c);

/* The closing bracket ch, after blanks: read and written, or -1 if it is
 * not there. */
static int put_close(struct conv *c, char ch)
{
	if (skip_blank(c) < 0 || !at(c, ch))
		return -1;
	c->p++;
	put(c, &ch, 1);
	return 0;
}

/* [a, b] or a signal set's [INT QUIT]; a "..." tail is the list cut */
static int put_list(struct conv *c)
{
	int n = 0, sep = 1, blank;

	c->p++;
	put_lit(c, "[");
	for (;;) {
		if ((blank = skip_blank(c)) < 0)
			return -1;
		if (at(c, ']'))
			break;
		if (!sep && !blank)
			return -1;   /* two values need a separator */
		if (elision(c)) {   /* only the end may follow it */
			c->p += 3;
			c->cut = 1;
			break;
		}
		if (n++)
			put_lit(c, ",");
		if (value(c) || (blank = skip_blank(c)) < 0)
			return -1;
		sep = blank || at(c, ',');
		c->p += at(c, ',');
	}
	return put_close(c, ']');
}

/* A field name and its '=' at c->p: the name's length, or 0 */
static size_t key_at(const struct conv *c)
{
	const char *q = c->p;

	while (q < c->end && (*q == '_' || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
			      (q > c->p && *q >= '0' && *q <= '9')))
		q++;
	return q > c->p && q < c->end && *q == '=' ? (size_t)(q - c->p) : 0;
}

/* {k=v, k=v, ...}: fields, the trailing ... (strace without -v) dropped */
static int put_fields(struct conv *c)
{
	size_t k;
	int n = 0;

	put_lit(c, "{");
	for (;;) {
		if (skip_blank(c) < 0)
			return -1;
		if (elision(c)) {   /* only the end may follow it */
			c->p += 3;
			break;
		}
		if (!(k = key_at(c)))
			return -1;
		if (n++)
			put_lit(c, ",");
		c->i += fmt_json_bytes(c->dst + c->i, (const uint8_t *)c->p, k);
		put_lit(c, ":");
		c->p += k + 1;
		if (value(c) || skip_blank(c) < 0)
			return -1;
		if (!at(c, ','))
			break;
		c->p++;
	}
	return put_close(c, '}');
}

/* A sockaddr's address after its family: "path", @"abstract",
 * IPv4 1.2.3.4:80, IPv6 [::1]:80 */
static int put_address(struct conv *c)
{
	const char *a, *port, *q;
	size_t an, pn;

	if (at(c, '"')) {
		put_lit(c, ",\"path\":");
		return put_literal(c);
	}
	if (at(c, '@') && c->end - c->p >= 2 && c->p[1] == '"') {
		c->p++;
		put_lit(c, ",\"abstract\":");
		return put_literal(c);
	}
	if (at(c, '[')) {
		if (!(q = memchr(c->p, ']', (size_t)(c->end - c->p))))
			return -1;
		a = c->p + 1;
		an = (size_t)(q - a);
		c->p = q + 1;
		if (!at(c, ':'))
			return -1;
		c->p++;
		if (scan_token(c, &port, &pn))
			return -1;
	} else {
		if (scan_token(c, &a, &an) || !(q = memrchr(a, ':', an)))
			return -1;
		port = q + 1;
		pn = an - (size_t)(port - a);
		an = (size_t)(q - a);
	}
	if (!is_decimal(port, pn) || port[0] == '-')
		return -1;
	put_lit(c, ",\"addr\":");
	c->i += fmt_json_bytes(c->dst + c->i, (const uint8_t *)a, an);
	put_lit(c, ",\"port\":");
	put(c, port, pn);
	return 0;
}

/* {AF_INET, 127.0.0.1:80}, {AF_NETLINK}, {12345}: a family by name (or by
 * number when it has none), then its address if snoop shows one */
static int put_sockaddr(struct conv *c)
{
	const char *s;
	size_t n;

	if (scan_token(c, &s, &n) || !(is_decimal(s, n) || (n > 3 && !memcmp(s, "AF_", 3))))
		return -1;
	put_lit(c, "{\"family\":");
	put_token(c, s, n);
	if (skip_blank(c) < 0)
		return -1;
	if (at(c, ',')) {
		c->p++;
		if (skip_blank(c) < 0 || put_address(c))
			return -1;
	}
	return put_close(c, '}');
}

/* {}: fields, or a sockaddr (positional) */
static int put_struct(struct conv *c)
{
	c->p++;
	if (skip_blank(c) < 0)
		return -1;
	if (at(c, '}')) {
		put_lit(c, "{");
		return put_close(c, '}');
	}
	return key_at(c) ? put_fields(c) : put_sockaddr(c);
}

/* ~[RTMIN RT_1], a signal set by what it lacks: one string */
static int put_complement(struct conv *c)
{
	const char *q;

	if (c->end - c->p < 2 || c->p[1] != '[' || !(q = memchr(c->p, ']', (size_t)(c->end - c->p))))
		return put_bare(c);
	c->i += fmt_json_bytes(c->dst + c->i, (const uint8_t *)c->p, (size_t)(q + 1 - c->p));
	c->p = q + 1;
	return 0;
}

static int value(struct conv *c)
{
	int rc;

	if (c->p >= c->end || c->depth >= JSON_DEPTH)
		return -1;
	c->depth++;
	switch (*c->p) {
	case '"': rc = put_literal(c); break;
	case '[': rc = put_list(c); break;
	case '{': rc = put_struct(c); break;
	case '~': rc = put_complement(c); break;
	default: rc = put_bare(c); break;
	}
	c->depth--;
	return rc;
}

/* -y's 3</etc/hostname> (the whole text): 1 if it is one, written; 0 if
 * not; -1 if its path holds an escape fmt_escape does not write. */
static int put_fd(struct conv *c)
{
	const char *lt = c->p;

	while (lt < c->end && *lt >= '0' && *lt <= '9')
		lt++;
	if (lt >= c->end - 1 || *lt != '<' || c->end[-1] != '>' || !is_decimal(c->p, (size_t)(lt - c->p)))
		return 0;
	put_lit(c, "{\"fd\":");
	put(c, c->p, (size_t)(lt - c->p));
	put_lit(c, ",\"path\":");
	if (put_unescaped(c, lt + 1, c->end - 1))
		return -1;
	put_lit(c, "}");
	c->p = c->end;
	return 1;
}

/* The whole text as one value, comments around it dropped */
static int put_whole(struct conv *c)
{
	int fd = put_fd(c);

	if (fd)
		return fd < 0 ? -1 : 0;
	if (skip_blank(c) < 0 || value(c) || skip_blank(c) < 0)
		return -1;
	return c->p == c->end ? 0 : -1;
}

size_t json_from_text(char *dst, const char *text, size_t n, int *cut)
{
	struct conv c = { .p = text, .end = text + n, .dst = dst };

	if (put_whole(&c))
		return fmt_json_bytes(dst, (const uint8_t *)text, n);
	*cut |= c.cut;
	return c.i;
}
