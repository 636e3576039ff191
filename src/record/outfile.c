/* outfile.c - see outfile.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "error.h"
#include "record/outfile.h"
#include "safe_path.h"

/* What snoop will not do ("refusing"), or what failed: one line, and -2
 * (handled: no retry). */
__attribute__((format(printf, 2, 3)))
static int refuse_output(const char *path, const char *fmt, ...)
{
	char why[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	error_msg("refusing to write to %s: %s", path, why);
	return -2;
}

static int output_failed_open(const char *path, const char *why)
{
	error_msg("cannot open output file %s: %s", path, why);
	return -2;
}

static const char *file_kind(mode_t mode)
{
	return S_ISFIFO(mode) ? "FIFO" : S_ISSOCK(mode) ? "socket" : S_ISCHR(mode) ? "character device"
	     : S_ISBLK(mode) ? "block device" : "special file";
}

/* The checked O_PATH fd pfd opened for writing. A FIFO is opened without
 * blocking (a FIFO nobody reads would hold snoop, and the command, at the
 * open), then made blocking again as a file output is. */
static int open_checked(int pfd, const struct stat *st, const char *path)
{
	int fifo = S_ISFIFO(st->st_mode);
	int fd = safe_reopen(pfd, O_WRONLY | O_NOCTTY | (fifo ? O_NONBLOCK : 0));

	if (fd < 0 && fifo && errno == ENXIO)
		return output_failed_open(path, "no process reads this FIFO (start its reader first)");
	if (fd < 0)
		return output_failed_open(path, strerror(errno));
	if (fifo && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)) {
		close(fd);
		return output_failed_open(path, strerror(errno));
	}
	return fd;
}

/* A file that exists already: its O_PATH fd checked, then opened for
 * writing as that same inode. A FIFO, socket or device is another user's
 * way to read the trace unless root owns it (and, a FIFO or socket, only
 * root may open it); a regular file must be ours and readable by no one
 * else; neither may have another name (a hard link made elsewhere). */
static int open_existing(int dirfd, const char *last, const char *path, int *stale)
{
	struct stat st;
	int pfd = openat(dirfd, last, O_PATH | O_NOFOLLOW | O_CLOEXEC), fd;

	if (pfd < 0)
		return -1;   /* errno: ENOENT when it went away, ELOOP never (O_PATH) */
	if (fstat(pfd, &st)) {
		close(pfd);
		return -1;
	}
	if (S_ISLNK(st.st_mode))
		fd = refuse_output(path, "it is a symbolic link, and snoop never follows one (give the path it points to)");
	else if (S_ISDIR(st.st_mode))
		fd = refuse_output(path, "it is a directory (give a file name)");
	else if (!S_ISREG(st.st_mode) && st.st_uid != 0)
		fd = refuse_output(path, "it is a %s of uid %u, who could read the trace (only root's FIFOs and devices are written; remove it or choose another file)",
				   file_kind(st.st_mode), (unsigned)st.st_uid);
	else if ((S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) && (st.st_mode & 066))
		fd = refuse_output(path, "it is a %s that group or others may open (mode %04o), and so read the trace (fix: chmod go-rw %s)",
				   file_kind(st.st_mode), (unsigned)(st.st_mode & 07777), path);
	else if (S_ISREG(st.st_mode) && st.st_uid != geteuid())
		fd = refuse_output(path, "it belongs to uid %u, not to you (remove it or choose another file)", (unsigned)st.st_uid);
	else if (S_ISREG(st.st_mode) && (st.st_mode & 066))
		fd = refuse_output(path, "group or others may read or write it (mode %04o), and traces hold secrets (fix: chmod go-rw %s, or remove it)",
				   (unsigned)(st.st_mode & 07777), path);
	else if (st.st_nlink > 1 && !S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
		fd = refuse_output(path, "it has %lu hard links, and another name could be another user's (remove it or choose another file)",
				   (unsigned long)st.st_nlink);
	else
		fd = open_checked(pfd, &st, path);
	close(pfd);
	if (fd >= 0)
		*stale = S_ISREG(st.st_mode) && st.st_size > 0;
	return fd < 0 ? -2 : fd;
}

int outfile_open(const char *path, int *stale)
{
	char last[NAME_MAX + 1], why[4096];
	int fd, dirfd, tries;

	if ((dirfd = safe_open_parent(path, 0, last, sizeof(last), why, sizeof(why))) < 0) {
		if (errno == EPERM)
			refuse_output(path, "%s", why);
		else
			output_failed_open(path, why);
		return -1;
	}
	/* created, or found: a file removed in between is tried again */
	for (tries = 0, fd = -1; fd == -1 && tries < 3; tries++) {
		fd = openat(dirfd, last, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0) {
			if (fchmod(fd, 0600)) {
				close(fd);
				fd = output_failed_open(path, strerror(errno));
			}
		} else if (errno == EEXIST) {
			fd = open_existing(dirfd, last, path, stale);
			if (fd == -1 && errno != ENOENT)
				fd = output_failed_open(path, strerror(errno));
		} else {
			fd = output_failed_open(path, strerror(errno));
		}
	}
	close(dirfd);
	return fd < 0 ? -1 : fd;
}
