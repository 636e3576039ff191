/* The narrowed /proc/kallsyms (trace/kallsyms.h): the lines of the asked
 * symbols kept as they are, every other line left out; the versions whose
 * lookups are known. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "trace/kallsyms.h"

static const char *const probes[] = { "bpf_probe_read_kernel", "bpf_probe_read_user", NULL };

static char *filtered(const char *text)
{
	char *out = NULL;
	size_t len = 0, cap = 0;

	cr_assert_eq(kallsyms_filter(text, strlen(text), probes, &out, &len, &cap), 0);
	out = realloc(out, len + 1);
	cr_assert(out);
	out[len] = '\0';
	return out;
}

Test(kallsyms, keeps_the_asked_lines_as_they_are)
{
	char *got = filtered("ffffffff81000000 T _stext\n"
			     "ffffffff814cc1a0 T bpf_probe_read_kernel\n"
			     "ffffffff814cc1b0 t bpf_probe_read_kernel_common\n"
			     "ffffffff814cc1c0 T bpf_probe_read_kernel_str\n"
			     "ffffffffc0001000 t bpf_probe_read_user\t[some_module]\n"
			     "ffffffff82000000 D bpf_probe_read_user\n"
			     "ffffffff814cecd0 T xbpf_probe_read_user\n");

	/* a module's and a data line too: libbcc's own reading decides */
	cr_assert_str_eq(got, "ffffffff814cc1a0 T bpf_probe_read_kernel\n"
			      "ffffffffc0001000 t bpf_probe_read_user\t[some_module]\n"
			      "ffffffff82000000 D bpf_probe_read_user\n");
	free(got);
}

Test(kallsyms, a_last_line_without_newline_and_none_at_all)
{
	char *got = filtered("0000000000000000 T bpf_probe_read_user");

	cr_assert_str_eq(got, "0000000000000000 T bpf_probe_read_user");
	free(got);
	got = filtered("ffffffff81000000 T _stext\nffffffff81000010 T bpf_probe_read\n");
	cr_assert_str_eq(got, "");
	free(got);
	got = filtered("");
	cr_assert_str_eq(got, "");
	free(got);
}

Test(kallsyms, only_the_versions_read)
{
	const char *const *n = kallsyms_libbcc_lookups(0, 26);

	cr_assert(n);
	cr_assert_str_eq(n[0], "bpf_probe_read_kernel");
	cr_assert_str_eq(n[1], "bpf_probe_read_user");
	cr_assert_null(n[2]);
	cr_assert(kallsyms_libbcc_lookups(0, 18));
	cr_assert(kallsyms_libbcc_lookups(0, 37));
	cr_assert_null(kallsyms_libbcc_lookups(0, 17));
	cr_assert_null(kallsyms_libbcc_lookups(0, 38));
	cr_assert_null(kallsyms_libbcc_lookups(1, 26));
}

/* The read stops once each name has a line libbcc takes in any version:
 * kernel text with an address; a data line, a hidden address (0) or
 * another name's line are not enough. */
Test(kallsyms, all_found_needs_kernel_text_of_each_name)
{
	const char *both = "ffffffff814cc1a0 T bpf_probe_read_kernel\n"
			   "ffffffffc0001000 t bpf_probe_read_user\t[some_module]\n";
	const char *data = "ffffffff814cc1a0 T bpf_probe_read_kernel\n"
			   "ffffffff82000000 D bpf_probe_read_user\n";
	const char *hidden = "0000000000000000 T bpf_probe_read_kernel\n"
			     "0000000000000000 T bpf_probe_read_user\n";
	const char *one = "ffffffff814cc1a0 T bpf_probe_read_kernel\n"
			  "ffffffff814cc1c0 T bpf_probe_read_user_str\n";
	const char *unended = "ffffffff814cc1a0 T bpf_probe_read_user\n"
			      "ffffffff814cc1b0 t bpf_probe_read_kernel";

	cr_expect(kallsyms_all_found(both, strlen(both), probes));
	cr_expect(kallsyms_all_found(unended, strlen(unended), probes), "a last line without its newline counts");
	cr_expect(!kallsyms_all_found(data, strlen(data), probes), "a data symbol is not the helper");
	cr_expect(!kallsyms_all_found(hidden, strlen(hidden), probes), "kptr_restrict's zeros: read on");
	cr_expect(!kallsyms_all_found(one, strlen(one), probes), "a longer name is another symbol");
	cr_expect(!kallsyms_all_found("", 0, probes));
}

/* text in a file of its own, read back by kallsyms_read_named size
 * bytes at a time; *why set on an error */
static char *read_back(const char *text, size_t size, int *rc, char *why, size_t whylen)
{
	char path[] = "/tmp/snoop-kallsyms-XXXXXX", *copy = NULL;
	size_t n = 0, cap = 0;
	int fd = mkstemp(path);

	cr_assert(fd >= 0);
	unlink(path);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	cr_assert_eq(lseek(fd, 0, SEEK_SET), 0);
	*rc = kallsyms_read_named(fd, size, probes, &copy, &n, &cap, why, whylen);
	close(fd);
	copy = realloc(copy, n + 1);
	cr_assert(copy);
	copy[n] = '\0';
	return copy;
}

Test(kallsyms, read_in_pieces_stops_once_both_are_text)
{
	const char *file = "ffffffff81000000 T _stext\n"
			   "ffffffff82000000 D bpf_probe_read_user\n"
			   "ffffffff814cc1a0 T bpf_probe_read_kernel\n"
			   "ffffffff814cecd0 t bpf_probe_read_user\n"
			   "ffffffffc0001000 t bpf_probe_read_user\t[later]\n";
	char why[128] = "";
	int rc;
	char *got;

	/* 48 bytes a read: every line comes in two pieces or more */
	got = read_back(file, 48, &rc, why, sizeof(why));
	cr_expect_eq(rc, 0, "%s", why);
	cr_expect_str_eq(got, "ffffffff82000000 D bpf_probe_read_user\n"
			      "ffffffff814cc1a0 T bpf_probe_read_kernel\n"
			      "ffffffff814cecd0 t bpf_probe_read_user\n", "the module's line comes after the stop");
	free(got);
	got = read_back("ffffffff814cc1a0 T bpf_probe_read_kernel\nffffffff814cecd0 t bpf_probe_read_user", 48, &rc,
			why, sizeof(why));
	cr_expect_eq(rc, 0, "%s", why);
	cr_expect_str_eq(got, "ffffffff814cc1a0 T bpf_probe_read_kernel\nffffffff814cecd0 t bpf_probe_read_user",
			 "a last line without its newline");
	free(got);
}

Test(kallsyms, read_to_the_end_without_both_and_a_line_too_long)
{
	char why[128] = "";
	int rc;
	char *got;

	got = read_back("ffffffff814cc1a0 T bpf_probe_read_kernel\nffffffff81000000 T _stext\n", 64, &rc, why,
			sizeof(why));
	cr_expect_eq(rc, 0, "%s", why);
	cr_expect_str_eq(got, "ffffffff814cc1a0 T bpf_probe_read_kernel\n");
	free(got);
	got = read_back("ffffffff814cc1a0 T bpf_probe_read_kernel\n", 16, &rc, why, sizeof(why));
	cr_expect_eq(rc, -1);
	cr_expect(strstr(why, "longer than 16 bytes"), "%s", why);
	free(got);
}
