/* bpfsrc.h - which BPF source text snoop compiles.
 *
 * The installed copy (SNOOP_BPF_DIR, readable and adjustable by the admin) is
 * preferred; when it is missing, the copy embedded at build time is used.
 * A directory named with --bpf-dir or $SNOOP_BPF_DIR must hold the sources.
 * As root, a source file (or its directory) writable by non-root users is
 * refused: compiling it would let them run code in the kernel.
 */
#ifndef SNOOP_BPFSRC_H
#define SNOOP_BPFSRC_H

#include <stddef.h>
#include <sys/types.h>

#define BPFSRC_HEADER "snoop.h"
#define BPFSRC_PROGRAM "snoop.bpf.c"

extern const char embedded_bpf_header[];
extern const char embedded_bpf_program[];

struct bpf_source {
	char *text;          /* header + program, malloc'd */
	char origin[4096];   /* directory, or "embedded" */
	int embedded;
};

/* dir: explicit directory or NULL; installed: the default directory.
 * euid decides whether permissions are checked. 0 or -1 with err set. */
int bpfsrc_load(const char *dir, const char *installed, uid_t euid,
		struct bpf_source *src, char *err, size_t errlen);
/* 0 if path may be compiled by a process with this euid; else -1 and err. */
int bpfsrc_check_safe(const char *path, uid_t euid, char *err, size_t errlen);
void bpfsrc_free(struct bpf_source *src);

#endif
