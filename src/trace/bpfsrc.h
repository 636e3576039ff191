/* bpfsrc.h - which BPF source text snoop compiles.
 *
 * A directory named with --bpf-dir or $SNOOP_BPF_DIR must hold the sources.
 * Otherwise an installed copy (readable and adjustable by the admin) is
 * preferred: first the one of the prefix snoop is installed in
 * (PREFIX/bin/snoop reads PREFIX/share/snoop/bpf, wherever `make install`
 * put it), then the build's default (SNOOP_BPF_DIR); when none is there,
 * the copy embedded at build time is used.
 * A directory is used only when every directory on its way is root's (or
 * snoop's effective user's) and writable by no one else, and each file is
 * root's, not writable by others, and read through the one fd it was checked
 * on (safe_path.h): compiling another user's text would let them run code in
 * the kernel. An explicit directory that fails this is an error; an
 * installed one is passed over (the next place, or the embedded copy) and
 * -v says why.
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
	char skipped[4096];  /* why an installed copy was passed over, or "" */
};

/* The sources' directory relative to the binary, from bin/ to share/. */
#define BPFSRC_BESIDE "../share/snoop/bpf"

/* dir: explicit directory or NULL; installed: the directories of installed
 * copies, NULL-ended, the first one holding both files wins. 0 or -1 with
 * err set. */
int bpfsrc_load(const char *dir, const char *const *installed, struct bpf_source *src,
		char *err, size_t errlen);
/* The sources of the prefix a binary at exe (an absolute path, as
 * /proc/self/exe gives it) is installed in: /usr/bin/snoop ->
 * /usr/share/snoop/bpf. 0, or -1 when exe has no parent directory or out
 * is too small. */
int bpfsrc_beside(const char *exe, char *out, size_t len);
void bpfsrc_free(struct bpf_source *src);

#endif
