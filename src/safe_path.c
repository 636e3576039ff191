/* safe_path.c - see safe_path.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "safe_path.h"

#define MAX_LINKS 40   /* the kernel's own limit (ELOOP) */

struct walk {
	unsigned flags;
	uid_t euid;
	int links;       /* symbolic links followed so far */
	char *err;
	size_t errlen;
};

/* err from fmt; errno e after it: EPERM for what snoop refuses, the
 * system's error for what failed (callers word their message by it). */
static int say(struct walk *w, int e, const char *fmt, va_list ap)
{
	vsnprintf(w->err, w->errlen, fmt, ap);
	errno = e;
	return -1;
}

__attribute__((format(printf, 2, 3)))
static int refuse(struct walk *w, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = say(w, EPERM, fmt, ap);
	va_end(ap);
	return rc;
}

/* "SHOWN: strerror(errno)" */
static int fail(struct walk *w, const char *shown)
{
	int e = errno;

	snprintf(w->err, w->errlen, "%s: %s", shown, strerror(e));
	errno = e;
	return -1;
}

static int trusted_owner(const struct walk *w, uid_t uid)
{
	return uid == 0 || uid == w->euid;
}

/* shown: the path up to this directory, as the user wrote it (or as a
 * link's text gave it). */
static int check_dir(struct walk *w, const struct stat *st, const char *shown)
{
	if (!S_ISDIR(st->st_mode))
		return refuse(w, "%s is not a directory", shown);
	if (!(w->flags & SAFE_TRUSTED_CHAIN))
		return 0;
	if (!trusted_owner(w, st->st_uid))
		return refuse(w, "directory %s belongs to uid %u, who could replace what is in it (fix: chown root %s, or use a directory root owns)",
			      shown, (unsigned)st->st_uid, shown);
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) && (st->st_mode & S_ISVTX))
		return refuse(w, "directory %s is writable by group or others (mode %04o), who could replace what is in it (fix: use a directory only root can write, such as one under /var/cache or /run)",
			      shown, (unsigned)(st->st_mode & 07777));
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return refuse(w, "directory %s is writable by group or others (mode %04o), who could replace what is in it (fix: chmod go-w %s, or use a directory only root can write)",
			      shown, (unsigned)(st->st_mode & 07777), shown);
	return 0;
}

static int walk_path(struct walk *w, int at, const char *path, size_t ncomp, unsigned nofollow_last);

/* The link open as linkfd (an O_PATH fd, owner checked on it: no swap in
 * between), found in dirfd: the directory its text names. */
static int follow(struct walk *w, int dirfd, int linkfd, const struct stat *st, const char *shown)
{
	char target[PATH_MAX];
	ssize_t n;

	if (!trusted_owner(w, st->st_uid))
		return refuse(w, "%s is a symbolic link of uid %u, and snoop follows only root's (give the path it points to)",
			      shown, (unsigned)st->st_uid);
	if (++w->links > MAX_LINKS)
		return refuse(w, "%s: too many levels of symbolic links", shown);
	n = readlinkat(linkfd, "", target, sizeof(target) - 1);
	if (n <= 0)
		return fail(w, shown);
	target[n] = '\0';
	return walk_path(w, dirfd, target, (size_t)-1, 0);
}

/* dirfd's entry name (one component), a directory: its O_PATH fd. */
static int step(struct walk *w, int dirfd, const char *name, const char *shown, int nofollow)
{
	int fd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC), next;
	struct stat st;

	if (fd < 0 || fstat(fd, &st)) {
		fail(w, shown);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		next = nofollow ? refuse(w, "%s is a symbolic link (give the path it points to)", shown)
				: follow(w, dirfd, fd, &st, shown);
		close(fd);
		return next;
	}
	if (check_dir(w, &st, shown)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int start_fd(struct walk *w, int at, const char *path)
{
	struct stat st;
	int fd = path[0] == '/' ? open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)
				: at >= 0 ? fcntl(at, F_DUPFD_CLOEXEC, 0)
					  : open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);

	const char *shown = path[0] == '/' ? "/" : ".";

	if (fd < 0)
		return fail(w, shown);
	if (fstat(fd, &st) ? fail(w, shown) : check_dir(w, &st, shown)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The first ncomp components of path (all: (size_t)-1), from at (-1: the
 * working directory) unless path is absolute. */
static int walk_path(struct walk *w, int at, const char *path, size_t ncomp, unsigned nofollow_last)
{
	char name[NAME_MAX + 1], shown[PATH_MAX];
	const char *p = path, *end;
	size_t len, k = 0;
	int fd = start_fd(w, at, path), next;

	while (fd >= 0 && k < ncomp) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		end = strchrnul(p, '/');
		len = (size_t)(end - p);
		if (len > NAME_MAX) {
			close(fd);
			errno = ENAMETOOLONG;
			return fail(w, path);
		}
		memcpy(name, p, len);
		name[len] = '\0';
		snprintf(shown, sizeof(shown), "%.*s", (int)(end - path), path);
		p = end;
		if (strcmp(name, ".") == 0)
			continue;   /* not a component: "LINK/." is LINK */
		k++;
		next = step(w, fd, name, shown, nofollow_last && k == ncomp);
		close(fd);
		fd = next;
	}
	return fd;
}

static size_t components(const char *path)
{
	size_t n = 0;
	const char *p;

	for (p = path; *p; p++)
		if (*p != '/' && (p == path || p[-1] == '/') && !(p[0] == '.' && (p[1] == '/' || !p[1])))
			n++;
	return n;
}

int safe_open_dir(const char *path, unsigned flags, char *err, size_t errlen)
{
	struct walk w = { flags, geteuid(), 0, err, errlen };

	err[0] = '\0';
	if (!*path)
		return refuse(&w, "an empty path");
	return walk_path(&w, -1, path, components(path), !!(flags & SAFE_NOFOLLOW_LAST));
}

int safe_open_parent(const char *path, unsigned flags, char *last, size_t lastlen,
		     char *err, size_t errlen)
{
	struct walk w = { flags, geteuid(), 0, err, errlen };
	size_t n = components(path), len;
	const char *base = strrchr(path, '/');

	err[0] = '\0';
	base = base ? base + 1 : path;
	len = strlen(base);
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return refuse(&w, "%s names a directory, not a file", *path ? path : "\"\"");
	if (len >= lastlen || len > NAME_MAX) {
		errno = ENAMETOOLONG;
		return fail(&w, path);
	}
	memcpy(last, base, len + 1);
	return walk_path(&w, -1, path, n - 1, 0);
}

int safe_reopen(int fd, int flags)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	return open(proc, flags | O_CLOEXEC);
}
