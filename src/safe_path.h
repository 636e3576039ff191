/* safe_path.h - paths opened as root without following what another user
 * could have planted.
 *
 * snoop runs as root and writes traces (which hold secrets), compiles BPF
 * source and loads cached programs into the kernel. A path like
 * /tmp/d/out.txt, where another user made /tmp/d a symbolic link to /root,
 * must not reach /root. So a path is walked one component at a time, each
 * opened from its directory's fd with O_NOFOLLOW: a rename between a check
 * and a use cannot change what is reached. A symbolic link on the way is
 * followed only when root (or snoop's own effective user) owns it: the
 * system's /var/run -> /run works, a link another user made does not.
 *
 * SAFE_TRUSTED_CHAIN asks more, for what ends up in the kernel (BPF
 * sources, the compiled-program cache): every directory walked must be
 * owned by root (or the effective user) and writable by nobody else,
 * sticky bit or not.
 */
#ifndef SNOOP_SAFE_PATH_H
#define SNOOP_SAFE_PATH_H

#include <stddef.h>

#define SAFE_TRUSTED_CHAIN 0x1   /* every directory root's and writable by no one else */
#define SAFE_NOFOLLOW_LAST 0x2   /* safe_open_dir: the last component may not be a link */

/* The directory path names, as an O_PATH|O_DIRECTORY fd. -1 with the
 * reason in err ("/tmp/d is a symbolic link of uid 1000 ...") and errno
 * EPERM for what these rules refuse, or the system's error. Trailing
 * slashes name the same directory: "LINK/" is refused as "LINK" is. */
int safe_open_dir(const char *path, unsigned flags, char *err, size_t errlen);

/* The directory holding path's last component, as safe_open_dir gives it,
 * and that component's name in last. -1 with err when the path ends in
 * "/", ".", ".." or is too long. */
int safe_open_parent(const char *path, unsigned flags, char *last, size_t lastlen,
		     char *err, size_t errlen);

/* An O_PATH fd (of any file) opened again with flags, the same inode:
 * through /proc/self/fd, so the check made on fd holds for the result. */
int safe_reopen(int fd, int flags);

#endif
