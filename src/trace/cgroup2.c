/* cgroup2.c - see cgroup2.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "trace/cgroup2.h"

/* mountinfo writes ' ', '\t', '\n' and '\\' in paths as \ooo */
static int unescape(const char *s, size_t n, char *out, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\\' && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3') {
			c = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		}
		if (o + 1 >= len)
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

/* field k (0-based, space-separated) of a line: its start and length */
static const char *field(const char *line, const char *eol, int k, size_t *n)
{
	const char *p = line, *e;

	while (k-- > 0) {
		p = memchr(p, ' ', (size_t)(eol - p));
		if (!p)
			return NULL;
		p++;
	}
	e = memchr(p, ' ', (size_t)(eol - p));
	*n = (size_t)((e ? e : eol) - p);
	return p;
}

int cgroup2_mount_parse(const char *mountinfo, char *out, size_t len)
{
	const char *line, *eol, *dash, *root, *mnt;
	size_t rn, mn;
	int found = 0;

	for (line = mountinfo; *line; line = *eol ? eol + 1 : eol) {
		eol = strchr(line, '\n');
		if (!eol)
			eol = line + strlen(line);
		/* the optional fields end at " - "; the file system type follows */
		dash = strstr(line, " - ");
		if (!dash || dash > eol || strncmp(dash + 3, "cgroup2 ", 8))
			continue;
		if (!(root = field(line, eol, 3, &rn)) || !(mnt = field(line, eol, 4, &mn)))
			continue;
		if (found && !(rn == 1 && *root == '/'))
			continue;   /* keep the first; a whole hierarchy beats a part */
		if (unescape(mnt, mn, out, len))
			return -1;
		if (rn == 1 && *root == '/')
			return 0;
		found = 1;
	}
	return found ? 0 : -1;
}

int cgroup2_path_parse(const char *proc_cgroup, char *out, size_t len)
{
	const char *line, *eol;
	size_t n;

	for (line = proc_cgroup; *line; line = *eol ? eol + 1 : eol) {
		eol = strchr(line, '\n');
		if (!eol)
			eol = line + strlen(line);
		if (strncmp(line, "0::/", 4))
			continue;
		n = (size_t)(eol - line - 3);
		if (n >= len)
			return -1;
		memcpy(out, line + 3, n);
		out[n] = '\0';
		return 0;
	}
	return -1;
}

/* a /proc file's text, NUL-terminated, as much as fits (these are read
 * in pieces, each read a whole number of lines); 0, or -1 with errno */
static int read_text(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t have = 0;
	ssize_t n = 1;

	if (fd < 0)
		return -1;
	while (have + 1 < len && (n = read(fd, buf + have, len - 1 - have)) > 0)
		have += (size_t)n;
	close(fd);
	buf[have] = '\0';
	return n < 0 ? -1 : 0;
}

/* /proc/self/mountinfo, whole: a container host's can be long */
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

int cgroup2_mount(char *out, size_t len, char *why, size_t whylen)
{
	char *text = read_mountinfo();
	int rc;

	if (!text)
		return snprintf(why, whylen, "cannot read /proc/self/mountinfo: %s", strerror(errno)), -1;
	rc = cgroup2_mount_parse(text, out, len);
	free(text);
	if (rc)
		snprintf(why, whylen, "no cgroup2 file system is mounted (/proc/self/mountinfo)");
	return rc;
}

int cgroup2_path_of(pid_t pid, char *out, size_t len, char *why, size_t whylen)
{
	char path[64], text[8192];

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	if (read_text(path, text, sizeof(text)))
		return snprintf(why, whylen, "cannot read %s: %s", path, strerror(errno)), -1;
	if (cgroup2_path_parse(text, out, len))
		return snprintf(why, whylen, "%s has no cgroup v2 line (0::)", path), -1;
	return 0;
}
