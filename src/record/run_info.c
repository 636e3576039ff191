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
uint64_t run_info_boot_ns(void)
{
	uint64_t m1 = clock_now_ns(CLOCK_MONOTONIC), real = clock_now_ns(CLOCK_REALTIME), m2 = clock_now_ns(CLOCK_MONOTONIC);

	return real - (m1 + (m2 - m1) / 2);
}

uint64_t run_info_now(struct run_info *ri, int argc, char **argv)
{
	uint64_t boot = run_info_boot_ns();
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
	ri->boot_ns = boot;
	ri->pid_num = (uint64_t)getpid();
	ri->boot_known = ri->pid_known = 1;
	return boot;
}

/* The number n decimal digits write (n < 20: it fits) */
static uint64_t digits_value(const char *s, size_t n)
{
	uint64_t v = 0;
	size_t k;

	for (k = 0; k < n; k++)
		v = v * 10 + (uint64_t)(s[k] - '0');
	return v;
}

/* boot_realtime's SSSSSSSSSS.NNNNNNNNN in ns: 0, or -1 when a capture's
 * header holds something else */
static int timestamp_ns(const char *s, uint64_t *ns)
{
	size_t n = strspn(s, "0123456789");

	if (!n || n > 10 || s[n] != '.' || strspn(s + n + 1, "0123456789") != 9 || s[n + 10])
		return -1;
	*ns = digits_value(s, n) * 1000000000u + digits_value(s + n + 1, 9);   /* 10 digits of seconds: fits */
	return 0;
}

/* a pid's decimal text: 0, or -1 when a capture's header holds something else */
static int pid_value(const char *s, uint64_t *pid)
{
	size_t n = strspn(s, "0123456789");

	if (!n || n > 10 || s[n])
		return -1;
	*pid = digits_value(s, n);
	return 0;
}

void run_info_numbers(struct run_info *ri)
{
	ri->boot_known = timestamp_ns(ri->boot_realtime, &ri->boot_ns) == 0;
	ri->pid_known = pid_value(ri->pid, &ri->pid_num) == 0;
	if (!ri->boot_known)
		ri->boot_ns = 0;
	if (!ri->pid_known)
		ri->pid_num = 0;
}
