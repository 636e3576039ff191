/* error.c - see error.h. stderr is only written off the record path. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "error.h"

static FILE *out;   /* error_init's copy of fd 2, or NULL: stderr */

int error_init(void)
{
	int fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);

	if (fd < 0 || !(out = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	setvbuf(out, NULL, _IONBF, 0);
	return 0;
}

/* One line, one write: --to's thread may write one while the reader does. */
static void vmsg(const char *fmt, va_list ap, int err)
{
	FILE *to = out ? out : stderr;
	char line[4096];
	int n = snprintf(line, sizeof(line), "snoop: ");

	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (err && n < (int)sizeof(line))
		n += snprintf(line + n, sizeof(line) - (size_t)n, ": %s", strerror(err));
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	fflush(stderr);   /* what libbcc or a -v dump left there comes first */
	fwrite(line, 1, (size_t)n, to);
}

void error_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap, 0);
	va_end(ap);
}

void perror_msg(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap, err);
	va_end(ap);
}

void verbose_msg(int on, const char *fmt, ...)
{
	va_list ap;

	if (!on)
		return;
	va_start(ap, fmt);
	vmsg(fmt, ap, 0);
	va_end(ap);
}
