/* --cgroup's and -u's pure parts: the cgroup2 mount found in mountinfo
 * text, a --cgroup argument resolved against it, a user name or number
 * as a uid, and the header's words for the selection. */
#include <criterion/criterion.h>
#include <string.h>
#include "opts.h"
#include "trace/cgroup2.h"
#include "trace/cgroups.h"
#include "trace/selection.h"
#include "trace/users.h"

/* this machine's shape: v1 controllers, the v2 hierarchy beside them */
static const char hybrid[] =
	"23 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
	"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
	"40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime shared:7 - cgroup cgroup rw,name=systemd\n"
	"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime shared:8 - cgroup2 cgroup2 rw\n";

Test(cgroups, the_cgroup2_mount_of_a_hybrid_machine)
{
	char m[256];

	cr_assert_eq(cgroup2_mount_parse(hybrid, m, sizeof(m)), 0);
	cr_expect_str_eq(m, "/sys/fs/cgroup/unified");
}

Test(cgroups, a_unified_machine_and_escapes)
{
	char m[256];

	cr_assert_eq(cgroup2_mount_parse("29 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate", m, sizeof(m)), 0);
	cr_expect_str_eq(m, "/sys/fs/cgroup");
	cr_assert_eq(cgroup2_mount_parse("29 23 0:26 / /mnt/my\\040cg rw - cgroup2 none rw\n", m, sizeof(m)), 0);
	cr_expect_str_eq(m, "/mnt/my cg");
}

Test(cgroups, none_or_too_long)
{
	char m[8];

	cr_expect_eq(cgroup2_mount_parse("32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n", m, sizeof(m)), -1);
	cr_expect_eq(cgroup2_mount_parse("", m, sizeof(m)), -1);
	cr_expect_eq(cgroup2_mount_parse("41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n", m, sizeof(m)), -1,
		     "a mount point longer than the buffer");
	/* "cgroup2" in an earlier field is not the type */
	cr_expect_eq(cgroup2_mount_parse("41 31 0:38 / /cgroup2 rw - tmpfs cgroup2 rw\n", m, sizeof(m)), -1);
}

Test(cgroups, arguments_against_the_mount)
{
	const char *mnt = "/sys/fs/cgroup/unified";
	char p[256];

	cr_assert_eq(cgroups_path(mnt, "system.slice/cron.service", 0, p, sizeof(p)), 0);
	cr_expect_str_eq(p, "/sys/fs/cgroup/unified/system.slice/cron.service");
	cr_assert_eq(cgroups_path(mnt, "/sys/fs/cgroup/unified/user.slice", 0, p, sizeof(p)), 0);
	cr_expect_str_eq(p, "/sys/fs/cgroup/unified/user.slice", "under the mount: as given");
	cr_assert_eq(cgroups_path(mnt, "/system.slice", 0, p, sizeof(p)), 0);
	cr_expect_str_eq(p, "/sys/fs/cgroup/unified/system.slice", "as /proc/PID/cgroup writes it");
	cr_assert_eq(cgroups_path(mnt, "/sys/fs/cgroup/cpu/x", 1, p, sizeof(p)), 0);
	cr_expect_str_eq(p, "/sys/fs/cgroup/cpu/x", "an existing absolute path is taken as given (then refused as v1)");
	cr_assert_eq(cgroups_path("/sys/fs/cgroup", "/sys/fs/cgroupx", 0, p, sizeof(p)), 0);
	cr_expect_str_eq(p, "/sys/fs/cgroup/sys/fs/cgroupx", "a prefix is not a parent");
	cr_assert_eq(cgroups_path(mnt, mnt, 0, p, sizeof(p)), 0);
	cr_expect_str_eq(p, mnt, "the root: the whole hierarchy");
	cr_expect_eq(cgroups_path(mnt, "a-name-that-does-not-fit", 0, p, 24), -1);
}

Test(users, numbers_and_names)
{
	char err[256];
	uint32_t uid = 7;

	cr_assert_eq(users_resolve("0", &uid, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(uid, 0);
	cr_assert_eq(users_resolve("root", &uid, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(uid, 0);
	cr_assert_eq(users_resolve("4294967294", &uid, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(uid, 4294967294u);
	cr_assert_eq(users_resolve("12345", &uid, err, sizeof(err)), 0, "a uid with no passwd entry is a uid");
	cr_expect_eq(uid, 12345);
}

Test(users, refused)
{
	char err[256];
	uint32_t uid;

	cr_expect_eq(users_resolve("4294967295", &uid, err, sizeof(err)), -1, "(uid_t)-1 is no uid");
	cr_expect(strstr(err, "-u 4294967295: not a uid") != NULL, "%s", err);
	cr_expect_eq(users_resolve("12ab", &uid, err, sizeof(err)), -1);
	cr_expect_eq(users_resolve("no-such-user-snoop", &uid, err, sizeof(err)), -1);
	cr_expect(strstr(err, "-u no-such-user-snoop: no such user") != NULL, "%s", err);
}

Test(selection, header_words)
{
	struct options o = { 0 };
	char buf[256];

	selection_text(&o, buf, sizeof(buf));
	cr_expect_str_eq(buf, "");
	o.all = 1;
	selection_text(&o, buf, sizeof(buf));
	cr_expect_str_eq(buf, "all");
	o.all = 0;
	o.cgroups[0] = "a";
	o.cgroups[1] = "/b";
	o.ncgroups = 2;
	o.users[0] = "nobody";
	o.nusers = 1;
	selection_text(&o, buf, sizeof(buf));
	cr_expect_str_eq(buf, "cgroup:a,cgroup:/b,user:nobody");
	o.ncgroups = 0;
	selection_text(&o, buf, sizeof(buf));
	cr_expect_str_eq(buf, "all,user:nobody", "-u alone: every process of the user");
}
