/* snoop -r: crafted captures replayed through the whole reading path,
 * options included, as `snoop -r FILE -y` runs them. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "opts.h"
#include "record/capture.h"
#include "record/replay.h"

static char dir[] = "/tmp/snoop-replay-XXXXXX";
static char cap_path[64], out_path[64];
static uint8_t file[8192];
static size_t file_len;
static uint64_t frames;

static void make_dir(void)
{
	static const char header[] = "# snoop format=3 clock=monotonic boot_realtime=1795305777.351427466 "
				     "host=h kernel=6 arch=x86_64 pid=1 args=decoded cmdline=snoop\n";

	cr_assert_not_null(mkdtemp(dir));
	snprintf(cap_path, sizeof(cap_path), "%s/cap", dir);
	snprintf(out_path, sizeof(out_path), "%s/out", dir);
	file_len = cap_put_header(file, header, sizeof(header) - 1);
	frames = 0;
}

static void remove_dir(void)
{
	unlink(cap_path);
	unlink(out_path);
	rmdir(dir);
}

TestSuite(replay, .init = make_dir, .fini = remove_dir);

/* One record frame: the call nr of pid, its result, its first three
 * arguments, and a path for argument path_arg (-1: none). */
static void put(uint32_t pid, long nr, int64_t ret, uint64_t a0, uint64_t a1, uint64_t a2, int path_arg,
		const char *path)
{
	struct snoop_record r = { .ts_ns = 1000 + frames, .duration_ns = 10, .pid = pid, .tid = pid,
				  .nr = (int32_t)nr, .ret = ret, .args = { a0, a1, a2 }, .comm = "x" };
	size_t n = path ? strlen(path) : 0;

	if (path) {
		r.mem_arg[0] = (uint8_t)path_arg;
		r.mem_len[0] = (uint16_t)n;
		r.mem_flags[0] = SNOOP_MEM_DONE;
	}
	file_len += cap_put_frame_head(file + file_len, CAP_RECORD, frames++, sizeof(r) + n);
	memcpy(file + file_len, &r, sizeof(r));
	if (n)
		memcpy(file + file_len + sizeof(r), path, n);
	file_len += sizeof(r) + n;
}

/* The process end of pid */
static void put_end(uint32_t pid)
{
	struct snoop_record r = { .ts_ns = 1000 + frames, .pid = pid, .tid = pid, .flags = SNOOP_REC_EXIT };

	file_len += cap_put_frame_head(file + file_len, CAP_RECORD, frames++, sizeof(r));
	memcpy(file + file_len, &r, sizeof(r));
	file_len += sizeof(r);
}

/* A SIGCHLD delivered to pid: its child 43 exited (CLD_EXITED) */
static void put_sigchld(uint32_t pid)
{
	struct snoop_record r = { .ts_ns = 1000 + frames, .pid = pid, .tid = pid, .nr = 17,
				  .flags = SNOOP_REC_SIGNAL, .args = { 1, 43 } };

	file_len += cap_put_frame_head(file + file_len, CAP_RECORD, frames++, sizeof(r));
	memcpy(file + file_len, &r, sizeof(r));
	file_len += sizeof(r);
}

/* A not-stored count's frame (version 3) */
static void put_unstored(uint32_t kind, uint64_t count)
{
	struct cap_unstored u = { .count = count, .kind = kind };

	file_len += cap_put_frame_head(file + file_len, CAP_UNSTORED, frames++, sizeof(u));
	memcpy(file + file_len, &u, sizeof(u));
	file_len += sizeof(u);
}

/* snoop -r cap -o out OPTION [ARG], and what it wrote */
static const char *replay_with(const char *option, const char *arg)
{
	static char text[16384];
	struct replay_config c;
	struct options o;
	char err[512];
	int fd = open(cap_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ssize_t n;

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, file, file_len), (ssize_t)file_len);
	close(fd);
	cr_assert_eq(opts_parse(arg ? 7 : 6, (char *[]){ "snoop", "-r", cap_path, "-o", out_path, (char *)option,
							 (char *)arg, NULL }, &o, err, sizeof(err)), OPTS_RUN, "%s", err);
	opts_replay_config(&o, &c);
	cr_assert_eq(replay(&c, NULL), 0);
	fd = open(out_path, O_RDONLY);
	cr_assert_geq(fd, 0);
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	cr_assert_geq(n, 0);
	text[n] = '\0';
	return text;
}

/* snoop -r cap -y -o out */
static const char *replay_y(void)
{
	return replay_with("-y", NULL);
}

/* pid 0 is the fd table's mark of a free slot, and no process has it (the
 * idle task makes no system calls): a capture whose records claim it
 * (damaged or crafted) once made -y take every free slot for its fds. Its
 * end and its execve then "deleted" free slots forever (100% CPU), its
 * fork gave the child fds other processes had closed. */
Test(replay, y_learns_nothing_from_pid_0, .timeout = 10)
{
	const char *text;

	put(42, SYS_openat, 3, (uint64_t)-100, 0x1000, O_RDONLY | O_CLOEXEC, 1, "/etc/passwd");
	put(42, SYS_close, 0, 3, 0, 0, -1, NULL);
	put(0, SYS_vfork, 5, 0, 0, 0, -1, NULL);
	put(5, SYS_close, -9, 3, 0, 0, -1, NULL);
	put(0, SYS_execve, 0, 0x1000, 0x2000, 0x3000, -1, NULL);
	put_end(0);
	put(42, SYS_openat, 4, (uint64_t)-100, 0x1000, O_RDONLY, 1, "/etc/hostname");
	put(42, SYS_close, 0, 4, 0, 0, -1, NULL);
	text = replay_y();
	cr_expect_not_null(strstr(text, "      5       5 close                          -9 EBADF                10 (3)\n"),
			   "pid 0's child has no fd 3 (pid 42 had closed it):\n%s", text);
	cr_expect_not_null(strstr(text, "(4</etc/hostname>)"), "the table still learns:\n%s", text);
}

/* -C writes the records and the summary: signals and ends are records
 * (the live run's BPF sends them), only the summary leaves them out. The
 * replay once left them out of the records too. */
Test(replay, C_keeps_signals_and_ends)
{
	const char *text;

	put(42, SYS_getpid, 42, 0, 0, 0, -1, NULL);
	put_sigchld(42);
	put_end(42);
	text = replay_with("-C", NULL);
	cr_expect_not_null(strstr(text, "      42      42 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=43, "),
			   "the signal:\n%s", text);
	cr_expect_not_null(strstr(text, "      42      42 +++ exited with 0 +++\n"), "the end:\n%s", text);
	cr_expect_not_null(strstr(text, " 1           total\n"), "one call counted:\n%s", text);
}

/* -P chooses calls by their path arguments: signals and ends have none and
 * are always written, as the live run writes them (BPF applies -P to calls
 * only). The replay once matched them against the paths too, and dropped
 * every one. */
Test(replay, P_keeps_signals_and_ends)
{
	const char *text;

	put(42, SYS_openat, 3, (uint64_t)-100, 0x1000, O_RDONLY, 1, "/etc/passwd");
	put(42, SYS_openat, 4, (uint64_t)-100, 0x1000, O_RDONLY, 1, "/etc/hostname");
	put_sigchld(42);
	put_end(42);
	text = replay_with("-P", "/etc/passwd");
	cr_expect_not_null(strstr(text, "(AT_FDCWD, \"/etc/passwd\", O_RDONLY)\n"), "the call on the path:\n%s", text);
	cr_expect_null(strstr(text, "/etc/hostname"), "a call on another path:\n%s", text);
	cr_expect_not_null(strstr(text, "      42      42 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=43, "),
			   "the signal:\n%s", text);
	cr_expect_not_null(strstr(text, "      42      42 +++ exited with 0 +++\n"), "the end:\n%s", text);
}

/* ---- issue 21: records' cgroups, and version-1 captures ---- */

/* The capture made again with a header whose fields end in extra (before
 * cmdline=), of format version version. */
static void remake(const char *extra, uint32_t version)
{
	char header[1024];
	int n = snprintf(header, sizeof(header), "# snoop format=3 clock=monotonic boot_realtime=1795305777.351427466 "
				 "host=h kernel=6 arch=x86_64 pid=1 args=decoded %scmdline=snoop\n", extra);

	file_len = cap_put_header(file, header, (size_t)n);
	memcpy(file + 8, &version, 4);
	frames = 0;
}

/* A getppid of pid in cgroup cg, its first rec_size bytes (112: a
 * version-1 capture's record) */
static void put_in(uint32_t pid, uint64_t cg, size_t rec_size)
{
	struct snoop_record r = { .ts_ns = 1000 + frames, .duration_ns = 10, .pid = pid, .tid = pid,
				  .nr = SYS_getppid, .ret = 7, .comm = "x", .cgroup_id = cg, .ns_pid = 2, .ns_tid = 3 };

	file_len += cap_put_frame_head(file + file_len, CAP_RECORD, frames++, rec_size);
	memcpy(file + file_len, &r, rec_size);
	file_len += rec_size;
}

/* A version-1 capture's records are 112 bytes: each is read whole, in
 * its place, and has no cgroup and no namespace numbers. */
Test(replay, version_1_capture_reads_112_byte_records)
{
	const char *text;

	remake("", 1);
	put_in(42, 0, CAP_RECORD_V1);
	put_in(43, 0, CAP_RECORD_V1);
	put_end(44);   /* 128 bytes: a v1 reader takes 112, the rest is padding (as perf's) */
	text = replay_with("--format=json", NULL);
	cr_expect_not_null(strstr(text, "\"pid\":42,\"tid\":42,\"comm\":\"x\",\"syscall\":\"getppid\",\"nr\":110,\"ret\":7,"),
			   "the first record, no cgroup_id:\n%s", text);
	cr_expect_not_null(strstr(text, "\"pid\":43,\"tid\":43,\"comm\":\"x\",\"syscall\":\"getppid\""),
			   "the second, in its place:\n%s", text);
	cr_expect_not_null(strstr(text, "{\"type\":\"exit\",\"time_ns\":1002,\"pid\":44,"), "the end:\n%s", text);
	cr_expect_null(strstr(text, "cgroup_id"), "%s", text);
	text = replay_with("--pidns=target", NULL);
	cr_expect_not_null(strstr(text, "      42      42 getppid "), "no namespace numbers: the host's:\n%s", text);
}

/* The header's cgroups= table names the records' containers, in JSON and
 * with --show-cgroup, and -r --container and --cgroup choose by it */
Test(replay, cgroups_table_names_and_chooses)
{
	static const char id[] = "bcf36b353378c6d55a9df7be57413c3be47d27aa98fc109fccc0e37695517bab";
	char extra[512];
	const char *text;

	snprintf(extra, sizeof(extra), "cgroups=77:/libpod_parent/libpod-%s:podman:%s:web,"
		 "78:/system.slice/cron%%20x.service ", id, id);
	remake(extra, CAP_VERSION);
	put_in(42, 77, sizeof(struct snoop_record));
	put_in(43, 78, sizeof(struct snoop_record));
	put_in(44, 79, sizeof(struct snoop_record));
	text = replay_with("--format=json", NULL);
	cr_expect_not_null(strstr(text, "\"pid\":42,\"tid\":42,\"comm\":\"x\",\"cgroup_id\":77,\"container\":{\"id\":\""),
			   "%s", text);
	cr_expect_not_null(strstr(text, id), "%s", text);
	cr_expect_not_null(strstr(text, "\",\"name\":\"web\",\"runtime\":\"podman\"},\"syscall\":\"getppid\""), "%s", text);
	cr_expect_not_null(strstr(text, "\"pid\":43,\"tid\":43,\"comm\":\"x\",\"cgroup_id\":78,\"syscall\""), "%s", text);
	text = replay_with("--show-cgroup", NULL);
	cr_expect_not_null(strstr(text, " cgroups=77:/libpod_parent/libpod-"), "the header keeps the table:\n%s", text);
	cr_expect_not_null(strstr(text, "      42      42 getppid                         7 -                    10 () [cgroup=77,container=web]\n"),
			   "%s", text);
	cr_expect_not_null(strstr(text, "() [cgroup=78]\n"), "%s", text);
	cr_expect_not_null(strstr(text, "() [cgroup=79]\n"), "%s", text);
	text = replay_with("--container=bcf36b", NULL);
	cr_expect(strstr(text, "      42      42 getppid") && !strstr(text, "      43      43") && !strstr(text, "      44      44"),
		  "--container=PREFIX keeps its records alone:\n%s", text);
	text = replay_with("--cgroup=system.slice", NULL);
	cr_expect(strstr(text, "      43      43 getppid") && !strstr(text, "      42      42") && !strstr(text, "      44      44"),
		  "--cgroup=DIR keeps its cgroups' alone (the path's %%20 is a space):\n%s", text);
	text = replay_with("--pidns=target", NULL);
	cr_expect_not_null(strstr(text, "       2       3 getppid"), "the namespace's numbers:\n%s", text);
}

/* A capture of one getppid of pid 42 in cgroup cg, its header's table
 * "cgroups=77:/x", written to cap_path; c set for -r of it with option. */
static void one_call_replay(uint64_t cg, const char *option, struct replay_config *c)
{
	static struct options o;
	char err[512];
	int fd;

	remake("cgroups=77:/x ", CAP_VERSION);
	put_in(42, cg, sizeof(struct snoop_record));
	fd = open(cap_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_eq(write(fd, file, file_len), (ssize_t)file_len);
	close(fd);
	cr_assert_eq(opts_parse(6, (char *[]){ "snoop", "-r", cap_path, "-o", out_path, (char *)option, NULL }, &o, err,
				sizeof(err)), OPTS_RUN, "%s", err);
	opts_replay_config(&o, c);
}

/* A --container the capture does not name is an error, not an empty trace */
Test(replay, unknown_container_is_an_error)
{
	struct replay_config c;

	one_call_replay(77, "--container=web", &c);
	cr_expect_eq(replay(&c, NULL), 1);
}

/* cgroup ids start again at each boot: a capture of another boot or host
 * (this one's header says host=h, booted in 2026) is not matched against
 * this machine's tree, where id 79 is some other directory */
Test(replay, another_boots_capture_ignores_this_machines_cgroups)
{
	static struct cgtable here;
	struct replay_config c;

	one_call_replay(79, "--cgroup=/here", &c);
	cgtable_parse(&here, "79:/here");
	c.cgroup_here = &here;
	c.cgroup_mount = NULL;
	cr_expect_eq(replay(&c, NULL), 1, "an error, not the records of this machine's cgroup 79");
}

/* What the kernel's tables could not store is said at the end, after -c's
 * table, as a live run says it: each kind's frames summed; a kind this
 * snoop does not know (a later snoop's) skipped. A version-2 capture (no
 * such frames) reads as before. */
Test(replay, unstored_counts_at_the_end)
{
	const char *text;

	remake("", 2);
	put_in(42, 0, sizeof(struct snoop_record));
	text = replay_with("--format=json", NULL);
	cr_expect_not_null(strstr(text, "\"pid\":42,\"tid\":42,\"comm\":\"x\",\"syscall\":\"getppid\""), "version 2:\n%s", text);
	cr_expect_null(strstr(text, "untraced"), "%s", text);
	remake("", CAP_VERSION);
	put_unstored(SNOOP_UNSTORED_ENDING, 1);
	put_in(42, 0, sizeof(struct snoop_record));
	put_unstored(SNOOP_UNSTORED_TRACED, 2);
	put_unstored(SNOOP_UNSTORED_KINDS, 9);
	put_unstored(SNOOP_UNSTORED_TRACED, 1);
	text = replay_with("-y", NULL);
	cr_expect_not_null(strstr(text, " getppid "), "%s", text);
	cr_expect_not_null(strstr(text, "()\n# untraced 3 processes (the kernel's table of traced processes was full or out "
					"of memory: their calls are missing)\n# unkept 1 process end ("), "%s", text);
	text = replay_with("--format=json", NULL);
	cr_expect_not_null(strstr(text, "\n{\"type\":\"untraced\",\"count\":3}\n{\"type\":\"unkept\",\"count\":1}\n"),
			   "%s", text);
	text = replay_with("-c", NULL);
	cr_expect_not_null(strstr(text, " total\n# untraced 3 processes ("), "after the table:\n%s", text);
	cr_expect_null(strstr(strstr(text, "# unkept 1 ") ?: text, "\n#"), "the unknown kind: no line:\n%s", text);
}

/* A fork's frame (version 4): the child's fds are its parent's at the fork,
 * though the parent's vfork record comes after the child's own records,
 * and no line is written for it. A version-3 capture (no such frames)
 * copies at the vfork record, as before. */
static void put_fork(uint32_t parent, uint32_t child)
{
	struct cap_fork f = { .ts_ns = 1000 + frames, .parent = parent, .child = child };

	file_len += cap_put_frame_head(file + file_len, CAP_FORK, frames++, sizeof(f));
	memcpy(file + file_len, &f, sizeof(f));
	file_len += sizeof(f);
}

/* lines of text holding s */
static int lines_with(const char *text, const char *s)
{
	const char *p, *end;
	int n = 0;

	for (p = text; *p; p = end + 1) {
		if (!(end = strchr(p, '\n')))
			break;
		n += memmem(p, (size_t)(end - p), s, strlen(s)) != NULL;
	}
	return n;
}

Test(replay, fork_frame_gives_the_child_its_parents_fds)
{
	const char *text;

	put(42, SYS_openat, 3, (uint64_t)-100, 0x1000, O_RDONLY, 1, "/etc/passwd");
	put_fork(42, 43);
	put(43, SYS_dup2, 1, 3, 1, 0, -1, NULL);
	put(42, SYS_vfork, 43, 0, 0, 0, -1, NULL);
	put(43, SYS_close, 0, 1, 0, 0, -1, NULL);
	text = replay_y();
	cr_expect_not_null(strstr(text, " dup2                            1 -                    10 (3</etc/passwd>, 1)\n"),
			   "%s", text);
	cr_expect_not_null(strstr(text, " close                           0 -                    10 (1</etc/passwd>)\n"),
			   "%s", text);
	cr_expect_eq(lines_with(text, "      "), 4, "4 records, no line for the fork:\n%s", text);
	text = replay_with("--format=json", NULL);
	cr_expect_eq(lines_with(text, "\"syscall\":"), 4, "4 records, no object for the fork:\n%s", text);
}

/* A fork frame too short to hold its parent and child is damage: exit 1,
 * after the records before it */
Test(replay, short_fork_frame_is_damage)
{
	struct replay_config c;
	struct options o;
	char err[512];
	uint64_t ts = 1;
	int fd;

	put(42, SYS_close, 0, 3, 0, 0, -1, NULL);
	file_len += cap_put_frame_head(file + file_len, CAP_FORK, frames++, sizeof(ts));
	memcpy(file + file_len, &ts, sizeof(ts));
	file_len += sizeof(ts);
	fd = open(cap_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_eq(write(fd, file, file_len), (ssize_t)file_len);
	close(fd);
	cr_assert_eq(opts_parse(6, (char *[]){ "snoop", "-r", cap_path, "-o", out_path, "-y", NULL }, &o, err,
				sizeof(err)), OPTS_RUN, "%s", err);
	opts_replay_config(&o, &c);
	cr_expect_eq(replay(&c, NULL), 1);
}
