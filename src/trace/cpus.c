/* cpus.c - see cpus.h. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "trace/cpus.h"

int cpus_parse(const char *s, int *cpus, int max)
{
	int n = 0, lo, hi, used;

	while (*s && *s != '\n') {
		if (sscanf(s, "%d%n", &lo, &used) != 1 || lo < 0)
			return -1;
		s += used;
		hi = lo;
		if (*s == '-') {
			if (sscanf(s + 1, "%d%n", &hi, &used) != 1 || hi < lo)
				return -1;
			s += 1 + used;
		}
		for (; lo <= hi; lo++) {
			if (n == max)
				return -1;
			cpus[n++] = lo;
		}
		if (*s == ',')
			s++;
		else if (*s && *s != '\n')
			return -1;
	}
	return n;
}

int cpus_read(const char *path, int *cpus, int max)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return cpus_parse(buf, cpus, max);
}

int cpus_slots(void)
{
	int cpus[4096];
	int n = cpus_read(CPUS_POSSIBLE, cpus, 4096);

	return n <= 0 ? -1 : cpus[n - 1] + 1;
}
