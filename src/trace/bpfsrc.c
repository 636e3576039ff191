/* bpfsrc.c - see bpfsrc.h. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "trace/bpfsrc.h"

static int unsafe(const struct stat *st, uid_t euid)
{
	/* root must own it and nobody else may write it */
	return euid == 0 && (st->st_uid != 0 || (st->st_mode & (S_IWGRP | S_IWOTH)));
}

int bpfsrc_check_safe(const char *path, uid_t euid, char *err, size_t errlen)
{
	char dir[4096];
	struct stat st;

	if (stat(path, &st)) {
		snprintf(err, errlen, "BPF source %s: %s", path, strerror(errno));
		return -1;
	}
	if (unsafe(&st, euid)) {
		snprintf(err, errlen, "refusing BPF source %s: writable by non-root users (owner uid %u, mode %04o); fix: chown root %s && chmod go-w %s",
			 path, (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777), path, path);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	if (stat(dirname(dir), &st) == 0 && unsafe(&st, euid) && !(st.st_mode & S_ISVTX)) {
		snprintf(err, errlen, "refusing BPF source %s: its directory is writable by non-root users (mode %04o); fix: chmod go-w %s",
			 path, (unsigned)(st.st_mode & 07777), dir);
		return -1;
	}
	return 0;
}

/* Whole file into a malloc'd string; NULL with errno set. */
static char *read_file(const char *path)
{
	char *buf = NULL, *p;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			p = realloc(buf, cap + 1);
			if (!p)
				break;
			buf = p;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			if (n < 0) {
				free(buf);
				return NULL;
			}
			buf[len] = '\0';
			return buf;
		}
		len += (size_t)n;
	}
	free(buf);
	close(fd);
	errno = ENOMEM;
	return NULL;
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

/* 1: loaded; 0: files absent, or unreadable when !strict (try the next
 * place); -1: error in err. An unsafe file is an error either way: falling
 * back would hide a planted file from the admin. */
static int load_dir(const char *dir, int strict, uid_t euid, struct bpf_source *src,
		    char *err, size_t errlen)
{
	const char *files[2] = { BPFSRC_HEADER, BPFSRC_PROGRAM };
	char path[2][4096];
	char *text[2] = { NULL, NULL };
	int i, rc = 1;

	for (i = 0; i < 2; i++) {
		snprintf(path[i], sizeof(path[i]), "%s/%s", dir, files[i]);
		if (access(path[i], F_OK))
			return 0;
	}
	for (i = 0; i < 2 && rc == 1; i++) {
		if (bpfsrc_check_safe(path[i], euid, err, errlen))
			rc = -1;
		else if (!(text[i] = read_file(path[i]))) {
			snprintf(err, errlen, "cannot read BPF source %s: %s", path[i], strerror(errno));
			rc = strict ? -1 : 0;
		}
	}
	if (rc == 1) {
		src->text = join(text[0], text[1]);
		snprintf(src->origin, sizeof(src->origin), "%s", dir);
		src->embedded = 0;
		if (!src->text) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
		}
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

int bpfsrc_load(const char *dir, const char *const *installed, uid_t euid,
		struct bpf_source *src, char *err, size_t errlen)
{
	int rc = 0;

	memset(src, 0, sizeof(*src));
	if (dir) {
		rc = load_dir(dir, 1, euid, src, err, errlen);
		if (rc == 0)
			snprintf(err, errlen, "BPF sources not found: %s/%s and %s/%s must exist (or drop --bpf-dir/SNOOP_BPF_DIR to use the embedded copy)",
				 dir, BPFSRC_HEADER, dir, BPFSRC_PROGRAM);
		return rc == 1 ? 0 : -1;
	}
	while (installed && *installed && rc == 0)
		rc = load_dir(*installed++, 0, euid, src, err, errlen);
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
