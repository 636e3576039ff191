/* Issue 21's records: the cgroup table of the header (cgroups=) made and
 * read back, --cgroup paths against the mount, the container's label in
 * text; the options that ask records to carry their cgroup or their
 * namespace's PIDs (--show-cgroup, --pidns, and who else needs them). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "opts.h"
#include "record/cgtable.h"

#define ARGC(...) ((int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)))
#define ARGV(...) ((char *[]){ __VA_ARGS__, NULL })
#define PARSE(...) opts_parse(ARGC("snoop", __VA_ARGS__), ARGV("snoop", __VA_ARGS__), &o, err, sizeof(err))

static struct cgtable t, back;

Test(cgtable, text_round_trip_with_escapes)
{
	char text[CGTABLE_TEXT_MAX];

	memset(&t, 0, sizeof(t));
	cr_assert_eq(cgtable_add(&t, 77, "/libpod_parent/libpod-bcf3", "bcf3", "web", "podman"), 0);
	cr_assert_eq(cgtable_add(&t, 78, "/system.slice/a b,c:d%e", NULL, NULL, NULL), 0);
	cr_assert_eq(cgtable_add(&t, 79, "/k/cri-x", "cafe", "", "cri"), 0);
	cr_assert_eq(cgtable_add(&t, 77, "/again", NULL, NULL, NULL), 0, "once per id");
	cr_expect_eq(t.n, 3);
	cgtable_text(&t, text, sizeof(text));
	cr_expect_str_eq(text, "77:/libpod_parent/libpod-bcf3:podman:bcf3:web,78:/system.slice/a%20b%2cc%3ad%25e,"
			       "79:/k/cri-x:cri:cafe:");
	cgtable_parse(&back, text);
	cr_assert_eq(back.n, 3);
	cr_expect_str_eq(back.e[1].path, "/system.slice/a b,c:d%e");
	cr_expect_str_eq(back.e[0].ctr_name, "web");
	cr_expect_str_eq(back.e[2].runtime, "cri");
	cr_expect_str_eq(back.e[2].ctr_name, "");
	cr_expect_eq(cgtable_find(&back, 79)->id, 79);
	cr_expect_null(cgtable_find(&back, 80));
	cr_expect_null(cgtable_find(&back, 0), "0: no cgroup known");
}

Test(cgtable, damaged_entries_are_skipped_and_the_text_bounded)
{
	char text[64];
	int i;

	cgtable_parse(&back, "x:/a,5:/b%zz,6:/c:podman:id,7:/d:podman:id:n,8");
	cr_assert_eq(back.n, 1, "only the whole entry");
	cr_expect_eq(back.e[0].id, 7);
	memset(&t, 0, sizeof(t));
	for (i = 1; i <= 10; i++)
		cgtable_add(&t, (uint64_t)i, "/some/long/path", NULL, NULL, NULL);
	cr_expect_leq(cgtable_text(&t, text, sizeof(text)), sizeof(text) - 1);
	cr_expect_str_eq(text, "1:/some/long/path,2:/some/long/path,3:/some/long/path", "whole entries only");
}

Test(cgtable, paths_under_and_containers_by_ref)
{
	char rel[256];
	struct cg_entry e = { .id = 5, .path = "/a/b", .ctr_id = "bcf36b353378", .ctr_name = "web", .runtime = "podman" };
	struct cg_entry odd = { .ctr_id = "ab", .ctr_name = "we b]" };
	char label[CG_CTR_NAME_MAX];

	cr_expect(cgtable_path_under("/a/b", "/a"));
	cr_expect(cgtable_path_under("/a/b/c", "/a/b/"));
	cr_expect(!cgtable_path_under("/a/bc", "/a/b"));
	cr_expect(cgtable_path_under("/x", "/"));
	cgtable_relative("/sys/fs/cgroup/unified/a/b", "/sys/fs/cgroup/unified", rel, sizeof(rel));
	cr_expect_str_eq(rel, "/a/b");
	cgtable_relative("a/b", "/sys/fs/cgroup/unified", rel, sizeof(rel));
	cr_expect_str_eq(rel, "/a/b");
	cgtable_relative("/a/b", NULL, rel, sizeof(rel));
	cr_expect_str_eq(rel, "/a/b");
	cr_expect(cgtable_is_container(&e, "web"));
	cr_expect(cgtable_is_container(&e, "bcf36b"));
	cr_expect(!cgtable_is_container(&e, "we"));
	cr_expect(!cgtable_is_container(&e, ""));
	label[cg_container_label(label, &e)] = '\0';
	cr_expect_str_eq(label, "web");
	e.ctr_name[0] = '\0';
	label[cg_container_label(label, &e)] = '\0';
	cr_expect_str_eq(label, "bcf36b353378", "the short ID without a name");
	label[cg_container_label(label, &odd)] = '\0';
	cr_expect_str_eq(label, "we?b?", "one field to awk, whatever a capture says");
}

Test(cgtable, options_that_ask_records_for_ids)
{
	struct options o;
	char err[512];

	cr_assert_eq(PARSE("--", "true"), OPTS_RUN, "%s", err);
	cr_expect_eq(opts_record_ids(&o), 0, "the default text pays nothing");
	cr_assert_eq(PARSE("--show-cgroup", "--", "true"), OPTS_RUN, "%s", err);
	cr_expect_eq(opts_record_ids(&o), SNOOP_IDS_CGROUP);
	cr_expect(opts_sink_flags(&o) & SINK_SHOW_CGROUP);
	cr_assert_eq(PARSE("--format=json", "--", "true"), OPTS_RUN, "%s", err);
	cr_expect_eq(opts_record_ids(&o), SNOOP_IDS_CGROUP);
	cr_assert_eq(PARSE("--format=trace-event", "--", "true"), OPTS_RUN, "%s", err);
	cr_expect_eq(opts_record_ids(&o), SNOOP_IDS_CGROUP, "its args are the JSON records");
	cr_assert_eq(PARSE("--cgroup=a"), OPTS_RUN, "%s", err);
	cr_expect_eq(opts_record_ids(&o), SNOOP_IDS_CGROUP);
	cr_assert_eq(PARSE("-w", "x.cap", "--", "true"), OPTS_RUN, "%s", err);
	cr_expect_eq(opts_record_ids(&o), SNOOP_IDS_CGROUP | SNOOP_IDS_PIDNS, "a capture keeps both");
	cr_assert_eq(PARSE("--pidns=target", "--", "true"), OPTS_RUN, "%s", err);
	cr_expect_eq(opts_record_ids(&o), SNOOP_IDS_PIDNS);
	cr_expect(opts_sink_flags(&o) & SINK_PIDNS);
	cr_assert_eq(PARSE("--pidns=host", "--", "true"), OPTS_RUN, "%s", err);
	cr_expect_eq(o.pidns_target, 0);
	cr_expect_eq(PARSE("--pidns=container", "--", "true"), OPTS_ERROR);
	cr_expect(strstr(err, "invalid --pidns argument: 'container': give host") != NULL, "%s", err);
	cr_expect_eq(PARSE("--pidns", "--", "true"), OPTS_ERROR);
	cr_assert_eq(PARSE("-r", "x.cap", "--cgroup=a", "--show-cgroup", "--pidns=target"), OPTS_RUN, "%s", err);
	cr_expect_eq(PARSE("-r", "x.cap", "-u", "root"), OPTS_ERROR);
	cr_expect(strstr(err, "a capture is filtered by -p, -n, --cgroup and --container") != NULL, "%s", err);
}

/* -a -- COMMAND: the whole machine until the command ends (perf trace -a) */
Test(cgtable, all_with_a_command)
{
	struct options o;
	char err[512];

	cr_assert_eq(PARSE("-a", "--", "sleep", "5"), OPTS_RUN, "%s", err);
	cr_expect(o.all && o.command && opts_selects_all(&o));
	cr_expect_eq(PARSE("-a", "-p", "1", "--", "true"), OPTS_ERROR);
	cr_expect(strstr(err, "-a traces every process already: drop -p") != NULL, "%s", err);
	cr_expect_eq(PARSE("-u", "root", "--", "true"), OPTS_ERROR, "-u names no command's user");
}
