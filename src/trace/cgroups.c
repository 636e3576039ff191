/* cgroups.c - see cgroups.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include "trace/cgroup2.h"
#include "trace/cgroups.h"

static int under(const char *mount, const char *dir)
{
	size_t n = strlen(mount);

	return strncmp(dir, mount, n) == 0 && (dir[n] == '\0' || dir[n] == '/' || (n == 1 && mount[0] == '/'));
}

int cgroups_path(const char *mount, const char *dir, int exists, char *path, size_t len)
{
	int n;

	if (dir[0] == '/' && (under(mount, dir) || exists))
		n = snprintf(path, len, "%s", dir);
	else
		n = snprintf(path, len, "%s%s%s", mount, dir[0] == '/' || mount[strlen(mount) - 1] == '/' ? "" : "/",
			     dir);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int read_mount(char *mount, size_t len, char *err, size_t errlen)
{
	char why[256];

	if (cgroup2_mount(mount, len, why, sizeof(why)) == 0)
		return 0;
	snprintf(err, errlen, "--cgroup: %s: mount one (mount -t cgroup2 none /sys/fs/cgroup/unified) or use -p, -n", why);
	return -1;
}

/* dir opened, if it is a cgroup v2 directory; -1 with err */
static int open_one(const char *mount, const char *dir, char *err, size_t errlen)
{
	struct stat st;
	struct statfs fs;
	char path[4096];
	int fd;

	if (cgroups_path(mount, dir, dir[0] == '/' && stat(dir, &st) == 0, path, sizeof(path)))
		return snprintf(err, errlen, "--cgroup=%s: the path is too long", dir), -1;
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "--cgroup=%s: %s: %s (give a directory of the cgroup2 mount %s, absolute or relative to it)",
			 dir, path, strerror(errno), mount);
		return -1;
	}
	if (fstatfs(fd, &fs) || fs.f_type != CGROUP2_SUPER_MAGIC) {
		snprintf(err, errlen, "--cgroup=%s: %s is not a cgroup v2 directory (the cgroup2 mount is %s; cgroup v1 "
			 "hierarchies cannot be traced by cgroup)", dir, path, mount);
		close(fd);
		return -1;
	}
	return fd;
}

int cgroups_open(const char *const *dirs, int n, int *fds, char *err, size_t errlen)
{
	char mount[4096];
	int i;

	if (n > 0 && read_mount(mount, sizeof(mount), err, errlen))
		return -1;
	for (i = 0; i < n; i++) {
		if ((fds[i] = open_one(mount, dirs[i], err, errlen)) < 0) {
			while (i-- > 0)
				close(fds[i]);
			return -1;
		}
	}
	return 0;
}
