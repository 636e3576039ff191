/* format.c - see format.h. The hot path of the reader: keep it branch-light. */
#include <string.h>
#include "format.h"
#include "syscalls.h"
#include "decode.h"

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

size_t fmt_udec(char *dst, uint64_t v, unsigned width, char pad)
{
	char tmp[20], *p = digits(tmp + sizeof(tmp), v);
	size_t n = (size_t)(tmp + sizeof(tmp) - p), i = 0;

	for (; width > n; width--)
		dst[i++] = pad;
	while (p < tmp + sizeof(tmp))   /* at most 20 bytes: a call costs more */
		dst[i++] = *p++;
	return i;
}

size_t fmt_sdec(char *dst, int64_t v, unsigned width)
{
	/* magnitude as unsigned: -INT64_MIN does not fit in int64_t */
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char digits[20];
	size_t n = fmt_udec(digits, m, 0, ' '), len = n + (v < 0), i = 0;

	for (; width > len; width--)
		dst[i++] = ' ';
	if (v < 0)
		dst[i++] = '-';
	memcpy(dst + i, digits, n);
	return i + n;
}

size_t fmt_hex(char *dst, uint64_t v)
{
	static const char xd[] = "0123456789abcdef";
	/* the length first (from the leading zeros), then the digits in place:
	 * no temporary and no reversing copy */
	int n = v ? (64 - __builtin_clzll(v) + 3) / 4 : 1, k;

	dst[0] = '0';
	dst[1] = 'x';
	for (k = n + 1; k >= 2; k--) {
		dst[k] = xd[v & 0xf];
		v >>= 4;
	}
	return (size_t)n + 2;
}

size_t fmt_str(char *dst, const char *src, unsigned width)
{
	size_t n = strlen(src), i;

	memcpy(dst, src, n);
	for (i = n; i < width; i++)
		dst[i] = ' ';
	return i;
}

size_t fmt_timestamp(char *dst, uint64_t ns)
{
	size_t i = fmt_udec(dst, ns / 1000000000u, 10, '0');

	dst[i++] = '.';
	return i + fmt_udec(dst + i, ns % 1000000000u, 9, '0');
}

/* "sys_NNN" for numbers the table does not know (newer kernels). */
static size_t fmt_syscall(char *dst, int32_t nr)
{
	const char *name = syscall_name(nr);
	char tmp[32];
	size_t n;

	if (name)
		return fmt_str(dst, name, FMT_W_NAME);
	memcpy(tmp, "sys_", 4);
	n = 4 + fmt_sdec(tmp + 4, nr, 0);
	tmp[n] = '\0';
	return fmt_str(dst, tmp, FMT_W_NAME);
}

/* "ENOENT", or "E4000" for an error number without a name. ret is in the
 * error range -4095..-1. */
static size_t fmt_errno(char *dst, int64_t ret)
{
	const char *ename = errno_name(-ret);

	if (ename)
		return fmt_str(dst, ename, 0);
	dst[0] = 'E';
	return 1 + fmt_udec(dst + 1, (uint64_t)-ret, 0, ' ');
}

/* RET ERRNO: "-2 ENOENT", "3 -", or "? -" for calls that never return.
 * Returns from -4095 to -1 are errors, as the kernel ABI defines. */
static size_t fmt_result(char *dst, const struct snoop_record *r)
{
	size_t i;
	char tmp[24];

	if (r->flags & SNOOP_REC_NORETURN) {
		i = fmt_str(dst, "", FMT_W_RET - 1);
		dst[i++] = '?';
		dst[i++] = ' ';
		return i + fmt_str(dst + i, "-", FMT_W_ERRNO);
	}
	i = fmt_sdec(dst, r->ret, FMT_W_RET);
	dst[i++] = ' ';
	if (r->ret < 0 && r->ret >= -4095) {
		tmp[fmt_errno(tmp, r->ret)] = '\0';
		return i + fmt_str(dst + i, tmp, FMT_W_ERRNO);
	}
	return i + fmt_str(dst + i, "-", FMT_W_ERRNO);
}

/* Fields 1-7: time pid tid syscall ret errno duration. */
static size_t fmt_prefix(char *dst, const struct snoop_record *r, const char *time_text)
{
	size_t i = time_text ? fmt_str(dst, time_text, 0) : fmt_timestamp(dst, r->ts_ns);

	dst[i++] = ' ';
	i += fmt_udec(dst + i, r->pid, FMT_W_PID, ' ');
	dst[i++] = ' ';
	i += fmt_udec(dst + i, r->tid, FMT_W_PID, ' ');
	dst[i++] = ' ';
	i += fmt_syscall(dst + i, r->nr);
	dst[i++] = ' ';
	i += fmt_result(dst + i, r);
	dst[i++] = ' ';
	if (r->flags & SNOOP_REC_NORETURN) {
		i += fmt_str(dst + i, "", FMT_W_DUR - 1);
		dst[i++] = '?';
	} else {
		i += fmt_udec(dst + i, r->duration_ns, FMT_W_DUR, ' ');
	}
	return i;
}

size_t fmt_record(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len, int raw)
{
	return fmt_record_at(dst, r, data, len, raw, NULL);
}

size_t fmt_record_at(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
		     int raw, const char *time_text)
{
	size_t i = fmt_prefix(dst, r, time_text);
	int a;

	if (raw) {
		for (a = 0; a < 6; a++) {
			dst[i++] = ' ';
			i += fmt_hex(dst + i, r->args[a]);
		}
	} else {
		dst[i++] = ' ';
		i += decode_args(dst + i, r, data, len);
	}
	dst[i++] = '\n';
	return i;
}

/* JSON strings of names and comm: printable ASCII stays, the rest is \u00XX */
static size_t fmt_json_str(char *dst, const char *s, size_t max)
{
	static const char xd[] = "0123456789abcdef";
	size_t i = 0, k;

	dst[i++] = '"';
	for (k = 0; k < max && s[k]; k++) {
		unsigned char c = (unsigned char)s[k];

		if (c == '"' || c == '\\') {
			dst[i++] = '\\';
			dst[i++] = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			i += fmt_str(dst + i, "\\u00", 0);
			dst[i++] = xd[c >> 4];
			dst[i++] = xd[c & 0xf];
		} else {
			dst[i++] = (char)c;
		}
	}
	dst[i++] = '"';
	return i;
}

/* A string literal: its length is known when compiling, the copy inlined. */
#define fmt_key(dst, lit) (memcpy((dst), (lit), sizeof(lit) - 1), sizeof(lit) - 1)

size_t fmt_record_json(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
		       const char *time_text)
{
	const char *name = syscall_name(r->nr), *ename;
	char tmp[24];
	size_t i = fmt_key(dst, "{\"type\":\"syscall\",\"time\":\"");
	int a;

	i += time_text ? fmt_str(dst + i, time_text, 0) : fmt_timestamp(dst + i, r->ts_ns);
	i += fmt_key(dst + i, "\",\"pid\":");
	i += fmt_udec(dst + i, r->pid, 0, ' ');
	i += fmt_key(dst + i, ",\"tid\":");
	i += fmt_udec(dst + i, r->tid, 0, ' ');
	i += fmt_key(dst + i, ",\"comm\":");
	i += fmt_json_str(dst + i, r->comm, sizeof(r->comm));
	i += fmt_key(dst + i, ",\"syscall\":");
	if (!name) {
		memcpy(tmp, "sys_", 4);
		tmp[4 + fmt_sdec(tmp + 4, r->nr, 0)] = '\0';
		name = tmp;
	}
	i += fmt_json_str(dst + i, name, 64);
	i += fmt_key(dst + i, ",\"nr\":");
	i += fmt_sdec(dst + i, r->nr, 0);
	if (r->flags & SNOOP_REC_NORETURN) {
		i += fmt_key(dst + i, ",\"ret\":null,\"errno\":null,\"duration_ns\":null");
	} else {
		i += fmt_key(dst + i, ",\"ret\":");
		i += fmt_sdec(dst + i, r->ret, 0);
		i += fmt_key(dst + i, ",\"errno\":");
		if (r->ret < 0 && r->ret >= -4095) {
			ename = tmp;
			tmp[fmt_errno(tmp, r->ret)] = '\0';
			i += fmt_json_str(dst + i, ename, 32);
		} else {
			i += fmt_key(dst + i, "null");
		}
		i += fmt_key(dst + i, ",\"duration_ns\":");
		i += fmt_udec(dst + i, r->duration_ns, 0, ' ');
	}
	i += fmt_key(dst + i, ",\"args\":");
	i += decode_args_json(dst + i, r, data, len);
	/* registers as hex strings: JSON numbers lose bits past 2^53 */
	i += fmt_key(dst + i, ",\"raw_args\":[");
	for (a = 0; a < 6; a++) {
		if (a)
			dst[i++] = ',';
		dst[i++] = '"';
		i += fmt_hex(dst + i, r->args[a]);
		dst[i++] = '"';
	}
	i += fmt_key(dst + i, "]}\n");
	return i;
}

size_t fmt_lost_json(char *dst, uint64_t lost, int cpu)
{
	size_t i = fmt_str(dst, "{\"type\":\"lost\",\"count\":", 0);

	i += fmt_udec(dst + i, lost, 0, ' ');
	i += fmt_str(dst + i, ",\"cpu\":", 0);
	i += fmt_udec(dst + i, (uint64_t)cpu, 0, ' ');
	i += fmt_str(dst + i, "}\n", 0);
	return i;
}

size_t fmt_lost(char *dst, uint64_t lost, int cpu)
{
	size_t i = fmt_str(dst, "# lost ", 0);

	i += fmt_udec(dst + i, lost, 0, ' ');
	i += fmt_str(dst + i, " records on cpu ", 0);
	i += fmt_udec(dst + i, (uint64_t)cpu, 0, ' ');
	dst[i++] = '\n';
	return i;
}

/* ---- the header ---- */

/* The header's fields, in order, for both syntaxes. */
static size_t each_header_field(char *dst, const struct run_info *ri, int raw,
				size_t (*kv)(char *dst, const char *key, const char *val))
{
	const char *fields[][2] = {
		{ "boot_realtime", ri->boot_realtime }, { "host", ri->host },
		{ "kernel", ri->kernel }, { "arch", ri->arch }, { "pid", ri->pid },
		{ "args", raw ? "raw" : "decoded" },
		{ "cmdline", ri->cmdline },   /* last: it runs to the end of the line */
	};
	size_t i = 0, k;

	for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
		i += kv(dst + i, fields[k][0], fields[k][1]);
	return i;
}

static size_t fmt_kv(char *dst, const char *key, const char *val)
{
	size_t i = fmt_str(dst, " ", 0);

	i += fmt_str(dst + i, key, 0);
	dst[i++] = '=';
	return i + fmt_str(dst + i, val, 0);
}

size_t fmt_header(char *dst, const struct run_info *ri, int raw)
{
	size_t i = fmt_str(dst, "# snoop format=2 clock=monotonic", 0);

	i += each_header_field(dst + i, ri, raw, fmt_kv);
	i += fmt_str(dst + i, raw ? "\n# time pid tid syscall ret errno duration_ns arg0 arg1 arg2 arg3 arg4 arg5\n"
				  : "\n# time pid tid syscall ret errno duration_ns (args)\n", 0);
	return i;
}

static size_t fmt_json_kv(char *dst, const char *key, const char *val)
{
	size_t i = fmt_str(dst, ",\"", 0);

	i += fmt_str(dst + i, key, 0);
	i += fmt_str(dst + i, "\":", 0);
	return i + fmt_json_str(dst + i, val, 4096);
}

size_t fmt_header_json(char *dst, const struct run_info *ri, int raw)
{
	size_t i = fmt_str(dst, "{\"type\":\"header\",\"format\":2,\"clock\":\"monotonic\"", 0);

	i += each_header_field(dst + i, ri, raw, fmt_json_kv);
	return i + fmt_str(dst + i, "}\n", 0);
}

int header_field(const char *text, const char *key, char *out, size_t outlen)
{
	size_t klen = strlen(key), n;
	const char *p = text, *end;

	for (; (p = strstr(p, key)); p += klen) {
		if ((p == text || p[-1] == ' ') && p[klen] == '=')
			break;
	}
	if (!p || !outlen)
		return -1;
	p += klen + 1;
	/* cmdline is last and may hold spaces: it runs to the end of the line */
	end = strcmp(key, "cmdline") == 0 ? strchrnul(p, '\n') : p + strcspn(p, " \n");
	n = (size_t)(end - p) < outlen - 1 ? (size_t)(end - p) : outlen - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}
