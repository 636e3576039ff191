/* kheaders.h - are the kernel headers libbcc compiles against there?
 *
 * libbcc (0.26 to this day, src/cc/frontends/clang/loader.cc) takes the
 * header tree from $BCC_KERNEL_SOURCE, else /lib/modules/RELEASE/source
 * when build/ and source/ are both directories there, else
 * /lib/modules/RELEASE/build (or the $BCC_KERNEL_MODULES_SUFFIX
 * directory); the tree is used when it has include/linux/kconfig.h.
 * Otherwise it falls back on the kernel's own copy (CONFIG_IKHEADERS): a
 * $TMPDIR/kheaders-RELEASE directory extracted earlier,
 * /sys/kernel/kheaders.tar.xz, or the kheaders module it loads with
 * modprobe. When none of them is there the compile fails with "sh: 1:
 * modprobe: not found", a chdir error and a line on standard output. snoop
 * looks the same way before compiling and says what is missing and how to
 * install it.
 */
#ifndef SNOOP_KHEADERS_H
#define SNOOP_KHEADERS_H

#include <stddef.h>

/* What libbcc reads from the environment (NULL when unset). */
struct kheaders_env {
	const char *source;   /* BCC_KERNEL_SOURCE */
	const char *suffix;   /* BCC_KERNEL_MODULES_SUFFIX */
	const char *tmpdir;   /* TMPDIR */
};

struct kheaders {
	char release[256];
	char path[4096];      /* the tree libbcc looks in */
	int from_env;         /* path is $BCC_KERNEL_SOURCE */
	int path_exists;      /* path is a directory (without kconfig.h) */
};

enum kheaders_state {
	KHEADERS_FOUND,       /* the tree, or the kernel's own copy */
	KHEADERS_MODULE,      /* only the kheaders module: libbcc will modprobe it */
	KHEADERS_MISSING,
};

/* Looks where libbcc would for the headers of kernel release, every path
 * under root ("" for the real system; tests give a directory). */
enum kheaders_state kheaders_find(const char *root, const char *release, const struct kheaders_env *env,
				  struct kheaders *kh);
/* The one-line reason and fix: "kernel headers for R not found (...): install ...". */
void kheaders_explain(const struct kheaders *kh, char *out, size_t len);
/* Does a libbcc diagnostic say it found no kernel headers? */
int kheaders_failure(const char *diag);

/* This system (uname, the environment): 0 when libbcc will find headers
 * (or may, through modprobe); -1 with the reason and fix in err. */
int kheaders_check(char *err, size_t errlen);
/* After a failed compile whose diagnostic is in err: when it is about the
 * headers, err becomes the reason and fix (libbcc's line kept at the end). */
void kheaders_explain_failure(char *err, size_t errlen);

#endif
