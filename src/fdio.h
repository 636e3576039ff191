/* fdio.h - whole reads and writes on a file descriptor. */
#ifndef SNOOP_FDIO_H
#define SNOOP_FDIO_H

#include <stddef.h>

/* Writes all n bytes of buf to fd, again after a signal or a short write:
 * 0, or -1 with errno. */
int fd_write_all(int fd, const void *buf, size_t n);
/* The first size bytes of fd (a file), read from offset 0 whatever its
 * position, into a malloc'd buffer: NULL with errno (EIO when it is
 * shorter). */
void *fd_read_whole(int fd, size_t size);

#endif
