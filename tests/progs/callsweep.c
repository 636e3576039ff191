/* callsweep - one call each of the syscalls snoop long showed as six hex
 * numbers (no signature), with arguments that do no harm as root: objects
 * it makes and removes itself (System V IPC, a POSIX message queue, a key in
 * its own process keyring, timers), queries, and calls that fail on a bad
 * fd, a missing path or a bad magic number before they could change the
 * machine. t_strace_compare runs it under strace -f and snoop at once and
 * compares every argument; it prints nothing and exits 0.
 *
 *   callsweep        the calls, in the order below
 *
 * Raw syscall() throughout: libc wrappers may pick another call (utimes
 * through utimensat) or none (time through the vDSO). Calls that have no
 * system call on x86_64 or need hardware (ioperm) are not made. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/futex.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>
#include <linux/membarrier.h>
#include <linux/perf_event.h>
#include <mqueue.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <sys/timex.h>
#include <sys/xattr.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define MISSING "/nonexistent/callsweep"

static void ipc(void)
{
	struct sembuf op = { .sem_num = 0, .sem_op = 1, .sem_flg = IPC_NOWAIT };
	struct timespec zero = { 0, 0 };
	struct { long type; char text[8]; } msg = { 1, "ping" };
	long id;
	long at;

	id = syscall(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	at = syscall(SYS_shmat, id, NULL, SHM_RDONLY);
	syscall(SYS_shmdt, at);
	syscall(SYS_shmctl, id, IPC_RMID, NULL);
	id = syscall(SYS_semget, IPC_PRIVATE, 1, IPC_CREAT | IPC_EXCL | 0600);
	syscall(SYS_semop, id, &op, 1);
	syscall(SYS_semtimedop, id, &op, 1, &zero);
	syscall(SYS_semctl, id, 0, IPC_RMID, 0);
	id = syscall(SYS_msgget, IPC_PRIVATE, IPC_CREAT | 0600);
	syscall(SYS_msgsnd, id, &msg, 4, IPC_NOWAIT);
	syscall(SYS_msgrcv, id, &msg, sizeof(msg.text), 0, IPC_NOWAIT);
	syscall(SYS_msgctl, id, IPC_RMID, NULL);
}

static void signals_and_ids(void)
{
	uint64_t set = 1ULL << (SIGUSR2 - 1), pending;
	struct timespec zero = { 0, 0 };
	unsigned r, e, s;
	siginfo_t info;

	syscall(SYS_getresuid, &r, &e, &s);
	syscall(SYS_getresgid, &r, &e, &s);
	syscall(SYS_setfsuid, -1);
	syscall(SYS_setfsgid, -1);
	syscall(SYS_rt_sigpending, &pending, 8);
	syscall(SYS_rt_sigtimedwait, &set, &info, &zero, 8);
	memset(&info, 0, sizeof(info));
	info.si_code = SI_QUEUE;
	info.si_pid = getpid();
	syscall(SYS_rt_sigqueueinfo, getpid(), 0, &info);
	syscall(SYS_rt_tgsigqueueinfo, getpid(), getpid(), 0, &info);
	syscall(SYS_personality, 0xffffffff);
}

static void timers(void)
{
	struct itimerspec its = { .it_interval = { 0, 0 }, .it_value = { 100, 5 } }, old;
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR2 };
	struct timespec ts;
	struct timex tx = { .modes = 0 };
	int timer;
	long fd;

	syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &timer);
	syscall(SYS_timer_settime, timer, 0, &its, &old);
	syscall(SYS_timer_gettime, timer, &old);
	syscall(SYS_timer_getoverrun, timer);
	syscall(SYS_timer_delete, timer);
	fd = syscall(SYS_timerfd_create, CLOCK_MONOTONIC, 0);
	syscall(SYS_timerfd_settime, fd, 0, &its, NULL);
	syscall(SYS_timerfd_gettime, fd, &old);
	close(fd);
	syscall(SYS_sched_rr_get_interval, 0, &ts);
	ts.tv_sec = 1;
	ts.tv_nsec = 0;
	syscall(SYS_clock_settime, CLOCK_MONOTONIC, &ts);   /* EINVAL: not settable */
	syscall(SYS_time, NULL);
	syscall(SYS_adjtimex, &tx);                           /* modes 0: a query */
	syscall(SYS_clock_adjtime, CLOCK_REALTIME, &tx);
}

static void files(void)
{
	char buf[64] = "callsweep", byte = 0;
	struct iovec iov = { buf, 9 };
	char path[] = "/tmp/callsweep.XXXXXX";
	struct { struct file_handle h; char room[128]; } handle = { .h = { .handle_bytes = 128 } };
	int fd = mkstemp(path), mount_id, in;

	syscall(SYS_utime, MISSING, NULL);
	syscall(SYS_utimes, MISSING, NULL);
	syscall(SYS_futimesat, AT_FDCWD, MISSING, NULL);
	syscall(SYS_mknod, MISSING, S_IFIFO | 0600, 0);
	syscall(SYS_setxattr, MISSING, "user.snoop", "value", 5, XATTR_CREATE);
	syscall(SYS_lsetxattr, MISSING, "user.snoop", "value", 5, 0);
	syscall(SYS_fsetxattr, -1, "user.snoop", "value", 5, XATTR_REPLACE);
	syscall(SYS_removexattr, MISSING, "user.snoop");
	syscall(SYS_lremovexattr, MISSING, "user.snoop");
	syscall(SYS_fremovexattr, -1, "user.snoop");
	syscall(SYS_pwritev, fd, &iov, 1, 0);
	syscall(SYS_preadv, fd, &iov, 1, 0);
	syscall(SYS_pwritev2, fd, &iov, 1, 0, 0, RWF_DSYNC);   /* pos_l, pos_h, flags */
	syscall(SYS_preadv2, fd, &iov, 1, 0, 0, 0);
	syscall(SYS_readahead, fd, 0, 4096);
	syscall(SYS_sync_file_range, fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	syscall(SYS_syncfs, fd);
	syscall(SYS_name_to_handle_at, AT_FDCWD, path, &handle, &mount_id, 0);
	in = inotify_init1(IN_CLOEXEC);
	syscall(SYS_inotify_rm_watch, in, inotify_add_watch(in, path, IN_MODIFY));
	close(in);
	close(fd);
	unlink(path);
	fd = syscall(SYS_epoll_create, 1);
	close(fd);
	(void)byte;
}

static void memory(void)
{
	char *map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char vec[1];
	void *pages[1] = { map };
	int status[1];
	struct iovec local = { vec, 1 }, remote = { map, 1 };
	struct { uint64_t size; char rest[56]; } attr = { .size = 48 };

	map[0] = 1;
	syscall(SYS_msync, map, 4096, MS_ASYNC);
	syscall(SYS_mincore, map, 4096, vec);
	syscall(SYS_mlock2, map, 4096, MLOCK_ONFAULT);
	syscall(SYS_munlock, map, 4096);
	syscall(SYS_mlockall, MCL_CURRENT | MCL_ONFAULT);
	syscall(SYS_munlockall);
	syscall(SYS_move_pages, 0, 1, pages, NULL, status, 0);
	syscall(SYS_process_vm_readv, getpid(), &local, 1, &remote, 1, 0);
	syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
	syscall(SYS_sched_getattr, 0, &attr, sizeof(attr), 0);
	syscall(SYS_get_robust_list, 0, (void *[]){ NULL }, (size_t []){ 0 });
	munmap(map, 4096);
}

static void kernel_objects(void)
{
	struct io_uring_params params;
	struct perf_event_attr pattr;
	aio_context_t ctx = 0;
	struct timespec zero = { 0, 0 };
	struct mq_attr mq = { .mq_maxmsg = 4, .mq_msgsize = 16 };
	char buf[16];
	unsigned prio;
	long fd, key;

	syscall(SYS_io_setup, 4, &ctx);
	syscall(SYS_io_submit, ctx, 0, NULL);
	syscall(SYS_io_getevents, ctx, 0, 1, NULL, &zero);
	syscall(SYS_io_destroy, ctx);
	memset(&params, 0, sizeof(params));
	fd = syscall(SYS_io_uring_setup, 1, &params);
	syscall(SYS_io_uring_enter, fd, 0, 0, 0, NULL, 0);
	syscall(SYS_io_uring_register, fd, IORING_UNREGISTER_BUFFERS, NULL, 0);
	close(fd);
	memset(&pattr, 0, sizeof(pattr));
	syscall(SYS_perf_event_open, NULL, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	fd = syscall(SYS_fanotify_init, FAN_CLASS_NOTIF | FAN_CLOEXEC, O_RDONLY);
	syscall(SYS_fanotify_mark, fd, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp");
	close(fd);
	fd = syscall(SYS_mq_open, "/callsweep", O_RDWR | O_CREAT, 0600, &mq);
	syscall(SYS_mq_timedsend, fd, "ping", 4, 1, &zero);
	syscall(SYS_mq_timedreceive, fd, buf, sizeof(buf), &prio, &zero);
	syscall(SYS_mq_notify, fd, NULL);
	syscall(SYS_mq_getsetattr, fd, NULL, &mq);
	close(fd);
	syscall(SYS_mq_unlink, "/callsweep");
	key = syscall(SYS_add_key, "user", "callsweep", "secret", 6, KEY_SPEC_PROCESS_KEYRING);
	syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 0);
	syscall(SYS_request_key, "user", "callsweep-none", NULL, KEY_SPEC_PROCESS_KEYRING);
	(void)key;
}

static void processes(void)
{
	long pidfd = syscall(SYS_pidfd_open, getpid(), 0);
	struct iovec iov = { &pidfd, sizeof(pidfd) };

	syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0);
	syscall(SYS_pidfd_getfd, pidfd, -1, 0);
	syscall(SYS_process_madvise, pidfd, &iov, 1, MADV_COLD, 0);
	syscall(SYS_process_mrelease, pidfd, 0);
	close(pidfd);
	syscall(SYS_kcmp, getpid(), getpid(), 0 /* KCMP_FILE */, 0, 0);
	syscall(SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, 0);
	syscall(SYS_ptrace, 2 /* PTRACE_PEEKDATA */, 1, 0, 0);
	syscall(SYS_syslog, 10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	syscall(SYS_futex_waitv, NULL, 0, 0, NULL, CLOCK_MONOTONIC);
}

/* calls that would change the machine, made so that they fail first */
static void refused(void)
{
	syscall(SYS_reboot, 0, 0, 0, NULL);                /* EINVAL: no magic */
	syscall(SYS_swapoff, MISSING);
	syscall(SYS_pivot_root, MISSING, MISSING);
	syscall(SYS_delete_module, "callsweep_no_such_module", O_NONBLOCK);
	syscall(SYS_finit_module, -1, "", 0);
	syscall(SYS_open_tree, AT_FDCWD, MISSING, 0);
	syscall(SYS_fspick, AT_FDCWD, MISSING, 0);
	syscall(SYS_fsopen, "callsweep_no_such_fs", 0);
	syscall(SYS_fsmount, -1, 0, 0);
	syscall(SYS_move_mount, -1, "", -1, "", 0);
	syscall(SYS_mount_setattr, -1, "", 0, NULL, 0);
	syscall(SYS_landlock_create_ruleset, NULL, 0, 1 /* LANDLOCK_CREATE_RULESET_VERSION */);
	syscall(SYS_landlock_add_rule, -1, 1 /* LANDLOCK_RULE_PATH_BENEATH */, NULL, 0);
	syscall(SYS_landlock_restrict_self, -1, 0);
	syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, NULL, 0);
	syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
}

int main(void)
{
	ipc();
	signals_and_ids();
	timers();
	files();
	memory();
	kernel_objects();
	processes();
	refused();
	return 0;
}
