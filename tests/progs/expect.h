/* expect.h - the probes' expectations (tests/progs): the records snoop
 * must show, written by the probe itself to the fd named by
 * SYSPROBE_EXPECT, with writev(2), which no expectation mentions. Included
 * by each probe program (one file each, no library). */
#ifndef SNOOP_PROBE_EXPECT_H
#define SNOOP_PROBE_EXPECT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/uio.h>

/* One expected record line to the SYSPROBE_EXPECT fd, if there is one. */
static void expect(const char *fmt, ...)
{
	const char *fd = getenv("SYSPROBE_EXPECT");
	char line[2048];
	struct iovec iov = { line, 0 };
	va_list ap;
	int n;

	if (!fd)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof(line) - 1)
		abort();
	line[n] = '\n';
	iov.iov_len = (size_t)n + 1;
	if (writev(atoi(fd), &iov, 1) != (ssize_t)iov.iov_len)
		abort();
}

#endif
