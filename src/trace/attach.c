/* attach.c - see attach.h. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "trace/attach.h"
#include "error.h"
#include "record/syscalls.h"

const struct attach_row attach_table[] = {
	/* the syscalls: raw tracepoints, classic tracepoints, kprobes (the
	 * entry first: a syscall function without it is skipped) */
	{ SNOOP_PROG_RAW_SYS_ENTER, ATTACH_SYSCALLS, ATTACH_RAW_TP, 0 },
	{ SNOOP_PROG_RAW_SYS_EXIT, ATTACH_SYSCALLS, ATTACH_RAW_TP, 0 },
	{ SNOOP_PROG_TP_RAW_SYSCALLS_SYS_ENTER, ATTACH_SYSCALLS, ATTACH_TP, 0 },
	{ SNOOP_PROG_TP_RAW_SYSCALLS_SYS_EXIT, ATTACH_SYSCALLS, ATTACH_TP, 0 },
	{ SNOOP_PROG_KPROBE_SYS_ENTER, ATTACH_SYSCALLS, ATTACH_KPROBE, 0 },
	{ SNOOP_PROG_KRETPROBE_SYS_EXIT, ATTACH_SYSCALLS, ATTACH_KPROBE, 0 },
	/* The lifecycle: the sched and signal events, on raw tracepoints
	 * (ATTACH_RAW_TP) when the kernel's BTF says where the fields they
	 * read are, else on the classic ones (ATTACH_TP); the same choice for
	 * every --attach, which chooses the syscalls' method only
	 * (bpf/snoop.bpf.c, "Process lifecycle", says why). Raw tracepoint
	 * links close at once; a classic tracepoint's perf event waits for an
	 * RCU grace period at the detach. signal_deliver and task_rename
	 * need no offset from BTF (siginfo's layout is the user ABI's,
	 * sa_handler leads k_sigaction): raw always. Signals are records
	 * where these attach. */
	{ SNOOP_PROG_RAW_SIGNAL_GENERATE, ATTACH_SIGNALS, ATTACH_RAW_TP, 0 },
	{ SNOOP_PROG_TP_SIGNAL_SIGNAL_GENERATE, ATTACH_SIGNALS, ATTACH_TP, 0 },
	{ SNOOP_PROG_RAW_SIGNAL_DELIVER, ATTACH_SIGNALS, ATTACH_AUTO, 0 },
	/* the CPU's slot keeps its thread's name until a rename; a call in
	 * flight leaves it with its thread at a switch (before the syscalls
	 * are attached, so that no call is left behind in a slot) */
	{ SNOOP_PROG_RAW_TASK_RENAME, ATTACH_ALWAYS, ATTACH_AUTO, SNOOP_V_INFLIGHT_HASH },
	{ SNOOP_PROG_RAW_SCHED_SWITCH, ATTACH_ALWAYS, ATTACH_AUTO, SNOOP_V_INFLIGHT_HASH },
	{ SNOOP_PROG_RAW_SCHED_PROCESS_EXIT, ATTACH_ALWAYS, ATTACH_RAW_TP, 0 },
	{ SNOOP_PROG_TP_SCHED_SCHED_PROCESS_EXIT, ATTACH_ALWAYS, ATTACH_TP, 0 },
	{ SNOOP_PROG_RAW_SCHED_PROCESS_EXEC, ATTACH_ALWAYS, ATTACH_RAW_TP, 0 },
	{ SNOOP_PROG_TP_SCHED_SCHED_PROCESS_EXEC, ATTACH_ALWAYS, ATTACH_TP, 0 },
	{ SNOOP_PROG_RAW_SCHED_PROCESS_FORK, ATTACH_FORK, ATTACH_RAW_TP, 0 },
	{ SNOOP_PROG_TP_SCHED_SCHED_PROCESS_FORK, ATTACH_FORK, ATTACH_TP, 0 },
	/* --cgroup, which needs the kernel's BTF (task_struct.tgid), and the
	 * records' cgroups the slots keep: raw */
	{ SNOOP_PROG_RAW_CGROUP_ATTACH_TASK, ATTACH_CGROUPS, ATTACH_AUTO, 0 },
};
const int attach_rows = sizeof(attach_table) / sizeof(attach_table[0]);

const struct attach_tail attach_tails[] = {
	{ SNOOP_PROG_TAIL_IOV, SNOOP_TAIL_IOV, "sys_exit" },
};
const int attach_tail_rows = sizeof(attach_tails) / sizeof(attach_tails[0]);

/* m: the syscalls' method, or the lifecycle's (ATTACH_AUTO rows go with either) */
static int row_used(const struct tracer *t, const struct attach_row *r, enum attach_stage stage, enum attach_method m)
{
	return r->stage == stage && (r->method == m || (stage != ATTACH_SYSCALLS && r->method == ATTACH_AUTO)) &&
	       !(t->variant & r->unless);
}

/* How prog is loaded: as the description says, but in the TP_BTF variant
 * the raw syscall programs and their tails are BTF-typed (the same
 * instructions, read the register frame with plain loads). */
static enum sbpf_hook prog_hook(const struct tracer *t, enum snoop_prog prog)
{
	enum sbpf_hook h = snoop_progs[prog].hook;
	int i, syscall = prog == SNOOP_PROG_RAW_SYS_ENTER || prog == SNOOP_PROG_RAW_SYS_EXIT;

	for (i = 0; i < attach_tail_rows; i++)
		syscall |= attach_tails[i].prog == prog;
	return (t->variant & SNOOP_V_TP_BTF) && syscall && h == SBPF_RAW_TP ? SBPF_TP_BTF : h;
}

/* A row's program at its tracepoint, or at fn (kprobes). */
static int attach_row(const struct tracer *t, const struct attach_row *r, const char *fn, char *err, size_t errlen)
{
	const struct snoop_prog_desc *p = &snoop_progs[r->prog];

	return sbpf_attach(t->b, prog_hook(t, r->prog), p->name, p->target ? p->target : fn, err, errlen);
}

/* Whether method m's sys_exit calls its tails (a tail has its caller's
 * program type; only the raw tracepoint sys_exit is built to call them). */
static int has_tails(enum attach_method m)
{
	return m == ATTACH_RAW_TP;
}

static int put_tails(const struct tracer *t, char *err, size_t errlen)
{
	const struct snoop_prog_desc *p;
	int i;

	for (i = 0; i < attach_tail_rows; i++) {
		p = &snoop_progs[attach_tails[i].prog];
		if (sbpf_tail(t->b, prog_hook(t, attach_tails[i].prog), p->name, attach_tails[i].caller,
			      snoop_maps[SNOOP_MAP_TAILS].name, attach_tails[i].index, err, errlen))
			return -1;
	}
	return 0;
}

static int attach_tracepoints(const struct tracer *t, enum attach_method m, char *err, size_t errlen)
{
	int i;

	if (has_tails(m) && put_tails(t, err, errlen))
		return -1;
	for (i = 0; i < attach_rows; i++)
		if (row_used(t, &attach_table[i], ATTACH_SYSCALLS, m) && attach_row(t, &attach_table[i], NULL, err, errlen))
			return -1;
	return 0;
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

/* The kprobe rows on one syscall function: 1 when attached, 0 when the
 * kernel has no such function (it does not build that syscall), -1 when
 * only part of them attached. */
static int probe_function(const struct tracer *t, const char *fn, char *why, size_t whylen)
{
	int i, attached = 0;

	for (i = 0; i < attach_rows; i++) {
		if (!row_used(t, &attach_table[i], ATTACH_SYSCALLS, ATTACH_KPROBE))
			continue;
		if (attach_row(t, &attach_table[i], fn, why, whylen))
			return attached ? -1 : 0;
		attached++;
	}
	return 1;
}

static int attach_kprobes(const struct tracer *t, const uint64_t *bits, int verbose, char *err, size_t errlen)
{
	char fn[128], why[512];
	int nr, ok = 0, tried = 0, rc;

	if (!kprobes_supported(err, errlen))
		return -1;
	why[0] = '\0';
	for (nr = 0; nr < syscall_count; nr++) {
		if (!kprobe_wanted(bits, nr) || kprobe_function(syscall_name(nr), fn, sizeof(fn)))
			continue;
		tried++;
		if ((rc = probe_function(t, fn, why, sizeof(why))) < 0)
			return snprintf(err, errlen, "%s", why), -1;
		ok += rc;
	}
	verbose_msg(verbose, "kprobes: attached %d of %d syscall functions", ok, tried);
	if (!ok) {
		snprintf(err, errlen, "no syscall function could be probed (%s)", why[0] ? why : "none selected");
		return -1;
	}
	return 0;
}

void attach_load_ahead(const struct tracer *t, enum attach_method forced)
{
	struct sbpf_load loads[SBPF_AHEAD_MAX];
	enum attach_method order[3];
	const struct snoop_prog_desc *p;
	int i, n = 0;

	if (t->variant & SNOOP_V_TP_BTF) {
		sbpf_tp_btf_id(t->b, "sys_enter", t->sys_enter_btf);
		sbpf_tp_btf_id(t->b, "sys_exit", t->sys_exit_btf);
	}
	attach_order(forced, !!(t->variant & SNOOP_V_ATTACH_FALLBACK), order);
	if (order[0] == ATTACH_KPROBE)
		return;   /* one program per syscall function, loaded once: nothing to overlap */
	for (i = 0; i < attach_rows && n < SBPF_AHEAD_MAX; i++)
		if (row_used(t, &attach_table[i], ATTACH_SYSCALLS, order[0])) {
			p = &snoop_progs[attach_table[i].prog];
			loads[n++] = (struct sbpf_load){ prog_hook(t, attach_table[i].prog), p->name, p->target };
		}
	for (i = 0; i < attach_tail_rows && has_tails(order[0]) && n < SBPF_AHEAD_MAX; i++)
		loads[n++] = (struct sbpf_load){ prog_hook(t, attach_tails[i].prog), snoop_progs[attach_tails[i].prog].name,
						 attach_tails[i].caller };
	sbpf_load_ahead(t->b, loads, n);
}

int attach_syscalls(const struct tracer *t, enum attach_method forced, const uint64_t *bits,
		    enum attach_method *chosen, int verbose, char *err, size_t errlen)
{
	enum attach_method order[3];
	int n = attach_order(forced, !!(t->variant & SNOOP_V_ATTACH_FALLBACK), order), i, mark, rc;
	size_t used = 0;
	char why[1024];

	used += (size_t)snprintf(err, errlen, "no attach method works:");
	for (i = 0; i < n; i++) {
		mark = sbpf_attach_count(t->b);
		if (order[i] == ATTACH_KPROBE)
			rc = attach_kprobes(t, bits, verbose, why, sizeof(why));
		else
			rc = attach_tracepoints(t, order[i], why, sizeof(why));
		if (rc == 0) {
			*chosen = order[i];
			return 0;
		}
		sbpf_detach_from(t->b, mark);   /* half an attach would record half the calls */
		verbose_msg(verbose, "attach %s failed: %s", attach_method_name(order[i]), why);
		if (used < errlen)
			used += (size_t)snprintf(err + used, errlen - used, "%s %s: %s", i ? ";" : "",
						 attach_method_name(order[i]), why);
	}
	return -1;
}

int attach_lifecycle_classic(unsigned task_pid_off, unsigned bprm_filename_off)
{
	return !task_pid_off || !bprm_filename_off;
}

enum attach_method attach_lifecycle_method(const struct tracer *t)
{
	return attach_lifecycle_classic(t->task_pid_off, t->bprm_filename_off) ? ATTACH_TP : ATTACH_RAW_TP;
}

int attach_forks_recorded(const struct tracer *t)
{
	return attach_lifecycle_method(t) == ATTACH_RAW_TP && t->task_tgid_off;
}

int attach_lifecycle(const struct tracer *t, int fork, int cgroups, int verbose, char *err, size_t errlen)
{
	enum attach_method m = attach_lifecycle_method(t);
	const struct attach_row *r;
	int signals = 1, i;
	char why[512];

	for (i = 0; i < attach_rows; i++) {
		r = &attach_table[i];
		if (signals && row_used(t, r, ATTACH_SIGNALS, m) && attach_row(t, r, NULL, why, sizeof(why))) {
			verbose_msg(verbose, "signals not recorded: %s", why);
			signals = 0;   /* said once, for all of them */
		}
		if ((row_used(t, r, ATTACH_ALWAYS, m) || (fork && row_used(t, r, ATTACH_FORK, m)) ||
		     (cgroups && row_used(t, r, ATTACH_CGROUPS, m))) &&
		    attach_row(t, r, NULL, err, errlen))
			return -1;
	}
	return 0;
}
