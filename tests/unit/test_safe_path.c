/* Paths walked without following what another user planted (safe_path.h):
 * the links of others refused, root's followed, the trusted chain checked
 * directory by directory, trailing slashes and ".." included. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "safe_path.h"

#define TEMPLATE "build/t-safepath-XXXXXX"
static char top[] = TEMPLATE;
static char err[4096];

static void setup(void)
{
	strcpy(top, TEMPLATE);
	cr_assert_not_null(mkdtemp(top));
	chmod(top, 0755);
}

static void teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", top);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(safe_path, .init = setup, .fini = teardown);

static const char *at(const char *rel)
{
	static char path[4][PATH_MAX];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", top, rel);
	return path[k];
}

static void need_root(void)
{
	if (geteuid() != 0)
		cr_skip_test("needs root: files of another user are made with chown");
}

/* The inode path reaches, or 0 */
static ino_t dir_ino(const char *path, unsigned flags)
{
	struct stat st;
	int fd = safe_open_dir(path, flags, err, sizeof(err));

	if (fd < 0)
		return 0;
	cr_assert_eq(fstat(fd, &st), 0);
	close(fd);
	return st.st_ino;
}

static ino_t ino_of(const char *path)
{
	struct stat st;

	cr_assert_eq(stat(path, &st), 0, "%s", path);
	return st.st_ino;
}

Test(safe_path, plain_directories_and_dot_dot)
{
	cr_assert_eq(mkdir(at("a"), 0755), 0);
	cr_assert_eq(mkdir(at("a/b"), 0755), 0);
	cr_expect_eq(dir_ino(at("a/b"), SAFE_TRUSTED_CHAIN), ino_of(at("a/b")), "%s", err);
	cr_expect_eq(dir_ino(at("a/b/"), SAFE_TRUSTED_CHAIN), ino_of(at("a/b")), "%s", err);
	cr_expect_eq(dir_ino(at("a/b/../b/./"), SAFE_TRUSTED_CHAIN), ino_of(at("a/b")), "%s", err);
	cr_expect_eq(dir_ino("/", SAFE_TRUSTED_CHAIN), ino_of("/"), "%s", err);
	cr_expect_eq(dir_ino(at("nope"), 0), 0);
	cr_expect_eq(errno, ENOENT);
	cr_expect(strstr(err, "No such file") != NULL, "%s", err);
}

Test(safe_path, own_links_followed_others_refused)
{
	need_root();
	cr_assert_eq(mkdir(at("real"), 0755), 0);
	cr_assert_eq(symlink("real", at("mine")), 0);
	cr_expect_eq(dir_ino(at("mine"), 0), ino_of(at("real")), "root's link is followed: %s", err);
	cr_expect_eq(dir_ino(at("mine"), SAFE_NOFOLLOW_LAST), 0);
	cr_expect(strstr(err, "is a symbolic link") != NULL, "%s", err);
	cr_expect_eq(dir_ino(at("mine/."), SAFE_NOFOLLOW_LAST), 0, "LINK/. is LINK");
	cr_expect_eq(dir_ino(at("mine/./"), SAFE_NOFOLLOW_LAST), 0, "LINK/./ is LINK");
	cr_assert_eq(symlink("/", at("theirs")), 0);
	cr_assert_eq(lchown(at("theirs"), 65534, 65534), 0);
	cr_expect_eq(dir_ino(at("theirs"), 0), 0);
	cr_expect_eq(errno, EPERM);
	cr_expect(strstr(err, "theirs is a symbolic link of uid 65534") != NULL, "%s", err);
	/* also in the middle of a path, and with a trailing slash */
	cr_expect_eq(dir_ino(at("theirs/tmp/"), 0), 0);
	cr_expect(strstr(err, "of uid 65534") != NULL, "%s", err);
}

Test(safe_path, trusted_chain_refuses_writable_or_foreign_directories)
{
	need_root();
	cr_assert_eq(mkdir(at("pub"), 0755), 0);
	cr_assert_eq(mkdir(at("pub/x"), 0755), 0);
	cr_expect_neq(dir_ino(at("pub/x"), SAFE_TRUSTED_CHAIN), 0, "%s", err);
	chmod(at("pub"), 01777);
	cr_expect_eq(dir_ino(at("pub/x"), SAFE_TRUSTED_CHAIN), 0, "sticky is no exception");
	cr_expect(strstr(err, "writable by group or others (mode 1777)") != NULL, "%s", err);
	cr_expect_neq(dir_ino(at("pub/x"), 0), 0, "outputs may go through /tmp: %s", err);
	chmod(at("pub"), 0755);
	cr_assert_eq(chown(at("pub"), 65534, 65534), 0);
	cr_expect_eq(dir_ino(at("pub/x"), SAFE_TRUSTED_CHAIN), 0);
	cr_expect(strstr(err, "belongs to uid 65534") != NULL, "%s", err);
}

Test(safe_path, parent_and_last_component)
{
	char last[NAME_MAX + 1];
	struct stat st;
	int fd;

	cr_assert_eq(mkdir(at("d"), 0755), 0);
	fd = safe_open_parent(at("d/file.txt"), 0, last, sizeof(last), err, sizeof(err));
	cr_assert_geq(fd, 0, "%s", err);
	cr_expect_str_eq(last, "file.txt");
	cr_assert_eq(fstat(fd, &st), 0);
	cr_expect_eq(st.st_ino, ino_of(at("d")));
	close(fd);
	fd = safe_open_parent("relative.txt", 0, last, sizeof(last), err, sizeof(err));
	cr_assert_geq(fd, 0, "%s", err);
	cr_expect_str_eq(last, "relative.txt");
	close(fd);
	cr_expect_eq(safe_open_parent(at("d/"), 0, last, sizeof(last), err, sizeof(err)), -1);
	cr_expect(strstr(err, "names a directory") != NULL, "%s", err);
	cr_expect_eq(safe_open_parent(at("d/.."), 0, last, sizeof(last), err, sizeof(err)), -1);
}
