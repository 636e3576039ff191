/* method.c - see method.h. */
#include <stdio.h>
#include <string.h>
#include "record/syscalls.h"
#include "trace/method.h"

static const char *const method_names[] = {
	[ATTACH_AUTO] = "auto",
	[ATTACH_RAW_TP] = "raw_tp",
	[ATTACH_TP] = "tracepoint",
	[ATTACH_KPROBE] = "kprobe",
};

int attach_method_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++)
		if (strcmp(s, method_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *attach_method_name(enum attach_method m)
{
	return method_names[m];
}

int attach_order(enum attach_method forced, int fallbacks, enum attach_method out[3])
{
	if (forced != ATTACH_AUTO) {
		out[0] = forced;
		return 1;
	}
	out[0] = ATTACH_RAW_TP;
	if (!fallbacks)
		return 1;
	out[1] = ATTACH_TP;
	out[2] = ATTACH_KPROBE;
	return 3;
}

int kprobe_function(const char *syscall, char *buf, size_t len)
{
	/* syscall wrappers since Linux 4.17 take a struct pt_regs * */
#if defined(__x86_64__)
	const char *prefix = "__x64_sys_";
#elif defined(__aarch64__)
	const char *prefix = "__arm64_sys_";
#else
#error "kprobe_function: unsupported architecture"
#endif
	int n = snprintf(buf, len, "%s%s", prefix, syscall);

	return (n < 0 || (size_t)n >= len) ? -1 : 0;
}

int kprobe_wanted(const uint64_t *bits, long nr)
{
	if (!syscall_name(nr))
		return 0;
	return !bits || (bits[nr / 64] >> (nr % 64)) & 1;
}
