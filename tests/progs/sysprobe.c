/* sysprobe - issues syscalls with known ("magic") arguments so the
 * integration tests can assert snoop's exact records.
 *
 *   sysprobe basic          the magic sequence, then exit_group(7)
 *   sysprobe wait           print the PID, wait for a line on stdin, then basic
 *   sysprobe threads N      N threads (up to 1000) each close(0x5eed00+i, ...); exit 0
 *   sysprobe pidbasic       print the PID, then the magic sequence, exit 7
 *   sysprobe forks N        N children one after the other, each close(0x5eed) then _exit
 *   sysprobe execaway PATH  close(0x5eed, ...), then execv(PATH)
 *   sysprobe fork           a child runs the magic sequence; parent waits, exits 0
 *   sysprobe storm N        N getppid() calls, then exit 0
 *   sysprobe twostorm N     N getppid(), getpid() as a marker, 0.5 s of sleep,
 *                           N getppid() again (the buffer-growth test)
 *   sysprobe decode         calls whose arguments snoop decodes (see decode())
 *   sysprobe bench N        N getppid() calls, timed: prints "calls=N ns_per_call=X"
 *   sysprobe mixed N        N rounds of openat/read/write/close, timed the same way
 *                           (4 syscalls a round; ns_per_call is per syscall)
 *
 * The magic sequence (each call passes all six argument registers):
 *   close(0x5eed, 0x1111, 0x2222, 0x3333, 0x4444, 0x5555)    -> -EBADF
 *   getpid(0x6001, 0x6002, 0x6003, 0x6004, 0x6005, 0x6006)   -> pid
 *   read(0x5eed, 0, 0x42, 0x7001, 0x7002, 0x7003)            -> -EBADF
 *   openat(-100, "/nonexistent/snoop-probe", 0, 0, 0x8001, 0x8002) -> -ENOENT
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void magic(void)
{
	syscall(SYS_close, 0x5eed, 0x1111, 0x2222, 0x3333, 0x4444, 0x5555);
	syscall(SYS_getpid, 0x6001, 0x6002, 0x6003, 0x6004, 0x6005, 0x6006);
	syscall(SYS_read, 0x5eed, 0, 0x42, 0x7001, 0x7002, 0x7003);
	syscall(SYS_openat, (long)-100, "/nonexistent/snoop-probe", 0, 0, 0x8001, 0x8002);
}

/* Arguments of every kind the integration tests check decoded:
 *   write(fd, "hello\n", 6) to /dev/null
 *   connect to 127.0.0.1:9 (refused) and to the unix path /nonexistent/snoop.sock
 *   openat with an unreadable path pointer (1): EFAULT, shown as 0x1
 *   openat with a 300-character name: cut at 255 with "..."
 *   write(-1, buf, 1 << 40): a huge length, 32 bytes shown with "..."
 */
static void decode(void)
{
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(9) };
	struct sockaddr_un un = { .sun_family = AF_UNIX, .sun_path = "/nonexistent/snoop.sock" };
	char longname[301];
	int fd, s;

	fd = open("/dev/null", O_WRONLY);
	syscall(SYS_write, fd, "hello\n", 6);
	close(fd);
	inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
	s = socket(AF_INET, SOCK_STREAM, 0);
	connect(s, (struct sockaddr *)&in, sizeof(in));
	close(s);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(s, (struct sockaddr *)&un, sizeof(un));
	close(s);
	syscall(SYS_openat, (long)-100, (long)1, O_RDONLY, 0);
	memset(longname, 'a', 300);
	longname[300] = '\0';
	syscall(SYS_openat, (long)-100, longname, O_RDONLY, 0);
	{
		static char buf[64] = "abc";   /* then zeros: the 32 bytes shown are known */

		syscall(SYS_write, -1, buf, 1UL << 40);
	}
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The benchmark's workloads time themselves: snoop's start-up and exit are
 * not part of the per-call cost. */
static int bench(const char *mode, long n)
{
	char buf[64];
	long long t0;
	long i, calls = n;
	int fd;

	t0 = now_ns();
	if (strcmp(mode, "bench") == 0) {
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
	} else {
		for (i = 0; i < n; i++) {
			fd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/zero", O_RDONLY);
			syscall(SYS_read, fd, buf, sizeof(buf));
			syscall(SYS_write, -1, buf, sizeof(buf));   /* EBADF: no device cost */
			syscall(SYS_close, fd);
		}
		calls = 4 * n;
	}
	printf("calls=%ld ns_per_call=%.1f\n", calls, (double)(now_ns() - t0) / (double)calls);
	return 0;
}

static void *thread_main(void *arg)
{
	long i = (long)arg;

	syscall(SYS_close, 0x5eed00 + i, 0x1111, 0x2222, 0x3333, 0x4444, 0x5555);
	return NULL;
}

static int threads(int n)
{
	static pthread_t t[1000];
	long i;

	if (n < 1 || n > 1000)
		return 2;
	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, thread_main, (void *)i))
			return 1;
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "basic";
	char line[64];
	pid_t child;
	long i, n;

	if (strcmp(mode, "wait") == 0) {
		printf("%d\n", (int)getpid());
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			return 3;
		mode = "basic";
	}
	if (strcmp(mode, "pidbasic") == 0) {
		printf("%d\n", (int)getpid());
		fflush(stdout);
		mode = "basic";
	}
	if (strcmp(mode, "basic") == 0) {
		magic();
		syscall(SYS_exit_group, 7);
	}
	if (strcmp(mode, "threads") == 0)
		return threads(argc > 2 ? atoi(argv[2]) : 4);
	if (strcmp(mode, "fork") == 0) {
		child = fork();
		if (child == 0) {
			magic();
			_exit(0);
		}
		waitpid(child, NULL, 0);
		return 0;
	}
	if (strcmp(mode, "forks") == 0) {
		n = argc > 2 ? atol(argv[2]) : 1000;
		for (i = 0; i < n; i++) {
			child = fork();
			if (child == 0) {
				syscall(SYS_close, 0x5eed, 0, 0, 0, 0, 0);
				_exit(0);
			}
			waitpid(child, NULL, 0);
		}
		return 0;
	}
	if (strcmp(mode, "execaway") == 0 && argc > 2) {
		syscall(SYS_close, 0x5eed, 0x1111, 0x2222, 0x3333, 0x4444, 0x5555);
		execv(argv[2], argv + 2);
		return 127;
	}
	if (strcmp(mode, "decode") == 0) {
		decode();
		return 0;
	}
	if (strcmp(mode, "bench") == 0 || strcmp(mode, "mixed") == 0)
		return bench(mode, argc > 2 ? atol(argv[2]) : 1000000);
	if (strcmp(mode, "twostorm") == 0) {
		n = argc > 2 ? atol(argv[2]) : 1000000;
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		syscall(SYS_getpid);
		usleep(500000);
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		return 0;
	}
	if (strcmp(mode, "storm") == 0) {
		n = argc > 2 ? atol(argv[2]) : 1000000;
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		return 0;
	}
	fprintf(stderr, "sysprobe: unknown mode %s\n", mode);
	return 2;
}
