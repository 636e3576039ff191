/* bpfcache.h - compiled BPF programs kept on disk, so that a start whose
 * program, compiler flags, kernel and libbcc were seen before loads the
 * object instead of running clang (and never loads LLVM).
 *
 * One file an entry, named after a hash of its key (trace/cachekey.h); the entry holds the
 * whole key, compared byte for byte, and a checksum (trace/bpfobj.h). An
 * entry that is damaged, truncated or made for another key is ignored
 * (with a -v line) and written anew. Entries are written to a temporary
 * file and renamed, so concurrent snoops never read half an entry.
 *
 * What is loaded into the kernel as root must be writable by root only: the
 * directory and each entry must belong to root (or the effective user) and
 * not be writable by group or others, nor be a symbolic link, and the
 * directory's parent must not let others replace it. Otherwise snoop
 * refuses to start, saying how to fix it.
 */
#ifndef SNOOP_BPFCACHE_H
#define SNOOP_BPFCACHE_H

#include <stddef.h>
#include <sys/stat.h>
#include "trace/bpfobj.h"

#ifndef SNOOP_CACHE_DIR
#define SNOOP_CACHE_DIR "/var/cache/snoop"
#endif

struct bpfcache {
	int dirfd;
	char dir[4096];
	int verbose;
};

enum bpfcache_state { BPFCACHE_OK, BPFCACHE_UNUSABLE, BPFCACHE_REFUSED };

/* Opens dir, creating it (0700) when missing. OK; UNUSABLE (cannot be
 * created or read: snoop compiles, as with --no-cache; the reason is a -v
 * line); REFUSED (unsafe: the one-line error and fix in err). */
enum bpfcache_state bpfcache_open(struct bpfcache *c, const char *dir, int verbose, char *err, size_t errlen);
void bpfcache_close(struct bpfcache *c);

/* The entry for key into o: OK (a hit); UNUSABLE (a miss, why in -v);
 * REFUSED (an unsafe entry: err). */
enum bpfcache_state bpfcache_get(struct bpfcache *c, const void *key, size_t keylen, struct bpfobj *o,
				 char *err, size_t errlen);
/* Stores o under key: 0; -1 after a -v line (the next start compiles). */
int bpfcache_put(struct bpfcache *c, const void *key, size_t keylen, const struct bpfobj *o);
/* The entry's path for key (for -v and the tests). */
void bpfcache_path(const struct bpfcache *c, const void *key, size_t keylen, char *out, size_t len);
/* Why st (of path) is unsafe for euid, in err with a fix; 0 when safe. */
int bpfcache_unsafe(const struct stat *st, const char *path, uid_t euid, char *err, size_t errlen);

#endif
