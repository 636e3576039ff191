/* attach.c - see attach.h. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "trace/attach.h"
#include "error.h"
#include "record/syscalls.h"

static int attach_raw_tp(struct sbpf *b, char *err, size_t errlen)
{
	if (sbpf_attach(b, SBPF_RAW_TP, "raw_tracepoint__sys_enter", "sys_enter", err, errlen))
		return -1;
	return sbpf_attach(b, SBPF_RAW_TP, "raw_tracepoint__sys_exit", "sys_exit", err, errlen);
}

static int attach_tp(struct sbpf *b, char *err, size_t errlen)
{
	if (sbpf_attach(b, SBPF_TP, "tracepoint__raw_syscalls__sys_enter", "raw_syscalls:sys_enter", err, errlen))
		return -1;
	return sbpf_attach(b, SBPF_TP, "tracepoint__raw_syscalls__sys_exit", "raw_syscalls:sys_exit", err, errlen);
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

static int attach_kprobes(struct sbpf *b, const uint64_t *bits, int verbose, char *err, size_t errlen)
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
		if (sbpf_attach(b, SBPF_KPROBE, "kprobe_sys_enter", fn, why, sizeof(why)))
			continue;
		if (sbpf_attach(b, SBPF_KRETPROBE, "kretprobe_sys_exit", fn, why, sizeof(why)))
			return snprintf(err, errlen, "%s", why), -1;
		ok++;
	}
	verbose_msg(verbose, "kprobes: attached %d of %d syscall functions", ok, tried);
	if (!ok) {
		snprintf(err, errlen, "no syscall function could be probed (%s)", why[0] ? why : "none selected");
		return -1;
	}
	return 0;
}

int attach_syscalls(struct sbpf *b, enum attach_method forced, const uint64_t *bits,
		    enum attach_method *chosen, int verbose, char *err, size_t errlen)
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
			rc = attach_kprobes(b, bits, verbose, why, sizeof(why));
			break;
		}
		if (rc == 0) {
			*chosen = order[i];
			return 0;
		}
		sbpf_detach_from(b, mark);   /* half an attach would record half the calls */
		verbose_msg(verbose, "attach %s failed: %s", attach_method_name(order[i]), why);
		if (used < errlen)
			used += (size_t)snprintf(err + used, errlen - used, "%s %s: %s", i ? ";" : "",
						 attach_method_name(order[i]), why);
	}
	return -1;
}

int attach_lifecycle(struct sbpf *b, int fork, int verbose, char *err, size_t errlen)
{
	char why[512];

	/* signals are records where these attach; tracing goes on without */
	if (sbpf_attach(b, SBPF_TP, "tracepoint__signal__signal_generate", "signal:signal_generate", why, sizeof(why)) ||
	    sbpf_attach(b, SBPF_RAW_TP, "raw_tracepoint__signal_deliver", "signal_deliver", why, sizeof(why)))
		verbose_msg(verbose, "signals not recorded: %s", why);
	/* task storage keeps each thread's name until a rename */
	if (sbpf_map_fd(b, "renames") >= 0 &&
	    sbpf_attach(b, SBPF_RAW_TP, "raw_tracepoint__task_rename", "task_rename", err, errlen))
		return -1;
	if (sbpf_attach(b, SBPF_TP, "tracepoint__sched__sched_process_exit", "sched:sched_process_exit", err, errlen) ||
	    sbpf_attach(b, SBPF_TP, "tracepoint__sched__sched_process_exec", "sched:sched_process_exec", err, errlen))
		return -1;
	if (fork)
		return sbpf_attach(b, SBPF_TP, "tracepoint__sched__sched_process_fork", "sched:sched_process_fork",
				   err, errlen);
	return 0;
}
