/* rename: names that change under a running trace. Calls getppid() as
 * "rename", again after prctl(PR_SET_NAME, "renamed1"), then has a second
 * thread call it after the main thread renamed that thread to "other"
 * through /proc/self/task/TID/comm (as pthread_setname_np does for another
 * thread). A tracer must show each call under the name it had then. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int go[2];
static pid_t thread_tid;
static int ready[2];

static void *second(void *arg)
{
	char c;

	(void)arg;
	thread_tid = (pid_t)syscall(SYS_gettid);
	if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
		return NULL;
	syscall(SYS_getppid);
	return NULL;
}

int main(void)
{
	pthread_t t;
	char path[64], c;
	int fd;

	syscall(SYS_getppid);
	prctl(PR_SET_NAME, "renamed1");
	syscall(SYS_getppid);
	if (pipe(go) || pipe(ready) || pthread_create(&t, NULL, second, NULL))
		return 1;
	if (read(ready[0], &c, 1) != 1)
		return 1;
	snprintf(path, sizeof(path), "/proc/self/task/%d/comm", (int)thread_tid);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, "other", 5) != 5)
		return 1;
	close(fd);
	if (write(go[1], "g", 1) != 1)
		return 1;
	pthread_join(t, NULL);
	return 0;
}
