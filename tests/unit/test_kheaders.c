/* Where libbcc finds kernel headers, looked up as it does, in a fake root;
 * the message that says what to install. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "trace/kheaders.h"

#define R "6.18.44"

static char root[] = "/tmp/snoop-kheaders-XXXXXX";
static struct kheaders kh;
static const struct kheaders_env no_env;

/* mkdir -p root/path, or a file there when it ends in kconfig.h or .ko* */
static void make(const char *path)
{
	char full[512], *p;
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	for (p = full + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(full, 0755);
		*p = '/';
	}
	if (strstr(path, "kconfig.h") || strstr(path, ".ko") || strstr(path, ".tar.xz")) {
		f = fopen(full, "w");
		cr_assert_not_null(f, "%s", full);
		fclose(f);
	} else {
		mkdir(full, 0755);
	}
}

static void setup(void)
{
	strcpy(root, "/tmp/snoop-kheaders-XXXXXX");
	cr_assert_not_null(mkdtemp(root));
}

static void teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(kheaders, .init = setup, .fini = teardown);

Test(kheaders, build_tree)
{
	make("/lib/modules/" R "/build/include/linux/kconfig.h");
	cr_expect_eq(kheaders_find(root, R, &no_env, &kh), KHEADERS_FOUND);
	cr_expect_str_eq(kh.path, "/lib/modules/" R "/build");
}

/* Debian's split: build/ has the config, source/ the headers */
Test(kheaders, source_tree_when_both_exist)
{
	make("/lib/modules/" R "/build");
	make("/lib/modules/" R "/source/include/linux/kconfig.h");
	cr_expect_eq(kheaders_find(root, R, &no_env, &kh), KHEADERS_FOUND);
	cr_expect_str_eq(kh.path, "/lib/modules/" R "/source");
}

Test(kheaders, missing_tree)
{
	char msg[1024];

	make("/lib/modules/" R);
	cr_expect_eq(kheaders_find(root, R, &no_env, &kh), KHEADERS_MISSING);
	cr_expect_str_eq(kh.path, "/lib/modules/" R "/build");
	cr_expect_not(kh.from_env);
	kheaders_explain(&kh, msg, sizeof(msg));
	cr_expect_str_eq(msg, "kernel headers for " R " not found (/lib/modules/" R "/build): install them with "
		"'apt-get install linux-headers-" R "' or run 'sh src/tools/setup.sh' in snoop's source tree");
}

/* a build link left behind by a removed package, or an empty tree */
Test(kheaders, tree_without_kconfig)
{
	char msg[1024];

	make("/lib/modules/" R "/build/include");
	cr_expect_eq(kheaders_find(root, R, &no_env, &kh), KHEADERS_MISSING);
	kheaders_explain(&kh, msg, sizeof(msg));
	cr_expect(strstr(msg, "(/lib/modules/" R "/build has no include/linux/kconfig.h)") != NULL, "%s", msg);
}

Test(kheaders, environment_source_and_suffix)
{
	struct kheaders_env env = { .source = "/src/linux" };
	char msg[1024];

	make("/lib/modules/" R "/build/include/linux/kconfig.h");
	cr_expect_eq(kheaders_find(root, R, &env, &kh), KHEADERS_MISSING, "BCC_KERNEL_SOURCE replaces /lib/modules");
	cr_expect(kh.from_env);
	kheaders_explain(&kh, msg, sizeof(msg));
	cr_expect(strstr(msg, "(BCC_KERNEL_SOURCE=/src/linux does not exist): point BCC_KERNEL_SOURCE") != NULL, "%s", msg);
	make("/src/linux/include/linux/kconfig.h");
	cr_expect_eq(kheaders_find(root, R, &env, &kh), KHEADERS_FOUND);
	env.source = NULL;
	env.suffix = "mine";
	cr_expect_eq(kheaders_find(root, R, &env, &kh), KHEADERS_MISSING);
	cr_expect_str_eq(kh.path, "/lib/modules/" R "/mine");
}

/* CONFIG_IKHEADERS: the kernel's own copy, in sysfs or extracted before;
 * or the module libbcc loads */
Test(kheaders, kernel_own_copy)
{
	struct kheaders_env env = { .tmpdir = "/var/tmp" };

	make("/sys/kernel/kheaders.tar.xz");
	cr_expect_eq(kheaders_find(root, R, &no_env, &kh), KHEADERS_FOUND);
	teardown();
	setup();
	make("/var/tmp/kheaders-" R "/include/linux/kconfig.h");
	cr_expect_eq(kheaders_find(root, R, &env, &kh), KHEADERS_FOUND);
	cr_expect_eq(kheaders_find(root, R, &no_env, &kh), KHEADERS_MISSING, "TMPDIR defaults to /tmp");
	make("/lib/modules/" R "/kernel/kernel/kheaders.ko.xz");
	cr_expect_eq(kheaders_find(root, R, &no_env, &kh), KHEADERS_MODULE);
}

Test(kheaders, libbcc_diagnostics)
{
	cr_expect(kheaders_failure("sh: 1: modprobe: not found"));
	cr_expect(kheaders_failure("chdir(/tmp/x): No such file or directory"));
	cr_expect(kheaders_failure("Unable to find kernel headers. Try rebuilding kernel with CONFIG_IKHEADERS=m (module) "));
	cr_expect(kheaders_failure("<built-in>:1:10: fatal error: './include/linux/kconfig.h' file not found"));
	cr_expect_not(kheaders_failure("/virtual/main.c:12:1: error: expected ';'"));
}

/* libbcc's line stays at the end of the explanation; other errors are left as they are */
Test(kheaders, failed_compile_explained)
{
	char err[4096] = "BPF compile failed: sh: 1: modprobe: not found";
	char other[256] = "BPF compile failed: /virtual/main.c:3:1: error: unknown type name 'x'";

	kheaders_explain_failure(err, sizeof(err));
	cr_expect(strncmp(err, "BPF compile failed: kernel headers for ", 39) == 0, "%s", err);
	cr_expect(strstr(err, " (libbcc: sh: 1: modprobe: not found)") != NULL, "%s", err);
	kheaders_explain_failure(other, sizeof(other));
	cr_expect_str_eq(other, "BPF compile failed: /virtual/main.c:3:1: error: unknown type name 'x'");
}
