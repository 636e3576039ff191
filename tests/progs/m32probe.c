/* m32probe - a 32-bit (gcc -m32) program for snoop's ia32 test: known
 * calls through the ia32 syscall entry, and the records snoop must show
 * for them, written to the fd named by SYSPROBE_EXPECT as
 * "SYSCALL RET ERRNO (ARGS)" (fields 4-6 and the arguments).
 * Built by the Makefile with -m32 (gcc-multilib, from the setup script). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void expect(const char *line)
{
	const char *fd = getenv("SYSPROBE_EXPECT");

	if (fd && dprintf(atoi(fd), "%s\n", line) < 0)
		abort();
}

int main(void)
{
	char buf[8], line[256];
	long fd, n, off, bad;

	fd = syscall(SYS_openat, AT_FDCWD, "/etc/hostname", O_RDONLY);
	n = syscall(SYS_read, fd, buf, 2);
	off = syscall(SYS_lseek, fd, -1L, SEEK_CUR);
	bad = syscall(SYS_close, 1000);
	syscall(SYS_close, fd);
	if (fd < 0 || n != 2 || bad != -1)
		return 2;
	snprintf(line, sizeof(line), "ia32:openat %ld - (AT_FDCWD, \"/etc/hostname\", O_RDONLY)", fd);
	expect(line);
	snprintf(line, sizeof(line), "ia32:read 2 - (%ld, \"%.2s\", 2)", fd, buf);
	expect(line);
	snprintf(line, sizeof(line), "ia32:lseek %ld - (%ld, -1, SEEK_CUR)", off, fd);
	expect(line);
	expect("ia32:close -9 EBADF (1000)");
	snprintf(line, sizeof(line), "ia32:close 0 - (%ld)", fd);
	expect(line);
	return 0;
}
