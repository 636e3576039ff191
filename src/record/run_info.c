/* run_info.c - see run_info.h. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "record/clock.h"
#include "record/run_info.h"
#include "record/text.h"

/* snoop's own command line, on one line whatever the arguments hold. */
static void join_cmdline(char *dst, size_t size, int argc, char **argv)
{
	size_t used = 0, len;
	int i;

	for (i = 0; i < argc && used + 2 < size; i++) {
		len = strlen(argv[i]);
		if (len > size - used - 2)
			len = size - used - 2;
		if (i)
			dst[used++] = ' ';
		memcpy(dst + used, argv[i], len);
		used += len;
	}
	dst[used] = '\0';
	for (i = 0; i < (int)used; i++)
		if (dst[i] == '\n' || dst[i] == '\r')
			dst[i] = ' ';
}

/* What post-processing needs to turn raw timestamps into dates, and what
 * produced the file. The wall clock is read between two monotonic reads,
 * and paired with their midpoint. */
uint64_t run_info_now(struct run_info *ri, int argc, char **argv)
{
	uint64_t m1 = clock_now_ns(CLOCK_MONOTONIC), real = clock_now_ns(CLOCK_REALTIME), m2 = clock_now_ns(CLOCK_MONOTONIC);
	uint64_t boot = real - (m1 + (m2 - m1) / 2);
	struct utsname u;

	memset(ri, 0, sizeof(*ri));
	ri->boot_realtime[fmt_timestamp(ri->boot_realtime, boot)] = '\0';
	if (gethostname(ri->host, sizeof(ri->host) - 1))
		strcpy(ri->host, "?");
	if (uname(&u) == 0) {
		snprintf(ri->kernel, sizeof(ri->kernel), "%s", u.release);
		snprintf(ri->arch, sizeof(ri->arch), "%s", u.machine);
	}
	snprintf(ri->pid, sizeof(ri->pid), "%d", (int)getpid());
	join_cmdline(ri->cmdline, sizeof(ri->cmdline), argc, argv);
	return boot;
}
