/* bpfcache.c - see bpfcache.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fdio.h"
#include "error.h"
#include "safe_path.h"
#include "trace/bpfcache.h"

#define ENTRY_MAX (64u << 20)

int bpfcache_unsafe(const struct stat *st, const char *path, uid_t euid, char *err, size_t errlen)
{
	if (st->st_uid != 0 && st->st_uid != euid)
		snprintf(err, errlen, "BPF cache %s: owned by uid %u, not root: its programs would run in the kernel (fix: rm -rf %s, or --no-cache)",
			 path, (unsigned)st->st_uid, path);
	else if (st->st_mode & (S_IWGRP | S_IWOTH))
		snprintf(err, errlen, "BPF cache %s: writable by group or others (mode %04o): its programs would run in the kernel (fix: chmod go-w %s)",
			 path, (unsigned)(st->st_mode & 07777), path);
	else
		return 0;
	return -1;
}

/* dir without its trailing slashes ("LINK/" is "LINK", refused as a link
 * too), in buf. */
static const char *without_trailing_slashes(const char *dir, char *buf, size_t len)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	snprintf(buf, len, "%.*s", (int)n, dir);
	return buf;
}

/* The cache directory, created 0700 if missing, reached through
 * directories only root can change (safe_path.h): its entries are loaded
 * into the kernel as they are. */
enum bpfcache_state bpfcache_open(struct bpfcache *c, const char *dir, int verbose, char *err, size_t errlen)
{
	char path[PATH_MAX], last[NAME_MAX + 1], why[4096];
	struct stat st;
	int parent;

	c->dirfd = -1;
	c->verbose = verbose;
	snprintf(c->dir, sizeof(c->dir), "%s", dir);
	dir = without_trailing_slashes(dir, path, sizeof(path));
	if (strcmp(dir, "/") == 0) {
		verbose_msg(verbose, "BPF cache: not used: / is not a cache directory");
		return BPFCACHE_UNUSABLE;
	}
	parent = safe_open_parent(dir, SAFE_TRUSTED_CHAIN, last, sizeof(last), why, sizeof(why));
	if (parent < 0 && errno == EPERM) {
		snprintf(err, errlen, "BPF cache %s: %s (or --no-cache)", c->dir, why);
		return BPFCACHE_REFUSED;
	}
	if (parent < 0) {
		verbose_msg(verbose, "BPF cache: not used: %s", why);
		return BPFCACHE_UNUSABLE;
	}
	if (mkdirat(parent, last, 0700) && errno != EEXIST) {
		verbose_msg(verbose, "BPF cache: not used: cannot create %s: %s", c->dir, strerror(errno));
		close(parent);
		return BPFCACHE_UNUSABLE;
	}
	c->dirfd = openat(parent, last, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (c->dirfd < 0 && (errno == ELOOP || (errno == ENOTDIR && fstatat(parent, last, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
						  S_ISLNK(st.st_mode)))) {
		snprintf(err, errlen, "BPF cache %s: a symbolic link (fix: give its target with --cache-dir, or --no-cache)", c->dir);
		close(parent);
		return BPFCACHE_REFUSED;
	}
	close(parent);
	if (c->dirfd < 0 || fstat(c->dirfd, &st)) {
		verbose_msg(verbose, "BPF cache: not used: %s: %s", c->dir, strerror(errno));
		bpfcache_close(c);
		return BPFCACHE_UNUSABLE;
	}
	if (bpfcache_unsafe(&st, c->dir, geteuid(), err, errlen)) {
		bpfcache_close(c);
		return BPFCACHE_REFUSED;
	}
	return BPFCACHE_OK;
}

void bpfcache_close(struct bpfcache *c)
{
	if (c->dirfd >= 0)
		close(c->dirfd);
	c->dirfd = -1;
}

void bpfcache_path(const struct bpfcache *c, const void *key, size_t keylen, char *out, size_t len)
{
	snprintf(out, len, "%s/%016llx.bpfobj", c->dir,
		 (unsigned long long)bpfobj_checksum(key, keylen, BPFOBJ_SEED));
}

static const char *base(const char *path)
{
	return strrchr(path, '/') + 1;
}

enum bpfcache_state bpfcache_get(struct bpfcache *c, const void *key, size_t keylen, struct bpfobj *o,
				 char *err, size_t errlen)
{
	char path[4200], why[256];
	enum bpfcache_state rc = BPFCACHE_UNUSABLE;
	struct stat st;
	void *buf;
	int fd;

	bpfobj_init(o);
	bpfcache_path(c, key, keylen, path, sizeof(path));
	fd = openat(c->dirfd, base(path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP) {
			snprintf(err, errlen, "BPF cache entry %s: a symbolic link (fix: rm %s)", path, path);
			return BPFCACHE_REFUSED;
		}
		verbose_msg(c->verbose, "BPF cache: miss (%s: %s)", path, strerror(errno));
		return BPFCACHE_UNUSABLE;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > ENTRY_MAX) {
		verbose_msg(c->verbose, "BPF cache: ignoring %s: not a regular file of at most %u bytes", path, ENTRY_MAX);
	} else if (bpfcache_unsafe(&st, path, geteuid(), err, errlen)) {
		rc = BPFCACHE_REFUSED;
	} else if (!(buf = fd_read_whole(fd, (size_t)st.st_size))) {
		verbose_msg(c->verbose, "BPF cache: ignoring %s: %s", path, strerror(errno));
	} else {
		switch (bpfobj_decode(buf, (size_t)st.st_size, key, keylen, o, why, sizeof(why))) {
		case BPFOBJ_OK:
			rc = BPFCACHE_OK;
			break;
		case BPFOBJ_OTHER_KEY:
			verbose_msg(c->verbose, "BPF cache: miss (%s is stale: %s)", path, why);
			break;
		case BPFOBJ_DAMAGED:
			verbose_msg(c->verbose, "BPF cache: ignoring damaged entry %s: %s; it is rebuilt", path, why);
			break;
		}
		free(buf);
	}
	close(fd);
	return rc;
}

int bpfcache_put(struct bpfcache *c, const void *key, size_t keylen, const struct bpfobj *o)
{
	char path[4200], tmp[64];
	size_t len = 0;
	void *buf;
	int fd, ok;

	bpfcache_path(c, key, keylen, path, sizeof(path));
	if (o->uncacheable[0]) {
		verbose_msg(c->verbose, "BPF cache: not stored: not cacheable: %s", o->uncacheable);
		return -1;
	}
	if (!(buf = bpfobj_encode(o, key, keylen, &len))) {
		verbose_msg(c->verbose, "BPF cache: not stored: out of memory");
		return -1;
	}
	snprintf(tmp, sizeof(tmp), ".tmp-%d-%s", (int)getpid(), base(path));
	fd = openat(c->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	ok = fd >= 0 && fchmod(fd, 0600) == 0 && fd_write_all(fd, buf, len) == 0;
	if (fd >= 0 && close(fd))
		ok = 0;
	/* the rename replaces an entry at once: a reader sees the old or the new */
	ok = ok && renameat(c->dirfd, tmp, c->dirfd, base(path)) == 0;
	if (ok)
		verbose_msg(c->verbose, "BPF cache: stored %s (%zu bytes)", path, len);
	else {
		verbose_msg(c->verbose, "BPF cache: not stored: %s/%s: %s", c->dir, tmp, strerror(errno));
		if (fd >= 0)
			unlinkat(c->dirfd, tmp, 0);
	}
	free(buf);
	return ok ? 0 : -1;
}
