/* fdtable.h - what each traced process's file descriptors are, for -y
 * (strace's 3</etc/hostname>, 4<TCP:[127.0.0.1:8080->127.0.0.1:5555]>).
 *
 * Kept by the reader from the records themselves: open*, close, dup*,
 * fcntl's F_DUPFD, pipe*, socket, connect, bind, accept*, getsockname,
 * chdir (relative paths), fork (the child inherits: at the fork's own
 * record, else at the call's), execve (close-on-exec fds go), the
 * process's end. What a process had before snoop saw it comes
 * from a seed callback (the trace side reads /proc/PID/fd); a replay has
 * none. No cost in the kernel, and none in the reader without -y.
 *
 * One preallocated open-addressing table: no malloc per record.
 */
#ifndef SNOOP_FDTABLE_H
#define SNOOP_FDTABLE_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "bpf/snoop.h"

#define FDTABLE_SLOTS 65536      /* fds of all traced processes together (17 MiB) */
#define FD_TEXT_MAX 120          /* a path longer than this keeps its end */
#define FD_CWD (-100)            /* AT_FDCWD: the entry holding a process's cwd */

#define FD_ADDR_MAX 64           /* a socket's local or remote address */

/* A file's path, or a socket's protocol and the addresses seen for it */
struct fd_entry {
	uint32_t pid;             /* 0: free */
	int32_t fd;               /* FD_SEEDED: the process was seeded */
	uint8_t cloexec, socket;
	uint8_t len, local_len, remote_len;
	char text[FD_TEXT_MAX];
	char local[FD_ADDR_MAX], remote[FD_ADDR_MAX];   /* a pty master's local: its pts number (TIOCGPTN) */
};
#define FD_SEEDED INT32_MIN

struct fdtable;
/* Fills t with what process pid has open now (fdtable_set); called once
 * per process, the first time one of its fds is asked for. */
typedef void (*fd_seed_fn)(void *ctx, struct fdtable *t, uint32_t pid);

struct fdtable {
	struct fd_entry *slots;
	size_t size, used;        /* size: a power of two */
	fd_seed_fn seed;
	void *seed_ctx;
	/* 0: every traced child comes with a fork record (fdtable_fork), so a
	 * fork call copies nothing (a child never traced would keep its copy:
	 * no end record frees it). Set to 0 by the first fork record, or from
	 * the start by a live run whose kernel makes them. */
	int copy_at_fork_call;
	char scratch[FD_TEXT_MAX + 2 * FD_ADDR_MAX + 16];   /* a socket's text */
};

/* slots: how many fds in all (rounded up to a power of two). -1 if out of memory. */
int fdtable_init(struct fdtable *t, size_t slots, fd_seed_fn seed, void *ctx);
void fdtable_free(struct fdtable *t);

/* The text of pid's fd, or NULL; *len its length. A socket's is
 * PROTO:[LOCAL->REMOTE] with what is known of both. */
const char *fdtable_get(struct fdtable *t, uint32_t pid, int fd, size_t *len);
void fdtable_set(struct fdtable *t, uint32_t pid, int fd, const char *text, size_t len, int cloexec);
void fdtable_del(struct fdtable *t, uint32_t pid, int fd);

/* pid needs no seed (its fds were set already). */
void fdtable_seeded(struct fdtable *t, uint32_t pid);
/* child was forked by parent (a SNOOP_REC_FORK record, or a capture's
 * frame of type 4): it starts with a copy of parent's fds. */
void fdtable_fork(struct fdtable *t, uint32_t parent, uint32_t child);
/* Sets in bits (a -e bitmap) the calls fdtable_learn learns from: with -e,
 * -y traces them too and shows only what -e chose. */
void fdtable_syscalls(uint64_t *bits);
/* Does the record's line name fds the call made (pipe's, socketpair's
 * pair, written in its arguments)? Then the table learns from it before
 * the line, not after. */
int fdtable_learns_first(const struct snoop_record *r);
/* What the record (with its memory items) changes. */
void fdtable_learn(struct fdtable *t, const struct snoop_record *r, const uint8_t *data, size_t len);

#endif
