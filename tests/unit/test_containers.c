/* --container's pure parts: the runtimes' cgroup names, the match of a
 * reference against the containers of a cgroup2 tree, inspect's line, the
 * cgroup2 mount and a process's place in it, and the option itself. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "opts.h"
#include "trace/cgroup2.h"
#include "trace/ctrname.h"

#define ID_A "bcf36b353378c6d55a9df7be57413c3be47d27aa98fc109fccc0e37695517bab"
#define ID_B "bcf3aaaa3378c6d55a9df7be57413c3be47d27aa98fc109fccc0e37695517bab"
#define ID_C "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static char id[CTR_ID_LEN + 1];

static void expect_container(const char *path, const char *runtime, const char *want_id)
{
	const char *r = ctr_id_in_path(path, id);

	cr_assert_not_null(r, "%s: not seen as a container", path);
	cr_expect_str_eq(r, runtime, "%s", path);
	cr_expect_str_eq(id, want_id, "%s", path);
}

Test(ctrname, each_runtimes_naming)
{
	expect_container("/machine.slice/libpod-" ID_A ".scope", "podman", ID_A);
	expect_container("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID_A ".scope", "podman", ID_A);
	expect_container("/libpod_parent/libpod-" ID_A, "podman", ID_A);   /* cgroupfs, as here */
	expect_container("/system.slice/docker-" ID_A ".scope", "docker", ID_A);
	expect_container("/docker/" ID_A, "docker", ID_A);
	expect_container("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1d2c.slice/cri-containerd-" ID_A ".scope",
			 "containerd", ID_A);
	expect_container("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1d2c.slice/crio-" ID_A ".scope",
			 "cri-o", ID_A);
	expect_container("/kubepods/besteffort/pod1d2c3b4a-0000-1111-2222-333344445555/" ID_A, "cri", ID_A);
	expect_container("/kubepods/pod1d2c3b4a-0000-1111-2222-333344445555/" ID_A, "cri", ID_A);
	/* kind: a CRI container inside a docker one; the inner is its own */
	expect_container("/docker/" ID_C "/kubepods/besteffort/pod1d2c/" ID_A, "cri", ID_A);
}

Test(ctrname, what_is_not_a_container)
{
	const char *not[] = {
		"/machine.slice",
		"/libpod_parent",
		"/machine.slice/libpod-conmon-" ID_A ".scope",   /* podman's monitor, not the container */
		"/system.slice/crio-conmon-" ID_A ".scope",
		"/system.slice/docker.service",
		"/machine.slice/libpod-" ID_A ".scope/container",   /* a leaf inside one: the scope is the container */
		"/kubepods/besteffort/pod1d2c3b4a-0000-1111-2222-333344445555",
		"/" ID_A,                                         /* a bare ID with no runtime's parent */
		"/mine/" ID_A,
		"/docker/" "BCF36B353378C6D55A9DF7BE57413C3BE47D27AA98FC109FCCC0E37695517BAB",   /* IDs are lowercase */
		"/docker/" "bcf36b353378",                        /* short IDs are not directory names */
		"/system.slice/docker-" ID_A ".scopex",
		"/system.slice/docker-" ID_A "0.scope",
		"/machine.slice/libpod-" ID_A ".service",
		"/docker",
		"",
	};
	size_t i;

	for (i = 0; i < sizeof(not) / sizeof(not[0]); i++)
		cr_expect_null(ctr_id_in_path(not[i], id), "%s taken for a container", not[i]);
}

/* a tree's container directories, as containers.c's walk finds them */
static int tree_of(const char *const *paths, int n, struct ctr_dir *dirs)
{
	int i, k = 0;

	for (i = 0; i < n; i++) {
		const char *r = ctr_id_in_path(paths[i], dirs[k].id);

		if (r) {
			dirs[k].runtime = r;
			dirs[k++].path = (char *)paths[i];
		}
	}
	return k;
}

static const char *const machine[] = {
	"/libpod_parent",
	"/libpod_parent/libpod-" ID_A,
	"/libpod_parent/conmon",
	"/docker",
	"/docker/" ID_B,
	"/system.slice",
	"/system.slice/docker-" ID_C ".scope",
	"/kubepods/besteffort/pod1d2c/" ID_C,   /* the same ID twice: only the first counts */
};

Test(ctrname, full_id_unique_prefix_and_ambiguity)
{
	struct ctr_dir dirs[16];
	int n = tree_of(machine, 8, dirs), idx[4];

	cr_assert_eq(n, 4);
	cr_expect_eq(ctr_match(dirs, n, ID_A, idx, 4), 1);
	cr_expect_str_eq(dirs[idx[0]].path, "/libpod_parent/libpod-" ID_A);
	cr_expect_str_eq(dirs[idx[0]].runtime, "podman");

	cr_expect_eq(ctr_match(dirs, n, "bcf36", idx, 4), 1, "a unique prefix");
	cr_expect_str_eq(dirs[idx[0]].id, ID_A);

	cr_expect_eq(ctr_match(dirs, n, "bcf3", idx, 4), 2, "a prefix of two IDs");
	cr_expect_str_eq(dirs[idx[0]].id, ID_A);
	cr_expect_str_eq(dirs[idx[1]].id, ID_B);

	cr_expect_eq(ctr_match(dirs, n, "0123", idx, 4), 1, "one ID in two places is one container");
	cr_expect_str_eq(dirs[idx[0]].path, "/system.slice/docker-" ID_C ".scope", "the first (outermost) place");

	cr_expect_eq(ctr_match(dirs, n, "b", idx, 1), 2, "the count goes past max");
	cr_expect_eq(ctr_match(dirs, n, "ctrtest1", idx, 4), 0, "a name is not a prefix");
	cr_expect_eq(ctr_match(dirs, n, "BCF3", idx, 4), 0, "IDs are lowercase");
	cr_expect_eq(ctr_match(dirs, n, "ffff", idx, 4), 0);
	cr_expect_eq(ctr_match(dirs, 0, "bcf3", idx, 4), 0, "an empty tree");
}

Test(ctrname, references)
{
	cr_expect(ctr_is_id_prefix("bcf3"));
	cr_expect(ctr_is_id_prefix(ID_A));
	cr_expect_not(ctr_is_id_prefix(ID_A "0"), "65 digits");
	cr_expect_not(ctr_is_id_prefix(""));
	cr_expect_not(ctr_is_id_prefix("bcfg"));

	cr_expect(ctr_valid_ref("ctrtest1"));
	cr_expect(ctr_valid_ref("web_1.prod-a"));
	cr_expect(ctr_valid_ref(ID_A));
	cr_expect_not(ctr_valid_ref(""));
	cr_expect_not(ctr_valid_ref("-rm"), "an option to the tool");
	cr_expect_not(ctr_valid_ref("_x"));
	cr_expect_not(ctr_valid_ref("a b"));
	cr_expect_not(ctr_valid_ref("a/b"));
	cr_expect_not(ctr_valid_ref("a;reboot"));
}

Test(ctrname, inspect_lines)
{
	struct ctr_inspect in;

	cr_assert_eq(ctr_inspect_parse(ID_A " 16743 running ctrtest1\n", &in), 0);
	cr_expect_str_eq(in.id, ID_A);
	cr_expect_eq(in.pid, 16743);
	cr_expect_str_eq(in.state, "running");
	cr_expect_str_eq(in.name, "ctrtest1");

	cr_assert_eq(ctr_inspect_parse(ID_B " 0 exited /web", &in), 0, "docker's name, stopped, no newline");
	cr_expect_str_eq(in.name, "web");
	cr_expect_eq(in.pid, 0);
	cr_expect_str_eq(in.state, "exited");

	cr_expect_eq(ctr_inspect_parse("", &in), -1);
	cr_expect_eq(ctr_inspect_parse("Error: no such container x\n", &in), -1);
	cr_expect_eq(ctr_inspect_parse("bcf3 1 running x\n", &in), -1, "a short ID");
	cr_expect_eq(ctr_inspect_parse(ID_A " -1 running x\n", &in), -1);
	cr_expect_eq(ctr_inspect_parse(ID_A " 12 running x\n" ID_B " 13 running y\n", &in), -1, "two containers");
	cr_expect_eq(ctr_inspect_parse(ID_A " 12 running x y\n", &in), -1);
	cr_expect_eq(ctr_inspect_parse(ID_A " 12 running -x\n", &in), -1);
}

/* this machine's, hybrid v1/v2 */
static const char hybrid[] =
	"22 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
	"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
	"40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
	"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

Test(cgroup2, mount_from_mountinfo)
{
	char out[256];

	cr_assert_eq(cgroup2_mount_parse(hybrid, out, sizeof(out)), 0);
	cr_expect_str_eq(out, "/sys/fs/cgroup/unified");

	cr_assert_eq(cgroup2_mount_parse("30 23 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate", out, sizeof(out)), 0,
		     "unified only, optional fields, no newline");
	cr_expect_str_eq(out, "/sys/fs/cgroup");

	cr_assert_eq(cgroup2_mount_parse("50 1 0:26 /sub /mnt/part rw - cgroup2 cgroup2 rw\n"
					 "51 1 0:26 / /mnt/my\\040cg rw - cgroup2 cgroup2 rw\n", out, sizeof(out)), 0);
	cr_expect_str_eq(out, "/mnt/my cg", "the whole hierarchy beats a part; \\040 is a space");

	cr_assert_eq(cgroup2_mount_parse("50 1 0:26 /sub /mnt/part rw - cgroup2 cgroup2 rw\n", out, sizeof(out)), 0);
	cr_expect_str_eq(out, "/mnt/part", "a part is better than nothing");

	cr_expect_eq(cgroup2_mount_parse("32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n", out, sizeof(out)), -1,
		     "v1 only");
	cr_expect_eq(cgroup2_mount_parse("60 1 0:40 / /mnt/cgroup2 rw - ext4 /dev/x rw\n", out, sizeof(out)), -1,
		     "a directory named cgroup2 is not the file system");
	cr_expect_eq(cgroup2_mount_parse("", out, sizeof(out)), -1);
	cr_expect_eq(cgroup2_mount_parse(hybrid, out, 8), -1, "too long for out");
}

Test(cgroup2, a_process_place)
{
	char out[256];
	const char *podman_hybrid =
		"10:hugetlb:/libpod_parent/libpod-" ID_A "\n"
		"1:cpu:/libpod_parent/libpod-" ID_A "\n"
		"0::/libpod_parent/libpod-" ID_A "\n";

	cr_assert_eq(cgroup2_path_parse(podman_hybrid, out, sizeof(out)), 0);
	cr_expect_str_eq(out, "/libpod_parent/libpod-" ID_A);
	cr_assert_eq(cgroup2_path_parse("0::/\n", out, sizeof(out)), 0);
	cr_expect_str_eq(out, "/");
	cr_expect_eq(cgroup2_path_parse("4:memory:/x\n1:cpu:/\n", out, sizeof(out)), -1, "v1 only");
	cr_expect_eq(cgroup2_path_parse("", out, sizeof(out)), -1);
}

static struct options o;
static char err[512];
#define ARGV(...) ((char *[]){ "snoop", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "snoop", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(...) opts_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), &o, err, sizeof(err))

Test(ctropts, container_option)
{
	cr_assert_eq(PARSE("--container=web", "--container", "bcf3"), OPTS_RUN, "%s", err);
	cr_expect_eq(o.ncontainers, 2);
	cr_expect_str_eq(o.containers[0], "web");
	cr_expect_str_eq(o.containers[1], "bcf3");
	cr_expect_eq(o.ncgroups, 0, "resolved later, into cgroups");
	cr_expect_null(o.command, "a target on its own");

	cr_expect_eq(PARSE("--container=-x"), OPTS_ERROR);
	cr_expect(strstr(err, "invalid --container argument: '-x'") != NULL, "%s", err);
	cr_expect_eq(PARSE("--container="), OPTS_ERROR);
	cr_expect_eq(PARSE("--container=a/b"), OPTS_ERROR);
	/* a capture's records carry their cgroup: -r filters by container */
	cr_expect_eq(PARSE("-r", "cap.snoop", "--container=web"), OPTS_RUN, "%s", err);
	cr_expect_eq(PARSE("-r", "cap.snoop", "-a"), OPTS_ERROR);
	cr_expect(strstr(err, "-a") && strstr(err, "a capture is filtered by -p, -n, --cgroup and --container"), "%s", err);
	cr_expect_eq(PARSE("--prepare", "--container=web"), OPTS_ERROR);
	cr_expect(strstr(err, "--container") && strstr(err, "--prepare traces nothing"), "%s", err);
}

Test(ctropts, too_many_containers)
{
	char *argv[OPTS_MAX_CGROUPS + 3] = { "snoop" };
	int i;

	for (i = 1; i <= OPTS_MAX_CGROUPS + 1; i++)
		argv[i] = "--container=web";
	cr_expect_eq(opts_parse(OPTS_MAX_CGROUPS + 1, argv, &o, err, sizeof(err)), OPTS_RUN, "%s", err);
	cr_expect_eq(opts_parse(OPTS_MAX_CGROUPS + 2, argv, &o, err, sizeof(err)), OPTS_ERROR);
	cr_expect(strstr(err, "at most 16") != NULL, "%s", err);
}
