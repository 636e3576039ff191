/* forkexec - children that call with string literals and a structure from
 * .rodata, pages a forked child has never touched: fork copies no page
 * table entries of a file mapping, so the child's first read of them is a
 * page fault, which a BPF program cannot take. Traced by snoop and strace
 * at once, strace's ptrace reads take those faults first and hide the gap:
 * t_strace_separate runs this under each alone.
 *
 *   forkexec   the first child execs /bin/echo (path and argv strings
 *              literals); the second sleeps 1 us (its timespec a constant)
 *              and kills itself (getpid, kill, --- SIGTERM with its own
 *              si_pid); the parent waits for each by pid. Status 0 when
 *              echo exited 0 and the second child died of SIGTERM.
 */
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const struct timespec tiny = { 0, 1000 };

int main(void)
{
	pid_t echo, killed;
	int st1, st2;

	echo = fork();
	if (echo == 0) {
		char *argv[] = { "echo", "from", "a", "forked", "child", NULL };

		execve("/bin/echo", argv, environ);
		_exit(127);
	}
	killed = fork();
	if (killed == 0) {
		nanosleep(&tiny, NULL);
		kill(getpid(), SIGTERM);
		_exit(1);
	}
	if (echo < 0 || killed < 0 || waitpid(echo, &st1, 0) != echo || waitpid(killed, &st2, 0) != killed)
		return 2;
	return !(WIFEXITED(st1) && WEXITSTATUS(st1) == 0 && WIFSIGNALED(st2) && WTERMSIG(st2) == SIGTERM);
}
