/* fdio.c - see fdio.h. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include "fdio.h"

int fd_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

void *fd_read_whole(int fd, size_t size)
{
	unsigned char *buf = malloc(size ? size : 1);
	size_t got = 0;
	ssize_t n;

	while (buf && got < size) {
		n = pread(fd, buf + got, size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			errno = n < 0 ? errno : EIO;
			return NULL;
		}
		got += (size_t)n;
	}
	return buf;
}
