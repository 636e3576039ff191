/* Process helpers: /proc parsing and command lookup. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "trace/proc.h"

static char out[4096], err[512];

Test(proc, kthread_flag_from_stat)
{
	/* kthreadd: flags 0x208040 has PF_KTHREAD (0x200000) */
	cr_expect_eq(stat_is_kthread("2 (kthreadd) S 0 0 0 0 -1 2129984 0 0"), 1);
	cr_expect_eq(stat_is_kthread("1 (systemd) S 0 1 1 0 -1 4194560 100 0"), 0);
	/* a comm with spaces and ')' must not shift the fields */
	cr_expect_eq(stat_is_kthread("77 (a) b) c) S 1 77 77 0 -1 4194560 0 0"), 0);
	cr_expect_eq(stat_is_kthread("77 (x) S 1"), -1);
	cr_expect_eq(stat_is_kthread("garbage"), -1);
}

Test(proc, tgid_from_status)
{
	cr_expect_eq(status_tgid("Name:\tbash\nUmask:\t0022\nState:\tS\nTgid:\t4242\nNgid:\t0\n"), 4242);
	cr_expect_eq(status_tgid("Name:\tbash\n"), -1);
}

Test(proc, target_checks)
{
	cr_expect_eq(proc_target(getpid(), getpid(), err, sizeof(err)), -1);
	cr_expect(strstr(err, "snoop itself") != NULL, "%s", err);
	cr_expect_eq(proc_target(getppid(), getpid(), err, sizeof(err)), getppid());
	cr_expect_eq(proc_target(4194304, getpid(), err, sizeof(err)), -1);
	cr_expect(strstr(err, "no such process") != NULL, "%s", err);
	if (access("/proc/2/stat", F_OK) == 0) {   /* kthreadd, where /proc shows it */
		cr_expect_eq(proc_target(2, getpid(), err, sizeof(err)), -1);
		cr_expect(strstr(err, "kernel thread") != NULL, "%s", err);
	}
}

Test(proc, resolve_command_like_execvp)
{
	char dir[] = "/tmp/snoop-cmd-XXXXXX", path[256], env[300];
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/tool", dir);
	f = fopen(path, "w");
	fputs("#!/bin/sh\n", f);
	fclose(f);
	chmod(path, 0644);
	snprintf(env, sizeof(env), "/nonexistent:%s", dir);

	cr_expect_eq(resolve_command("sh", "/usr/bin:/bin", out, sizeof(out), err, sizeof(err)), 0);
	cr_expect(strstr(out, "/sh") != NULL);
	cr_expect_eq(resolve_command("no-such-cmd-xyz", "/usr/bin:/bin", out, sizeof(out), err, sizeof(err)), 127);
	cr_expect(strstr(err, "not found") != NULL, "%s", err);
	cr_expect_eq(resolve_command("/no/such/file", NULL, out, sizeof(out), err, sizeof(err)), 127);
	cr_expect_eq(resolve_command(path, NULL, out, sizeof(out), err, sizeof(err)), 126,
		     "not executable, even for root: X_OK needs an x bit");
	cr_expect(strstr(err, "Permission denied") != NULL, "%s", err);
	cr_expect_eq(resolve_command(dir, NULL, out, sizeof(out), err, sizeof(err)), 126);
	cr_expect(strstr(err, "Is a directory") != NULL, "%s", err);
	cr_expect_eq(resolve_command("", NULL, out, sizeof(out), err, sizeof(err)), 127);
	chmod(path, 0755);
	cr_expect_eq(resolve_command("tool", env, out, sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(out, path);
	unlink(path);
	rmdir(dir);
}
