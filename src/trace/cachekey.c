/* cachekey.c - see cachekey.h. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <link.h>
#include <bcc/bcc_version.h>
#include "trace/cachekey.h"
#include "trace/compile.h"

int cachekey_add(char **key, size_t *len, const char *name, const char *value)
{
	size_t vlen = strlen(value), room = strlen(name) + vlen + 32;
	char *k = realloc(*key, *len + room);

	if (!k) {
		free(*key);
		*key = NULL;
		return -1;
	}
	*key = k;
	*len += (size_t)snprintf(k + *len, room, "%s=%zu:%s\n", name, vlen, value);
	return 0;
}

/* The first line of a file ("" when unreadable). */
static void first_line(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "re");

	out[0] = '\0';
	if (f && fgets(out, (int)len, f))
		out[strcspn(out, "\n")] = '\0';
	if (f)
		fclose(f);
}

/* A system file as the file it resolves to, of what size and time: a
 * package upgrade replacing it is another key. 0, or -1 when absent. */
static int file_identity(const char *path, char *out, size_t len)
{
	char real[PATH_MAX];
	struct stat st;

	if (!realpath(path, real) || stat(real, &st)) {
		snprintf(out, len, "%s: none", path);
		return -1;
	}
	snprintf(out, len, "%s %lld %lld.%09ld", real, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
		 st.st_mtim.tv_nsec);
	return 0;
}

/* The libbcc.so.0 a compile will dlopen (trace/compile.h), found without
 * loading it (LLVM's start-up is what a hit saves): $LD_LIBRARY_PATH's
 * directories, then /usr/local/lib (first in ld.so.conf), the directory
 * the loader took libbpf.so.1 from (the distribution's library directory),
 * then /lib and /usr/lib. snoop's own binary is not part of it: libbcc_bpf
 * is linked in statically but only loads what the compiler made. */
static void libbcc_identity(char *out, size_t len)
{
	const char *fixed[] = { "/usr/local/lib", NULL, "/lib", "/usr/lib" };
	char dirs[4096], path[PATH_MAX], libbpf_dir[PATH_MAX], *dir, *save = NULL, *slash;
	const char *env = getenv("LD_LIBRARY_PATH");
	struct link_map *lm = NULL;
	void *h = dlopen("libbpf.so.1", RTLD_LAZY | RTLD_NOLOAD);   /* linked: already there */
	size_t i;

	snprintf(dirs, sizeof(dirs), "%s", env ? env : "");
	for (dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(path, sizeof(path), "%s/%s", dir, COMPILE_LIBBCC);
		if (file_identity(path, out, len) == 0)
			return;
	}
	if (h && dlinfo(h, RTLD_DI_LINKMAP, &lm) == 0 && lm && lm->l_name) {
		snprintf(libbpf_dir, sizeof(libbpf_dir), "%s", lm->l_name);
		if ((slash = strrchr(libbpf_dir, '/'))) {
			*slash = '\0';
			fixed[1] = libbpf_dir;
		}
	}
	if (h)
		dlclose(h);
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", fixed[i] ? fixed[i] : "/nonexistent", COMPILE_LIBBCC);
		if (file_identity(path, out, len) == 0)
			return;
	}
	snprintf(out, len, "%s: not found", COMPILE_LIBBCC);
}

enum { RELEASE, VERSION, CPUS, LIBBCC, LIBBCC_FILE, KSOURCE, KSUFFIX, BUILD, SOURCE, AUTOCONF, UAPI_VERSION, N };

/* The kernel's side: what the headers libbcc finds say (trace/kheaders.h's
 * tree: build/, source/ or $BCC_KERNEL_SOURCE) and what the kernel is. */
static void kernel_values(const struct utsname *u, char v[N][PATH_MAX + 128])
{
	const char *env;
	char path[PATH_MAX];

	snprintf(v[RELEASE], sizeof(v[0]), "%s", u->release);
	snprintf(v[VERSION], sizeof(v[0]), "%s", u->version);
	first_line("/sys/devices/system/cpu/possible", v[CPUS], sizeof(v[0]));   /* the perf array's size */
	snprintf(v[KSOURCE], sizeof(v[0]), "%s", (env = getenv("BCC_KERNEL_SOURCE")) ? env : "");
	if (env)
		file_identity(env, v[KSOURCE], sizeof(v[0]));
	snprintf(v[KSUFFIX], sizeof(v[0]), "%s", (env = getenv("BCC_KERNEL_MODULES_SUFFIX")) ? env : "");
	snprintf(path, sizeof(path), "/lib/modules/%s/build", u->release);
	file_identity(path, v[BUILD], sizeof(v[0]));
	snprintf(path, sizeof(path), "/lib/modules/%s/source", u->release);
	file_identity(path, v[SOURCE], sizeof(v[0]));
	/* the configuration and version the headers were made for */
	snprintf(path, sizeof(path), "/lib/modules/%s/build/include/generated/autoconf.h", u->release);
	file_identity(path, v[AUTOCONF], sizeof(v[0]));
	snprintf(path, sizeof(path), "/lib/modules/%s/build/include/generated/uapi/linux/version.h", u->release);
	file_identity(path, v[UAPI_VERSION], sizeof(v[0]));
}

char *cachekey_make(const char *text, const char **cflags, size_t *len)
{
	static const char *const names[N] = {
		"release", "version", "possible_cpus", "libbcc", "libbcc_file", "BCC_KERNEL_SOURCE",
		"BCC_KERNEL_MODULES_SUFFIX", "build", "source", "autoconf.h", "version.h",
	};
	static char v[N][PATH_MAX + 128];   /* 45 KiB: not on the stack; one caller at a time */
	struct utsname u;
	char *key = NULL;
	int i, rc;

	*len = 0;
	if (uname(&u))
		memset(&u, 0, sizeof(u));
	kernel_values(&u, v);
	snprintf(v[LIBBCC], sizeof(v[0]), "%s", LIBBCC_VERSION);
	libbcc_identity(v[LIBBCC_FILE], sizeof(v[0]));
	rc = cachekey_add(&key, len, "text", text);
	while (!rc && cflags && *cflags)
		rc = cachekey_add(&key, len, "cflag", *cflags++);
	for (i = 0; i < N && !rc; i++)
		rc = cachekey_add(&key, len, names[i], v[i]);
	return rc ? NULL : key;
}
