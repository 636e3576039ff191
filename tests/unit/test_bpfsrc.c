/* BPF source selection: installed copy, embedded fallback, refusal of
 * sources that non-root users could have written. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "trace/bpfsrc.h"

/* Under the build directory, not /tmp: a source directory is used only
 * through directories no other user can write (/tmp is anyone's). */
#define DIR_TEMPLATE "build/t-bpfsrc-XXXXXX"
static char dir[] = DIR_TEMPLATE;
static char err[1024];
static struct bpf_source src;

static void put(const char *name, const char *text, mode_t mode)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static void setup(void)
{
	strcpy(dir, DIR_TEMPLATE);
	cr_assert_not_null(mkdtemp(dir));
	chmod(dir, 0755);
}

static void teardown(void)
{
	char cmd[300];

	bpfsrc_free(&src);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(bpfsrc, .init = setup, .fini = teardown);

/* dir alone as the installed copies */
static const char *const *only_dir(void)
{
	static const char *list[2];

	list[0] = dir;
	list[1] = NULL;
	return list;
}

Test(bpfsrc, installed_copy_preferred)
{
	put(BPFSRC_HEADER, "HEADER\n", 0644);
	put(BPFSRC_PROGRAM, "PROGRAM\n", 0644);
	cr_assert_eq(bpfsrc_load(NULL, only_dir(), &src, err, sizeof(err)), 0, "%s", err);
	cr_expect_not(src.embedded);
	cr_expect_str_eq(src.origin, dir);
	cr_expect_str_eq(src.text, "HEADER\n\nPROGRAM\n", "the header comes first");
}

Test(bpfsrc, missing_installed_copy_falls_back_to_embedded)
{
	put(BPFSRC_HEADER, "HEADER\n", 0644);   /* program missing: incomplete */
	cr_assert_eq(bpfsrc_load(NULL, only_dir(), &src, err, sizeof(err)), 0, "%s", err);
	cr_expect(src.embedded);
	cr_expect_str_eq(src.origin, "embedded");
	cr_expect(strstr(src.text, "struct snoop_record") != NULL);
	cr_expect(strstr(src.text, "RAW_TRACEPOINT_PROBE(sys_enter)") != NULL);
}

Test(bpfsrc, explicit_dir_must_hold_the_sources)
{
	cr_expect_eq(bpfsrc_load(dir, NULL, &src, err, sizeof(err)), -1);
	cr_expect(strstr(err, "BPF sources not found") != NULL, "%s", err);
}

Test(bpfsrc, world_writable_source_refused)
{
	put(BPFSRC_HEADER, "HEADER\n", 0644);
	put(BPFSRC_PROGRAM, "PROGRAM\n", 0666);
	cr_expect_eq(bpfsrc_load(dir, NULL, &src, err, sizeof(err)), -1);
	cr_expect(strstr(err, "refusing BPF source") != NULL, "%s", err);
	cr_expect(strstr(err, "chmod go-w") != NULL, "the fix is named: %s", err);
	/* an installed copy like it is passed over, and -v can say why */
	cr_expect_eq(bpfsrc_load(NULL, only_dir(), &src, err, sizeof(err)), 0, "%s", err);
	cr_expect(src.embedded);
	cr_expect(strstr(src.skipped, "writable by non-root users") != NULL, "%s", src.skipped);
}

/* No sticky-bit exception: in a directory others can write, a file can be
 * renamed over by whoever owns the name's link. */
Test(bpfsrc, writable_directory_refused_sticky_or_not)
{
	mode_t modes[2] = { 0777, 01777 };
	int k;

	put(BPFSRC_HEADER, "HEADER\n", 0644);
	put(BPFSRC_PROGRAM, "PROGRAM\n", 0644);
	for (k = 0; k < 2; k++) {
		chmod(dir, modes[k]);
		cr_expect_eq(bpfsrc_load(dir, NULL, &src, err, sizeof(err)), -1, "mode %o", modes[k]);
		cr_expect(strstr(err, "is writable by group or others") != NULL, "%s", err);
	}
}

Test(bpfsrc, linked_source_refused)
{
	char target[300], link[300];

	put("real.c", "PROGRAM\n", 0644);
	put(BPFSRC_HEADER, "HEADER\n", 0644);
	snprintf(target, sizeof(target), "real.c");
	snprintf(link, sizeof(link), "%s/%s", dir, BPFSRC_PROGRAM);
	cr_assert_eq(symlink(target, link), 0);
	cr_expect_eq(bpfsrc_load(dir, NULL, &src, err, sizeof(err)), -1);
	cr_expect(strstr(err, "a symbolic link") != NULL, "%s", err);
}

Test(bpfsrc, directory_of_another_user_refused)
{
	char sub[300];

	if (geteuid() != 0)
		cr_skip_test("needs root: chown to another user");
	snprintf(sub, sizeof(sub), "%s/theirs", dir);
	cr_assert_eq(mkdir(sub, 0755), 0);
	put("theirs/" BPFSRC_HEADER, "HEADER\n", 0644);
	put("theirs/" BPFSRC_PROGRAM, "PROGRAM\n", 0644);
	cr_assert_eq(chown(sub, 65534, 65534), 0);
	cr_expect_eq(bpfsrc_load(sub, NULL, &src, err, sizeof(err)), -1);
	cr_expect(strstr(err, "belongs to uid 65534") != NULL, "%s", err);
}

Test(bpfsrc, root_accepts_root_owned_source)
{
	if (geteuid() != 0)
		cr_skip_test("needs root: the files must be owned by uid 0");
	put(BPFSRC_HEADER, "HEADER\n", 0644);
	put(BPFSRC_PROGRAM, "PROGRAM\n", 0644);
	cr_expect_eq(bpfsrc_load(dir, NULL, &src, err, sizeof(err)), 0, "%s", err);
}


/* The copy of snoop's own prefix comes first; a later place is used when
 * an earlier one lacks the files; an explicit directory beats them all. */
Test(bpfsrc, first_installed_copy_with_both_files_wins)
{
	char second[300], explicit_dir[300];
	const char *list[4] = { "/nonexistent/share/snoop/bpf", dir, second, NULL };

	put(BPFSRC_HEADER, "FIRST\n", 0644);
	put(BPFSRC_PROGRAM, "FIRST\n", 0644);
	snprintf(second, sizeof(second), "%s/second", dir);
	snprintf(explicit_dir, sizeof(explicit_dir), "%s/second/", dir);
	cr_assert_eq(mkdir(second, 0755), 0);
	put("second/" BPFSRC_HEADER, "SECOND\n", 0644);
	put("second/" BPFSRC_PROGRAM, "SECOND\n", 0644);
	cr_assert_eq(bpfsrc_load(NULL, list, &src, err, sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(src.origin, dir, "a missing directory is passed over");
	bpfsrc_free(&src);
	list[1] = second;
	list[2] = dir;
	cr_assert_eq(bpfsrc_load(NULL, list, &src, err, sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(src.origin, second, "the order is the caller's");
	bpfsrc_free(&src);
	cr_assert_eq(bpfsrc_load(explicit_dir, list, &src, err, sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(src.text, "SECOND\n\nSECOND\n");
	cr_expect_str_eq(src.origin, explicit_dir);
	bpfsrc_free(&src);
	cr_assert_eq(bpfsrc_load(NULL, (const char *const[]){ NULL }, &src, err, sizeof(err)), 0, "%s", err);
	cr_expect(src.embedded, "no place at all: the embedded copy");
}

static void expect_beside(const char *exe, const char *want)
{
	char out[256];

	if (!want) {
		cr_expect_eq(bpfsrc_beside(exe, out, sizeof(out)), -1, "%s has no prefix", exe);
		return;
	}
	cr_assert_eq(bpfsrc_beside(exe, out, sizeof(out)), 0, "%s", exe);
	cr_expect_str_eq(out, want, "%s", exe);
}

/* PREFIX/bin/snoop reads PREFIX/share/snoop/bpf, whatever PREFIX is */
Test(bpfsrc, sources_beside_the_binary)
{
	char small[16];

	expect_beside("/usr/bin/snoop", "/usr/share/snoop/bpf");
	expect_beside("/usr/local/bin/snoop", "/usr/local/share/snoop/bpf");
	expect_beside("/tmp/x/bin/snoop", "/tmp/x/share/snoop/bpf");
	expect_beside("/tmp/t/usr/bin/snoop", "/tmp/t/usr/share/snoop/bpf");
	expect_beside("/bin/snoop", "/share/snoop/bpf");
	expect_beside("/work/snoop/snoop", "/work/share/snoop/bpf");
	expect_beside("/snoop", NULL);
	expect_beside("snoop", NULL);
	expect_beside("bin/snoop", NULL);
	cr_expect_eq(bpfsrc_beside("/usr/bin/snoop", small, sizeof(small)), -1, "too long for out");
}

/* The embedded copy is a build product of bpf/: it must equal the files. */
static char *slurp(const char *path)
{
	static char buf[1 << 20];
	FILE *f = fopen(path, "r");
	size_t n;

	cr_assert_not_null(f, "%s", path);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strdup(buf);
}

Test(bpfsrc, embedded_copy_is_bpf_dir)
{
	char *h = slurp("bpf/snoop.h"), *p = slurp("bpf/snoop.bpf.c");

	cr_expect_str_eq(embedded_bpf_header, h);
	cr_expect_str_eq(embedded_bpf_program, p);
	free(h);
	free(p);
}
