/* attach.c - see attach.h. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "attach.h"
#include "error.h"
#include "syscalls.h"

int attach_order(enum attach_method forced, enum attach_method out[3])
{
	if (forced != ATTACH_AUTO) {
		out[0] = forced;
		return 1;
	}
	out[0] = ATTACH_RAW_TP;
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

static int attach_raw_tp(struct sbpf *b, char *err, size_t errlen)
{
	if (sbpf_attach_raw_tp(b, "raw_tracepoint__sys_enter", "sys_enter", err, errlen))
		return -1;
	return sbpf_attach_raw_tp(b, "raw_tracepoint__sys_exit", "sys_exit", err, errlen);
}

static int attach_tp(struct sbpf *b, char *err, size_t errlen)
{
	if (sbpf_attach_tp(b, "tracepoint__raw_syscalls__sys_enter", "raw_syscalls", "sys_enter", err, errlen))
		return -1;
	return sbpf_attach_tp(b, "tracepoint__raw_syscalls__sys_exit", "raw_syscalls", "sys_exit", err, errlen);
}

/* Without kprobe support each of hundreds of attaches would fail slowly and
 * alike: say why once. */
static int kprobes_supported(char *err, size_t errlen)
{
	if (access("/sys/bus/event_source/devices/kprobe/type", F_OK) == 0 ||
	    access("/sys/kernel/debug/tracing/kprobe_events", F_OK) == 0 ||
	    access("/sys/kernel/tracing/kprobe_events", F_OK) == 0)
		return 1;
	snprintf(err, errlen, "this kernel has no kprobe support (CONFIG_KPROBES is off: no "
		 "/sys/bus/event_source/devices/kprobe, no tracing/kprobe_events)");
	return 0;
}

static int attach_kprobes(struct sbpf *b, const uint64_t *bits, char *err, size_t errlen)
{
	char fn[128], why[512];
	int nr, ok = 0, tried = 0;

	if (!kprobes_supported(err, errlen))
		return -1;
	why[0] = '\0';
	for (nr = 0; nr < syscall_count; nr++) {
		if (!kprobe_wanted(bits, nr) || kprobe_function(syscall_name(nr), fn, sizeof(fn)))
			continue;
		tried++;
		/* a syscall this kernel does not build has no function: skip it */
		if (sbpf_attach_kprobe(b, "kprobe_sys_enter", fn, 0, why, sizeof(why)))
			continue;
		if (sbpf_attach_kprobe(b, "kretprobe_sys_exit", fn, 1, why, sizeof(why)))
			return snprintf(err, errlen, "%s", why), -1;
		ok++;
	}
	verbose_msg("kprobes: attached %d of %d syscall functions", ok, tried);
	if (!ok) {
		snprintf(err, errlen, "no syscall function could be probed (%s)", why[0] ? why : "none selected");
		return -1;
	}
	return 0;
}

int attach_syscalls(struct sbpf *b, enum attach_method forced, const uint64_t *bits,
		    enum attach_method *chosen, char *err, size_t errlen)
{
	enum attach_method order[3];
	int n = attach_order(forced, order), i, mark, rc;
	size_t used = 0;
	char why[1024];

	used += (size_t)snprintf(err, errlen, "no attach method works:");
	for (i = 0; i < n; i++) {
		mark = sbpf_attach_count(b);
		switch (order[i]) {
		case ATTACH_RAW_TP:
			rc = attach_raw_tp(b, why, sizeof(why));
			break;
		case ATTACH_TP:
			rc = attach_tp(b, why, sizeof(why));
			break;
		default:
			rc = attach_kprobes(b, bits, why, sizeof(why));
			break;
		}
		if (rc == 0) {
			*chosen = order[i];
			return 0;
		}
		sbpf_detach_from(b, mark);   /* half an attach would record half the calls */
		verbose_msg("attach %s failed: %s", attach_method_name(order[i]), why);
		if (used < errlen)
			used += (size_t)snprintf(err + used, errlen - used, "%s %s: %s", i ? ";" : "",
						 attach_method_name(order[i]), why);
	}
	return -1;
}

int attach_lifecycle(struct sbpf *b, int fork, char *err, size_t errlen)
{
	if (sbpf_attach_tp(b, "tracepoint__sched__sched_process_exit", "sched", "sched_process_exit", err, errlen) ||
	    sbpf_attach_tp(b, "tracepoint__sched__sched_process_exec", "sched", "sched_process_exec", err, errlen))
		return -1;
	if (fork)
		return sbpf_attach_tp(b, "tracepoint__sched__sched_process_fork", "sched", "sched_process_fork", err, errlen);
	return 0;
}
