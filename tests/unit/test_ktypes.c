/* The struct offsets the raw lifecycle programs read, from a BTF file
 * made here: members found by name in the named struct only, bit offsets
 * of both encodings, types of every size skipped, type and string
 * sections longer than the reader's windows, and what is refused. Then
 * the running kernel's own, when it has BTF. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/btf.h>
#include "trace/ktypes.h"

static unsigned char types[1 << 20], strs[1 << 18];
static size_t ntypes, nstrs;

static uint32_t str(const char *s)
{
	uint32_t off = (uint32_t)nstrs;

	memcpy(strs + nstrs, s, strlen(s) + 1);
	nstrs += strlen(s) + 1;
	return off;
}

static void put(const void *p, size_t n)
{
	cr_assert_leq(ntypes + n, sizeof(types));
	memcpy(types + ntypes, p, n);
	ntypes += n;
}

static void type(const char *name, uint32_t kind, uint32_t vlen, int kflag, uint32_t size)
{
	struct btf_type t = { .name_off = name ? str(name) : 0,
			      .info = (kind << 24) | vlen | (kflag ? 1u << 31 : 0), .size = size };

	put(&t, sizeof(t));
}

static void member(const char *name, uint32_t bits)
{
	struct btf_member m = { .name_off = name ? str(name) : 0, .type = 1, .offset = bits };

	put(&m, sizeof(m));
}

/* The header and the sections written to a temporary file; its path. */
static const char *file(char *path)
{
	struct btf_header h = { .magic = BTF_MAGIC, .version = 1, .hdr_len = sizeof(h),
				.type_off = 0, .type_len = (uint32_t)ntypes,
				.str_off = (uint32_t)ntypes, .str_len = (uint32_t)nstrs };
	int fd;

	strcpy(path, "/tmp/snoop-ktypes-XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, &h, sizeof(h)), (ssize_t)sizeof(h));
	cr_assert_eq(write(fd, types, ntypes), (ssize_t)ntypes);
	cr_assert_eq(write(fd, strs, nstrs), (ssize_t)nstrs);
	close(fd);
	return path;
}

static void start(void)
{
	ntypes = 0;
	nstrs = 0;
	str("");
	type("int", BTF_KIND_INT, 0, 0, 4);
	put(&(uint32_t){ 32 }, 4);
}

TestSuite(ktypes, .init = start);

Test(ktypes, members_of_the_named_structs_in_bytes)
{
	struct kfield want[] = { { "task_struct", "pid", 0 }, { "linux_binprm", "filename", 0 } };
	char path[64], why[256] = "";
	struct btf_var_secinfo sec = { 1, 0, 4 };
	uint64_t enum64[3] = { 0 };

	/* a struct with a pid that is not task_struct's, a FWD of it, skipped kinds */
	type("task_struct_like", BTF_KIND_STRUCT, 1, 0, 8);
	member("pid", 32);
	type("task_struct", BTF_KIND_FWD, 0, 0, 0);
	type(".data", BTF_KIND_DATASEC, 1, 0, 4);
	put(&sec, sizeof(sec));
	type("e64", 19 /* ENUM64 */, 1, 0, 8);
	put(enum64, 12);
	type("task_struct", BTF_KIND_STRUCT, 3, 0, 64);
	member(NULL, 0);           /* anonymous: not it */
	member("tgid", 8 * 20);
	member("pid", 8 * 16);
	/* kind_flag: the offset's top byte is a bitfield's size */
	type("linux_binprm", BTF_KIND_STRUCT, 1, 1, 408);
	member("filename", 8 * 96);
	cr_assert_eq(ktypes_find(file(path), want, 2, why, sizeof(why)), 0, "%s", why);
	unlink(path);
	cr_expect_eq(want[0].offset, 16u);
	cr_expect_eq(want[1].offset, 96u);
}

Test(ktypes, found_past_the_first_window)
{
	struct kfield want[] = { { "task_struct", "pid", 0 } };
	char path[64], why[256] = "";
	int i;

	for (i = 0; i < 20000; i++) {   /* 320 KB of INTs before it */
		type(NULL, BTF_KIND_INT, 0, 0, 4);
		put(&(uint32_t){ 32 }, 4);
	}
	type("task_struct", BTF_KIND_STRUCT, 1, 0, 8);
	member("pid", 8 * 4);
	cr_assert_eq(ktypes_find(file(path), want, 1, why, sizeof(why)), 0, "%s", why);
	unlink(path);
	cr_expect_eq(want[0].offset, 4u);
}

/* Names read through a window on the string section: ~70 KB of names
 * read in order (each window ends inside one: with a file's full 4 KiB
 * reads, the 70th and 139th fillers' names cross the first two windows'
 * ends), a member's name far back (before them all) and one far ahead,
 * and a name at the section's very end. */
Test(ktypes, names_past_the_string_window)
{
	struct kfield want[] = { { "task_struct", "pid", 0 }, { "task_struct", "comm", 0 },
				 { "linux_binprm", "filename", 0 } };
	struct ktype ids[] = { { BTF_KIND_TYPEDEF, "btf_trace_sys_exit", 0 },
			       { BTF_KIND_STRUCT, "filler_000000000000000000000000000000000000000000000000069", 0 },
			       { BTF_KIND_STRUCT, "filler_000000000000000000000000000000000000000000000000138", 0 } };
	char path[64], why[256] = "", name[64];
	uint32_t pid = str("pid");
	int i;

	for (i = 0; i < 1200; i++) {   /* 59-byte names: the windows end mid-name */
		snprintf(name, sizeof(name), "filler_%051d", i);
		type(name, BTF_KIND_STRUCT, 0, 0, 0);
	}
	type("task_struct", BTF_KIND_STRUCT, 2, 0, 64);
	put(&(struct btf_member){ .name_off = pid, .type = 1, .offset = 8 * 16 }, sizeof(struct btf_member));
	member("comm", 8 * 40);
	type("btf_trace_sys_exit", BTF_KIND_TYPEDEF, 0, 0, 1);   /* id 1203 */
	type("linux_binprm", BTF_KIND_STRUCT, 1, 0, 408);
	member("filename", 8 * 96);   /* the section's last bytes */
	cr_assert_eq(ktypes_find(file(path), want, 3, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(want[0].offset, 16u);
	cr_expect_eq(want[1].offset, 40u);
	cr_expect_eq(want[2].offset, 96u);
	cr_assert_eq(ktypes_ids(path, ids, 3, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(ids[0].id, 1203u);
	cr_expect_eq(ids[1].id, 71u);
	cr_expect_eq(ids[2].id, 140u);
	unlink(path);
}

Test(ktypes, what_is_not_there_is_named)
{
	struct kfield want[] = { { "task_struct", "pid", 0 }, { "linux_binprm", "filename", 0 } };
	char path[64], why[256] = "";

	type("task_struct", BTF_KIND_STRUCT, 1, 0, 8);
	member("pid", 8 * 4);
	cr_assert_eq(ktypes_find(file(path), want, 2, why, sizeof(why)), -1);
	unlink(path);
	cr_expect_str_eq(why, "linux_binprm.filename is not in its BTF");
	cr_expect_eq(want[1].offset, 0u);
}

Test(ktypes, a_kind_it_cannot_skip_stops_it)
{
	struct kfield want[] = { { "task_struct", "pid", 0 } };
	char path[64], why[256] = "";

	type("new", 31, 0, 0, 0);
	type("task_struct", BTF_KIND_STRUCT, 1, 0, 8);
	member("pid", 8 * 4);
	cr_assert_eq(ktypes_find(file(path), want, 1, why, sizeof(why)), -1);
	unlink(path);
	cr_expect(strstr(why, "kind 31"), "%s", why);
}

Test(ktypes, not_btf)
{
	struct kfield want[] = { { "task_struct", "pid", 0 } };
	char why[256] = "";

	cr_expect_eq(ktypes_find("/dev/null", want, 1, why, sizeof(why)), -1);
	cr_expect(strstr(why, "no BTF header"), "%s", why);
	cr_expect_eq(ktypes_find("/nonexistent/vmlinux", want, 1, why, sizeof(why)), -1);
	cr_expect(strstr(why, "No such file"), "%s", why);
}

/* The running kernel: pid and tgid side by side, as every kernel has them. */
Test(ktypes, this_kernel)
{
	struct kfield want[] = { { "task_struct", "pid", 0 }, { "task_struct", "tgid", 0 },
				 { "linux_binprm", "filename", 0 } };
	char why[256] = "";

	if (access(KTYPES_BTF, R_OK))
		cr_skip_test("no %s", KTYPES_BTF);
	cr_assert_eq(ktypes_find(KTYPES_BTF, want, 3, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(want[1].offset, want[0].offset + 4);
	cr_expect_gt(want[2].offset, 0u);
}

/* Type ids are positions, from 1 (0 is void): a typedef found by kind and
 * name, past the first window, not a struct of the same name. */
Test(ktypes, ids_by_kind_and_name)
{
	struct ktype want[] = { { BTF_KIND_TYPEDEF, "btf_trace_sys_exit", 0 },
				{ BTF_KIND_TYPEDEF, "btf_trace_sys_enter", 0 } };
	char path[64], why[256] = "";
	int i;

	type("btf_trace_sys_enter", BTF_KIND_STRUCT, 0, 0, 0);   /* id 2: the wrong kind */
	type("btf_trace_sys_enter", BTF_KIND_TYPEDEF, 0, 0, 1);  /* id 3 */
	for (i = 0; i < 20000; i++) {                            /* ids 4 .. 20003 */
		type(NULL, BTF_KIND_INT, 0, 0, 4);
		put(&(uint32_t){ 32 }, 4);
	}
	type("btf_trace_sys_exit", BTF_KIND_TYPEDEF, 0, 0, 1);   /* id 20004 */
	cr_assert_eq(ktypes_ids(file(path), want, 2, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(want[0].id, 20004u);
	cr_expect_eq(want[1].id, 3u);
	want[0].name = "btf_trace_nothing";
	cr_expect_eq(ktypes_ids(path, want, 2, why, sizeof(why)), -1);
	cr_expect(strstr(why, "btf_trace_nothing is not in its BTF"), "%s", why);
	unlink(path);
}

/* The running kernel's syscall tracepoints, whose ids the BTF-typed
 * programs load with. */
Test(ktypes, this_kernels_syscall_tracepoints)
{
	unsigned enter, exit_;
	char why[256] = "";

	if (access(KTYPES_BTF, R_OK))
		cr_skip_test("no %s", KTYPES_BTF);
	cr_assert_eq(ktypes_syscall_tracepoints(&enter, &exit_, why, sizeof(why)), 0, "%s", why);
	cr_expect_gt(enter, 1u);
	cr_expect_gt(exit_, 1u);
	cr_expect_neq(enter, exit_);
}
