/* kheaders.c - see kheaders.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include "trace/kheaders.h"

#define KCONFIG "include/linux/kconfig.h"
#define COMPILE_FAILED "BPF compile failed: "

static int has(const char *root, const char *path, mode_t type)
{
	char full[8192];
	struct stat st;

	if ((size_t)snprintf(full, sizeof(full), "%s%s", root, path) >= sizeof(full))
		return 0;
	return stat(full, &st) == 0 && (!type || (st.st_mode & S_IFMT) == type);
}

/* The tree libbcc picks, as its loader does. */
static void tree(const char *root, const char *release, const struct kheaders_env *env, struct kheaders *kh)
{
	char build[4096], source[4096];

	if (env->source) {
		snprintf(kh->path, sizeof(kh->path), "%s", env->source);
		kh->from_env = 1;
		return;
	}
	snprintf(build, sizeof(build), "/lib/modules/%s/build", release);
	snprintf(source, sizeof(source), "/lib/modules/%s/source", release);
	if (has(root, build, S_IFDIR) && has(root, source, S_IFDIR))
		snprintf(kh->path, sizeof(kh->path), "%s", source);
	else
		snprintf(kh->path, sizeof(kh->path), "/lib/modules/%s/%s", release, env->suffix ? env->suffix : "build");
}

enum kheaders_state kheaders_find(const char *root, const char *release, const struct kheaders_env *env,
				  struct kheaders *kh)
{
	static const char *const module[] = { "", ".xz", ".zst", ".gz" };
	char path[8192];
	size_t i;

	memset(kh, 0, sizeof(*kh));
	snprintf(kh->release, sizeof(kh->release), "%s", release);
	tree(root, release, env, kh);
	snprintf(path, sizeof(path), "%s/" KCONFIG, kh->path);
	if (has(root, path, S_IFREG))
		return KHEADERS_FOUND;
	kh->path_exists = has(root, kh->path, S_IFDIR);
	/* the kernel's own copy: extracted before, or in sysfs */
	snprintf(path, sizeof(path), "%s/kheaders-%s", env->tmpdir ? env->tmpdir : "/tmp", release);
	if (has(root, path, S_IFDIR) || has(root, "/sys/kernel/kheaders.tar.xz", 0))
		return KHEADERS_FOUND;
	for (i = 0; i < sizeof(module) / sizeof(module[0]); i++) {
		snprintf(path, sizeof(path), "/lib/modules/%s/kernel/kernel/kheaders.ko%s", release, module[i]);
		if (has(root, path, S_IFREG))
			return KHEADERS_MODULE;
	}
	return KHEADERS_MISSING;
}

void kheaders_explain(const struct kheaders *kh, char *out, size_t len)
{
	const char *why = kh->path_exists ? " has no " KCONFIG : "";

	if (kh->from_env)
		snprintf(out, len, "kernel headers for %s not found (BCC_KERNEL_SOURCE=%s%s): point BCC_KERNEL_SOURCE at this kernel's header tree, or unset it",
			 kh->release, kh->path, kh->path_exists ? why : " does not exist");
	else
		snprintf(out, len, "kernel headers for %s not found (%s%s): install them with 'apt-get install linux-headers-%s' or run 'sh src/tools/setup.sh' in snoop's source tree",
			 kh->release, kh->path, why, kh->release);
}

int kheaders_failure(const char *diag)
{
	/* its attempts at the kernel's own copy, a tree that is not there, and
	 * the first header it includes from the tree */
	return strstr(diag, "modprobe") || strstr(diag, "kheaders") || strstr(diag, "Unable to find kernel headers") ||
	       strstr(diag, "chdir(") || strstr(diag, "kconfig.h' file not found");
}

static enum kheaders_state find_here(struct kheaders *kh)
{
	struct kheaders_env env = { getenv("BCC_KERNEL_SOURCE"), getenv("BCC_KERNEL_MODULES_SUFFIX"), getenv("TMPDIR") };
	struct utsname u;

	if (uname(&u))
		snprintf(u.release, sizeof(u.release), "?");
	return kheaders_find("", u.release, &env, kh);
}

int kheaders_check(char *err, size_t errlen)
{
	struct kheaders kh;
	char why[8192];

	if (find_here(&kh) != KHEADERS_MISSING)
		return 0;
	kheaders_explain(&kh, why, sizeof(why));
	snprintf(err, errlen, COMPILE_FAILED "%s", why);
	return -1;
}

void kheaders_explain_failure(char *err, size_t errlen)
{
	const char *diag = strncmp(err, COMPILE_FAILED, strlen(COMPILE_FAILED)) ? err : err + strlen(COMPILE_FAILED);
	char why[8192], libbcc[1024];
	struct kheaders kh;

	if (!kheaders_failure(diag))
		return;
	snprintf(libbcc, sizeof(libbcc), "%s", diag);
	find_here(&kh);
	kheaders_explain(&kh, why, sizeof(why));
	snprintf(err, errlen, COMPILE_FAILED "%s (libbcc: %s)", why, libbcc);
}
