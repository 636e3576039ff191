/* -y's fd table: what each fd is, learnt from records, shown in arguments. */
#include <criterion/criterion.h>
#include <linux/sched.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include "record/decode.h"
#include "record/fdtable.h"
#include "record/syscalls.h"

static char out[DECODE_MAX + 1];
static struct fdtable t;

static void setup(void)
{
	cr_assert_eq(fdtable_init(&t, 64, NULL, NULL), 0);
}

static void teardown(void)
{
	fdtable_free(&t);
}

static struct snoop_record rec(const char *name, int64_t ret, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct snoop_record r = { .nr = (int32_t)syscall_number(name), .pid = 42, .tid = 42, .ret = ret,
				  .args = { a0, a1, a2, a3, 0, 0 } };
	return r;
}

/* the record with one memory item for argument a */
static void learn(struct snoop_record r, int a, const void *mem, size_t n)
{
	r.mem_arg[0] = (uint8_t)a;
	r.mem_len[0] = (uint16_t)n;
	r.mem_flags[0] = mem ? SNOOP_MEM_DONE : 0;
	fdtable_learn(&t, &r, mem, n);
}

static const char *shown(const char *name, uint64_t fd)
{
	struct snoop_record r = rec(name, 0, fd, 0, 0, 0);

	out[decode_args_fds(out, &r, &t, NULL, 0)] = '\0';
	return out;
}

TestSuite(fdtable, .init = setup, .fini = teardown);

Test(fdtable, files_dup_close_exec)
{
	learn(rec("openat", 3, (uint64_t)-100, 0x1000, O_RDONLY | O_CLOEXEC, 0), 1, "/etc/hostname", 13);
	cr_expect_str_eq(shown("close", 3), "(3</etc/hostname>)");
	learn(rec("dup2", 1, 3, 1, 0, 0), 0, NULL, 0);
	cr_expect_str_eq(shown("close", 1), "(1</etc/hostname>)");
	learn(rec("close", 0, 3, 0, 0, 0), 0, NULL, 0);
	cr_expect_str_eq(shown("close", 3), "(3)", "closed: no longer known");
	learn(rec("openat", 4, (uint64_t)-100, 0x1000, O_RDONLY | O_CLOEXEC, 0), 1, "/a", 2);
	learn(rec("execve", 0, 0x1000, 0, 0, 0), 0, NULL, 0);
	cr_expect_str_eq(shown("close", 4), "(4)", "close-on-exec fds go at exec");
	cr_expect_str_eq(shown("close", 1), "(1</etc/hostname>)", "others stay");
	learn(rec("openat", 5, (uint64_t)-100, 0x1000, O_RDONLY, 0), 1, "rel", 3);
	cr_expect_str_eq(shown("close", 5), "(5<rel>)", "cwd unknown: as given");
	learn(rec("chdir", 0, 0x1000, 0, 0, 0), 0, "/tmp", 4);
	learn(rec("openat", 6, (uint64_t)-100, 0x1000, O_RDONLY, 0), 1, "./x", 3);
	cr_expect_str_eq(shown("close", 6), "(6</tmp/x>)", "relative to the cwd chdir set");
	learn(rec("openat", 8, 6, 0x1000, O_RDONLY, 0), 1, ".", 1);
	cr_expect_str_eq(shown("close", 8), "(8</tmp/x>)", "x's own name, not /tmp/x/.");
	learn(rec("openat", 8, 8, 0x1000, O_RDONLY, 0), 1, "a//./b/", 7);
	cr_expect_str_eq(shown("close", 8), "(8</tmp/x/a/b>)");
	learn(rec("openat", 8, (uint64_t)-100, 0x1000, O_RDONLY, 0), 1, "/usr/lib/../lib/./x", 19);
	cr_expect_str_eq(shown("close", 8), "(8</usr/lib/../lib/x>)", ".. kept: a symbolic link may come before it");
	learn(rec("openat", 8, (uint64_t)-100, 0x1000, O_RDONLY, 0), 1, "/./", 3);
	cr_expect_str_eq(shown("close", 8), "(8</>)");
	learn(rec("openat", 8, (uint64_t)-100, 0x1000, O_RDONLY, 0), 1, "./rel/", 6);
	cr_expect_str_eq(shown("close", 8), "(8</tmp/rel>)");
	learn(rec("openat", -2, (uint64_t)-100, 0x1000, O_RDONLY, 0), 1, "/nope", 5);
	cr_expect_str_eq(shown("close", 7), "(7)");
}

Test(fdtable, fork_inherits_process_end_forgets)
{
	struct snoop_record child = rec("close", 0, 3, 0, 0, 0), end = rec("close", 0, 0, 0, 0, 0);

	learn(rec("openat", 3, (uint64_t)-100, 0x1000, O_RDONLY, 0), 1, "/etc/passwd", 11);
	learn(rec("clone", 43, 0x1200011, 0, 0, 0), 0, NULL, 0);   /* SIGCHLD|CLONE_CHILD_* */
	child.pid = child.tid = 43;
	out[decode_args_fds(out, &child, &t, NULL, 0)] = '\0';
	cr_expect_str_eq(out, "(3</etc/passwd>)");
	end.flags = SNOOP_REC_EXIT;
	end.pid = 42;
	fdtable_learn(&t, &end, NULL, 0);
	cr_expect_str_eq(shown("close", 3), "(3)", "the process ended");
	out[decode_args_fds(out, &child, &t, NULL, 0)] = '\0';
	cr_expect_str_eq(out, "(3</etc/passwd>)", "its child keeps its own");
}

/* a vfork child's calls end before its parent's vfork: the fork's own
 * record (SNOOP_REC_FORK), timed at the fork, gives the child its copy
 * first; the vfork record that follows does not copy the parent's fds
 * of that later moment over what the child made of its own */
Test(fdtable, fork_record_first_the_call_after_copies_nothing)
{
	struct snoop_record child = rec("close", 0, 1, 0, 0, 0);

	learn(rec("openat", 3, (uint64_t)-100, 0x1000, O_WRONLY, 0), 1, "/dev/null", 9);
	fdtable_set(&t, 42, 1, "/tmp/out", 8, 0);
	fdtable_fork(&t, 42, 43);
	child.pid = child.tid = 43;
	child.nr = (int32_t)syscall_number("dup2");
	child.ret = 1;
	child.args[0] = 3;
	child.args[1] = 1;
	fdtable_learn(&t, &child, NULL, 0);   /* dup2(3, 1) in the child */
	child.nr = (int32_t)syscall_number("execve");
	child.ret = 0;
	fdtable_learn(&t, &child, NULL, 0);
	learn(rec("vfork", 43, 0, 0, 0, 0), 0, NULL, 0);
	child.nr = (int32_t)syscall_number("close");
	child.args[0] = 1;
	out[decode_args_fds(out, &child, &t, NULL, 0)] = '\0';
	cr_expect_str_eq(out, "(1</dev/null>)", "the child's dup2, not the parent's stdout");
	cr_expect_str_eq(shown("close", 1), "(1</tmp/out>)", "the parent's own");
}

/* where fork records come (a live run on a kernel with BTF, or after a
 * capture's first), a fork call copies nothing: a child without a fork
 * record is never traced, and no end record would free its copy */
Test(fdtable, no_copy_at_the_fork_call_where_fork_records_come)
{
	struct snoop_record r = rec("close", 0, 3, 0, 0, 0);

	learn(rec("openat", 3, (uint64_t)-100, 0x1000, O_RDONLY, 0), 1, "/etc/passwd", 11);
	fdtable_fork(&t, 42, 43);
	learn(rec("clone", 44, 0x1200011, 0, 0, 0), 0, NULL, 0);
	r.pid = r.tid = 44;
	out[decode_args_fds(out, &r, &t, NULL, 0)] = '\0';
	cr_expect_str_eq(out, "(3)", "after a fork record");
	cr_expect_eq(t.used, 3, "42's fd, 43's copy and mark: %zu entries", t.used);
}

/* a thread made by clone3 (glibc's pthread_create) shares the table: no
 * copy under its TID, which no end record would free */
Test(fdtable, clone3_thread_copies_nothing)
{
	uint64_t args[11] = { CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD };
	struct snoop_record r = rec("close", 0, 3, 0, 0, 0);

	learn(rec("openat", 3, (uint64_t)-100, 0x1000, O_RDONLY, 0), 1, "/etc/passwd", 11);
	learn(rec("clone3", 44, 0x1000, sizeof(args), 0, 0), 0, args, sizeof(args));
	cr_expect_eq(t.used, 1, "%zu entries", t.used);
	args[0] = 0;   /* a process: SIGCHLD in exit_signal */
	learn(rec("clone3", 45, 0x1000, sizeof(args), 0, 0), 0, args, sizeof(args));
	r.pid = r.tid = 45;
	out[decode_args_fds(out, &r, &t, NULL, 0)] = '\0';
	cr_expect_str_eq(out, "(3</etc/passwd>)");
}

/* a fork of no process, or by pid 0 (a damaged capture's fork frame),
 * copies nothing: pid 0 marks the free slots */
Test(fdtable, fork_record_of_pid_0_copies_nothing)
{
	struct snoop_record r = rec("close", 0, 3, 0, 0, 0);

	fdtable_fork(&t, 0, 43);
	fdtable_fork(&t, 42, 0);
	r.pid = r.tid = 43;
	out[decode_args_fds(out, &r, &t, NULL, 0)] = '\0';
	cr_expect_str_eq(out, "(3)");
	cr_expect_eq(t.used, 0, "%zu entries", t.used);
}

/* close_range closes (or with CLOSE_RANGE_CLOEXEC, marks) the fds in its range */
Test(fdtable, close_range_closes_its_range)
{
	learn(rec("openat", 3, (uint64_t)-100, 0x1000, O_RDONLY, 0), 1, "/a", 2);
	learn(rec("openat", 4, (uint64_t)-100, 0x1000, O_RDONLY, 0), 1, "/b", 2);
	learn(rec("openat", 6, (uint64_t)-100, 0x1000, O_RDONLY, 0), 1, "/c", 2);
	learn(rec("close_range", 0, 6, ~0U, 4, 0), 0, NULL, 0);   /* CLOSE_RANGE_CLOEXEC */
	learn(rec("close_range", 0, 3, 4, 0, 0), 0, NULL, 0);
	cr_expect_str_eq(shown("close", 3), "(3)");
	cr_expect_str_eq(shown("close", 4), "(4)");
	cr_expect_str_eq(shown("close", 6), "(6</c>)");
	learn(rec("execve", 0, 0x1000, 0, 0, 0), 0, NULL, 0);
	cr_expect_str_eq(shown("close", 6), "(6)", "made close-on-exec");
}

/* what /proc/self, /proc/thread-self and the fd links name, as the kernel
 * (and so strace -y) shows what was opened through them */
Test(fdtable, proc_self_and_fd_links)
{
	struct snoop_record r = rec("openat", 5, (uint64_t)-100, 0x1000, O_RDONLY, 0);

	r.tid = 43;
	learn(r, 1, "/proc/self/maps", 15);
	cr_expect_str_eq(shown("close", 5), "(5</proc/42/maps>)");
	learn(r, 1, "/proc/thread-self/comm", 22);
	cr_expect_str_eq(shown("close", 5), "(5</proc/42/task/43/comm>)");
	learn(r, 1, "/proc/selfish", 13);
	cr_expect_str_eq(shown("close", 5), "(5</proc/selfish>)");
	learn(rec("openat", 3, (uint64_t)-100, 0x1000, O_RDONLY, 0), 1, "/etc/hostname", 13);
	learn(r, 1, "/dev/fd/3", 9);
	cr_expect_str_eq(shown("close", 5), "(5</etc/hostname>)", "the file fd 3 is");
	learn(r, 1, "/proc/self/fd/3", 15);
	cr_expect_str_eq(shown("close", 5), "(5</etc/hostname>)");
	fdtable_set(&t, 42, 0, "/tmp/in", 7, 0);
	learn(r, 1, "/dev/stdin", 10);
	cr_expect_str_eq(shown("close", 5), "(5</tmp/in>)");
	r.args[2] = O_PATH | O_NOFOLLOW;
	learn(r, 1, "/dev/stdin", 10);
	cr_expect_str_eq(shown("close", 5), "(5</dev/stdin>)", "O_NOFOLLOW: the link itself");
	r.args[2] = O_RDONLY;
	learn(r, 1, "/dev/fd/9", 9);
	cr_expect_str_eq(shown("close", 5), "(5</dev/fd/9>)", "fd 9 not known: the name used");
	learn(r, 1, "/dev/fd/3x", 10);
	cr_expect_str_eq(shown("close", 5), "(5</dev/fd/3x>)");
}

/* AT_FDCWD names the working directory, as strace -y shows it, once known */
Test(fdtable, at_fdcwd_shows_the_working_directory)
{
	struct snoop_record r = rec("openat", 3, (uint64_t)-100, 0x1000, O_RDONLY, 0);
	unsigned cut;

	out[decode_args_fds(out, &r, &t, NULL, 0)] = '\0';
	cr_expect_str_eq(out, "(AT_FDCWD, 0x1000, O_RDONLY)", "not known yet");
	learn(rec("chdir", 0, 0x1000, 0, 0, 0), 0, "/tmp", 4);
	out[decode_args_fds(out, &r, &t, NULL, 0)] = '\0';
	cr_expect_str_eq(out, "(AT_FDCWD</tmp>, 0x1000, O_RDONLY)");
	out[decode_args_json(out, &r, &t, NULL, 0, &cut)] = '\0';
	cr_expect_str_eq(out, "[{\"fd\":\"AT_FDCWD\",\"path\":\"/tmp\"},\"0x1000\",\"O_RDONLY\"]");
}

Test(fdtable, sockets_and_pipes)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(8080) };
	int32_t fds[2] = { 7, 8 };

	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	learn(rec("socket", 3, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0, 0), 0, NULL, 0);
	cr_expect_str_eq(shown("close", 3), "(3<TCP>)");
	learn(rec("bind", 0, 3, 0x1000, sizeof(a), 0), 1, &a, sizeof(a));
	cr_expect_str_eq(shown("close", 3), "(3<TCP:[127.0.0.1:8080]>)");
	a.sin_port = htons(5555);
	learn(rec("accept4", 4, 3, 0x1000, 0x2000, 0), 1, &a, sizeof(a));
	cr_expect_str_eq(shown("close", 4), "(4<TCP:[127.0.0.1:8080->127.0.0.1:5555]>)");
	learn(rec("socket", 5, AF_INET, SOCK_STREAM, 0, 0), 0, NULL, 0);
	learn(rec("connect", -115, 5, 0x1000, sizeof(a), 0), 1, &a, sizeof(a));
	cr_expect_str_eq(shown("close", 5), "(5<TCP:[->127.0.0.1:5555]>)", "EINPROGRESS: connecting");
	learn(rec("pipe2", 0, 0x1000, 0, 0, 0), 0, fds, sizeof(fds));
	cr_expect_str_eq(shown("close", 8), "(8<pipe>)");
	a.sin_port = 0;
	a.sin_addr.s_addr = 0;
	learn(rec("socket", 9, AF_INET, SOCK_STREAM, 0, 0), 0, NULL, 0);
	learn(rec("getsockname", 0, 9, 0x1000, 0x2000, 0), 1, &a, sizeof(a));
	cr_expect_str_eq(shown("close", 9), "(9<TCP>)", "unbound: 0.0.0.0:0 says nothing");
}

/* fds that are no file, named as /proc/PID/fd names them (strace -y) */
Test(fdtable, anon_inodes_and_memfd)
{
	learn(rec("epoll_create1", 3, O_CLOEXEC, 0, 0, 0), 0, NULL, 0);
	learn(rec("eventfd2", 4, 0, 0, 0, 0), 0, NULL, 0);
	learn(rec("signalfd4", 5, (uint64_t)-1, 0x1000, 8, 0), 0, NULL, 0);
	learn(rec("signalfd4", 5, 4, 0x1000, 8, 0), 0, NULL, 0);   /* changes fd 4: still an eventfd */
	learn(rec("memfd_create", 6, 0x1000, 0, 0, 0), 0, "mfd", 4);
	cr_expect_str_eq(shown("close", 3), "(3<anon_inode:[eventpoll]>)");
	cr_expect_str_eq(shown("close", 4), "(4<anon_inode:[eventfd]>)");
	cr_expect_str_eq(shown("close", 5), "(5<anon_inode:[signalfd]>)");
	cr_expect_str_eq(shown("close", 6), "(6</memfd:mfd>(deleted))", "strace -y's form of a deleted file");
	learn(rec("execve", 0, 0x1000, 0, 0, 0), 0, NULL, 0);
	cr_expect_str_eq(shown("close", 3), "(3)", "EPOLL_CLOEXEC");
	cr_expect_str_eq(shown("close", 4), "(4<anon_inode:[eventfd]>)");
}

/* many fds come and go: deletion keeps every other entry findable */
Test(fdtable, churn_keeps_entries_findable)
{
	char name[16];
	int fd, round;

	for (round = 0; round < 20; round++) {
		for (fd = 0; fd < 40; fd++) {
			snprintf(name, sizeof(name), "/f%d", fd);
			learn(rec("openat", fd, (uint64_t)-100, 0x1000, 0, 0), 1, name, strlen(name));
		}
		for (fd = round % 2; fd < 40; fd += 2)
			learn(rec("close", 0, (uint64_t)fd, 0, 0, 0), 0, NULL, 0);
		for (fd = 0; fd < 40; fd++) {
			snprintf(name, sizeof(name), "(%d</f%d>)", fd, fd);
			if (fd % 2 == round % 2)
				cr_assert_eq(fdtable_get(&t, 42, fd, &(size_t){ 0 }), NULL, "round %d fd %d", round, fd);
			else
				cr_assert_str_eq(shown("close", (uint64_t)fd), name, "round %d", round);
		}
	}
}

/* a fork whose result is no PID (a damaged capture: 2^32 is 0 as a PID)
 * gives no child, and takes nothing from the parent */
Test(fdtable, fork_of_no_child_keeps_the_parents_fds)
{
	learn(rec("openat", 3, (uint64_t)-100, 0x1000, O_RDONLY, 0), 1, "/etc/passwd", 11);
	learn(rec("vfork", 1LL << 32, 0, 0, 0, 0), 0, NULL, 0);
	cr_expect_str_eq(shown("close", 3), "(3</etc/passwd>)");
}

/* what /proc/42/fd showed of a server's listener before snoop saw it */
static void seed_listener(void *ctx, struct fdtable *tt, uint32_t pid)
{
	(void)ctx;
	fdtable_set(tt, pid, 3, "socket:[109612]", 15, 0);
}

/* the listener's inode is its own: an fd accepted on it shows the peer
 * the call returned, under the family that peer has */
Test(fdtable, accepted_on_a_seeded_listener_is_not_the_listener)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(5555) };

	fdtable_free(&t);
	cr_assert_eq(fdtable_init(&t, 64, seed_listener, NULL), 0);
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	cr_expect_str_eq(shown("close", 3), "(3<socket:[109612]>)");
	learn(rec("accept4", 11, 3, 0x1000, 0x2000, SOCK_CLOEXEC), 1, &a, sizeof(a));
	cr_expect_str_eq(shown("close", 11), "(11<INET:[->127.0.0.1:5555]>)");
	learn(rec("accept", 12, 3, 0, 0, 0), 1, NULL, 0);
	cr_expect_str_eq(shown("close", 12), "(12<socket>)", "no peer returned: a socket, no more");
	cr_expect_str_eq(shown("close", 3), "(3<socket:[109612]>)", "the listener keeps its own");
}
