/* kallsyms.h - a /proc/kallsyms narrowed to the symbols libbcc's compile
 * asks for. libbcc (0.18 to 0.37, frontends/clang/b_frontend_action.cc)
 * reads all of /proc/kallsyms (~120k lines, each into a sorted table and
 * a hash) once per translation, twice per compile, ~20% of snoop's
 * compile, only to learn whether bpf_probe_read_kernel and
 * bpf_probe_read_user exist. The compile child gives it a /proc/kallsyms
 * holding the real lines of those symbols, as far as it read, and no
 * others: libbcc's answer, and so the program, are the same. It reads
 * only until each symbol has been seen as kernel text (a fifth of the
 * file here), which is a line libbcc takes in every version.
 *
 * The narrowed file is bound over /proc/kallsyms in a mount namespace of
 * the calling process's own (unshare), which ends with it: call it only
 * in the short-lived compile child, never in the tracer.
 */
#ifndef SNOOP_KALLSYMS_H
#define SNOOP_KALLSYMS_H

#include <stddef.h>

/* The kernel symbols the compile of libbcc MAJOR.MINOR looks up by name,
 * NULL-ended; NULL when that version's lookups were not checked (its
 * compile then reads the whole file). */
const char *const *kallsyms_libbcc_lookups(int major, int minor);

/* The lines of text (a /proc/kallsyms) whose symbol is one of names,
 * as they are, appended to out (*len bytes so far, *cap allocated).
 * 0, or -1 out of memory. */
int kallsyms_filter(const char *text, size_t textlen, const char *const *names, char **out, size_t *len, size_t *cap);

/* Does copy (lines as kallsyms_filter keeps them) hold, for each of
 * names, a line of a kernel text symbol (type t or T, a nonzero
 * address)? Then reading further can change nothing libbcc learns. */
int kallsyms_all_found(const char *copy, size_t len, const char *const *names);

/* The lines of names from fd (a /proc/kallsyms) appended to copy as
 * kallsyms_filter keeps them, read size bytes at a time until each name
 * has a line of kernel text (kallsyms_all_found): the kernel formats the
 * file as it is read (~120k lines, ~50 ms here), and these come a fifth
 * of the way in. A name with no such line is looked for to the end.
 * 0, or -1 with why (a read error, a line longer than size). */
int kallsyms_read_named(int fd, size_t size, const char *const *names, char **copy, size_t *n, size_t *cap,
			char *why, size_t whylen);

/* This process's /proc/kallsyms narrowed to names' lines (see above).
 * 0, or -1 with why; then /proc/kallsyms is whole for it, as before. */
int kallsyms_narrow(const char *const *names, char *why, size_t whylen);

#endif
