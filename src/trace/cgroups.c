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
#include "trace/cgroups.h"

/* One space-separated field of a mountinfo line, escapes undone: the
 * field's end in line, or NULL when out does not hold it. */
static const char *field(const char *p, char *out, size_t len)
{
	size_t n = 0;

	while (*p && *p != ' ' && *p != '\n') {
		char c = *p++;

		if (c == '\\' && p[0] >= '0' && p[0] <= '3' && p[1] >= '0' && p[1] <= '7' && p[2] >= '0' && p[2] <= '7') {
			c = (char)((p[0] - '0') << 6 | (p[1] - '0') << 3 | (p[2] - '0'));
			p += 3;
		}
		if (n + 1 >= len)
			return NULL;
		out[n++] = c;
	}
	out[n] = '\0';
	return p;
}

static const char *skip_field(const char *p)
{
	while (*p == ' ')
		p++;
	while (*p && *p != ' ' && *p != '\n')
		p++;
	while (*p == ' ')
		p++;
	return p;
}

/* A line: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE ... */
static int cgroup2_line(const char *line, char *mount, size_t len)
{
	const char *p = line, *dash;
	char type[16];
	int i;

	for (i = 0; i < 4; i++)
		p = skip_field(p);
	dash = strstr(p, " - ");
	if (!dash || !field(dash + 3, type, sizeof(type)) || strcmp(type, "cgroup2") != 0)
		return 0;
	return field(p, mount, len) != NULL && mount[0] == '/';
}

int cgroups_mount_in(const char *mountinfo, char *mount, size_t len)
{
	const char *line = mountinfo, *nl;

	while (line && *line) {
		if (cgroup2_line(line, mount, len))
			return 0;
		nl = strchr(line, '\n');
		line = nl ? nl + 1 : NULL;
	}
	return -1;
}

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

/* /proc/self/mountinfo, whole (its size is not known before reading) */
static char *read_mountinfo(void)
{
	size_t cap = 1 << 16, used = 0;
	char *text = malloc(cap), *bigger;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	while (f && text && (used += fread(text + used, 1, cap - 1 - used, f)) == cap - 1 && cap < (1 << 26)) {
		if (!(bigger = realloc(text, cap *= 2)))
			break;
		text = bigger;
	}
	if (!f || !text || ferror(f)) {
		free(text);
		text = NULL;
	} else {
		text[used] = '\0';
	}
	if (f)
		fclose(f);
	return text;
}

static int read_mount(char *mount, size_t len, char *err, size_t errlen)
{
	char *text = read_mountinfo();
	int rc;

	if (!text)
		return snprintf(err, errlen, "--cgroup: /proc/self/mountinfo: %s", strerror(errno)), -1;
	rc = cgroups_mount_in(text, mount, len);
	free(text);
	if (rc)
		snprintf(err, errlen, "--cgroup: no cgroup2 file system is mounted (none in /proc/self/mountinfo): "
			 "mount one (mount -t cgroup2 none /sys/fs/cgroup/unified) or use -p, -n");
	return rc;
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
