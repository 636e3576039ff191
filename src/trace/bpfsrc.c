/* bpfsrc.c - see bpfsrc.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "safe_path.h"
#include "trace/bpfsrc.h"

/* The rest of fd into a malloc'd string; NULL with errno set. */
static char *read_all(int fd)
{
	char *buf = NULL, *p;
	size_t len = 0, cap = 0;
	ssize_t n;

	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			p = realloc(buf, cap + 1);
			if (!p) {
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			buf = p;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return NULL;
		}
		if (n == 0) {
			buf[len] = '\0';
			return buf;
		}
		len += (size_t)n;
	}
}

/* A source file opened once, from its directory's fd and without following
 * a link, checked on that fd, and read from it: no path is opened twice,
 * so nothing can be swapped in between the check and the read.
 * 1: read into *text; 0: absent; -1: refused or unreadable (err). */
static int read_source(int dirfd, const char *dir, const char *name, char **text,
		       char *err, size_t errlen)
{
	struct stat st;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	uid_t euid = geteuid();

	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0 && errno == ELOOP)
		return snprintf(err, errlen, "refusing BPF source %s/%s: a symbolic link (install the file itself there)",
				dir, name), -1;
	if (fd < 0 || fstat(fd, &st))
		snprintf(err, errlen, "cannot read BPF source %s/%s: %s", dir, name, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		snprintf(err, errlen, "refusing BPF source %s/%s: not a regular file", dir, name);
	else if (st.st_uid != 0 && st.st_uid != euid)
		snprintf(err, errlen, "refusing BPF source %s/%s: owned by uid %u, who could make root run their code in the kernel (fix: chown root %s/%s)",
			 dir, name, (unsigned)st.st_uid, dir, name);
	else if (st.st_mode & (S_IWGRP | S_IWOTH))
		snprintf(err, errlen, "refusing BPF source %s/%s: writable by non-root users (mode %04o); fix: chmod go-w %s/%s",
			 dir, name, (unsigned)(st.st_mode & 07777), dir, name);
	else if (!(*text = read_all(fd)))
		snprintf(err, errlen, "cannot read BPF source %s/%s: %s", dir, name, strerror(errno));
	else {
		close(fd);
		return 1;
	}
	if (fd >= 0)
		close(fd);
	return -1;
}

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 2);

	if (s) {
		memcpy(s, a, la);
		s[la] = '\n';
		memcpy(s + la + 1, b, lb + 1);
	}
	return s;
}

/* 1: loaded; 0: files absent, or (!strict: an installed copy) not usable
 * (why in src->skipped: the next place is tried); -1: error in err. The
 * directory must be reached through directories only root can change
 * (safe_path.h's trusted chain): anyone who can swap a file in would run
 * code in the kernel as root. */
static int load_dir(const char *dir, int strict, struct bpf_source *src, char *err, size_t errlen)
{
	const char *files[2] = { BPFSRC_HEADER, BPFSRC_PROGRAM };
	char *text[2] = { NULL, NULL }, why[4096];
	int i, rc = 1, dirfd = safe_open_dir(dir, SAFE_TRUSTED_CHAIN, why, sizeof(why));

	if (dirfd < 0 && errno == ENOENT)
		return 0;
	if (dirfd < 0) {
		snprintf(err, errlen, "refusing BPF sources in %s: %s", dir, why);
		if (strict)
			return -1;
		snprintf(src->skipped, sizeof(src->skipped), "%s", err);
		return 0;
	}
	for (i = 0; i < 2 && rc == 1; i++)
		rc = read_source(dirfd, dir, files[i], &text[i], err, errlen);
	close(dirfd);
	if (rc == 1) {
		src->text = join(text[0], text[1]);
		snprintf(src->origin, sizeof(src->origin), "%s", dir);
		src->embedded = 0;
		if (!src->text) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
		}
	} else if (rc == -1 && !strict) {
		snprintf(src->skipped, sizeof(src->skipped), "%s", err);
		rc = 0;
	}
	free(text[0]);
	free(text[1]);
	return rc;
}

int bpfsrc_beside(const char *exe, char *out, size_t len)
{
	const char *rel = BPFSRC_BESIDE + 2;   /* "/share/...": "..", lexically */
	const char *slash = strrchr(exe, '/');
	size_t n;

	/* exe's directory, then its parent */
	for (n = slash ? (size_t)(slash - exe) : 0; n > 0 && exe[n - 1] != '/'; n--)
		;
	if (!slash || n == 0)
		return -1;
	n--;   /* the parent, without its trailing slash ("" is the root) */
	if ((size_t)snprintf(out, len, "%.*s%s", (int)n, exe, rel) >= len)
		return -1;
	return 0;
}

int bpfsrc_load(const char *dir, const char *const *installed, struct bpf_source *src,
		char *err, size_t errlen)
{
	int rc = 0;

	memset(src, 0, sizeof(*src));
	if (dir) {
		rc = load_dir(dir, 1, src, err, errlen);
		if (rc == 0)
			snprintf(err, errlen, "BPF sources not found: %s/%s and %s/%s must exist (or drop --bpf-dir/SNOOP_BPF_DIR to use the embedded copy)",
				 dir, BPFSRC_HEADER, dir, BPFSRC_PROGRAM);
		return rc == 1 ? 0 : -1;
	}
	while (installed && *installed && rc == 0)
		rc = load_dir(*installed++, 0, src, err, errlen);
	if (rc)
		return rc == 1 ? 0 : -1;
	src->text = join(embedded_bpf_header, embedded_bpf_program);
	snprintf(src->origin, sizeof(src->origin), "embedded");
	src->embedded = 1;
	if (!src->text) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

void bpfsrc_free(struct bpf_source *src)
{
	free(src->text);
	src->text = NULL;
}
