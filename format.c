/* format.c - see format.h. The hot path of the reader: keep it branch-light. */
#include <string.h>
#include "format.h"
#include "syscalls.h"

size_t fmt_udec(char *dst, uint64_t v, unsigned width, char pad)
{
	char tmp[20];
	size_t n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (; width > n; width--)
		dst[i++] = pad;
	while (n)
		dst[i++] = tmp[--n];
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
	char tmp[16];
	size_t n = 0, i = 2;

	do {
		tmp[n++] = xd[v & 0xf];
		v >>= 4;
	} while (v);
	dst[0] = '0';
	dst[1] = 'x';
	while (n)
		dst[i++] = tmp[--n];
	return i;
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

/* RET ERRNO: "-2 ENOENT", "3 -", or "? -" for calls that never return.
 * Returns from -4095 to -1 are errors, as the kernel ABI defines. */
static size_t fmt_result(char *dst, const struct snoop_record *r)
{
	size_t i;
	const char *ename;
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
		ename = errno_name(-r->ret);
		if (ename)
			return i + fmt_str(dst + i, ename, FMT_W_ERRNO);
		memcpy(tmp, "E", 1);
		tmp[1 + fmt_udec(tmp + 1, (uint64_t)-r->ret, 0, ' ')] = '\0';
		return i + fmt_str(dst + i, tmp, FMT_W_ERRNO);
	}
	return i + fmt_str(dst + i, "-", FMT_W_ERRNO);
}

size_t fmt_record(char *dst, const struct snoop_record *r)
{
	size_t i = fmt_timestamp(dst, r->ts_ns);
	int a;

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
	for (a = 0; a < 6; a++) {
		dst[i++] = ' ';
		i += fmt_hex(dst + i, r->args[a]);
	}
	dst[i++] = '\n';
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
