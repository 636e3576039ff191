/* snoop.c - trace syscalls of chosen processes with eBPF.
 *
 * Lifecycle, top to bottom in main(): parse -> pick BPF source -> compile ->
 * fill maps -> attach -> open buffers -> open output -> header -> start the
 * command -> poll loop -> drain -> one cleanup that releases in reverse.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "attach.h"
#include "BPF.h"
#include "bpfsrc.h"
#include "error.h"
#include "format.h"
#include "opts.h"
#include "output.h"
#include "proc.h"

#ifndef SNOOP_VERSION
#define SNOOP_VERSION "0.1"
#endif
#ifndef SNOOP_BPF_DIR
#define SNOOP_BPF_DIR "/usr/local/share/snoop/bpf"
#endif

#define OUTPUT_BUFFER (256 * 1024)
#define DRAIN_MS 100           /* no record waits longer than this in a buffer */
#define TAG_PIDFD (1ULL << 32) /* epoll data: pidfds, beside reader indexes */

static volatile sig_atomic_t stop_signal;

/* Reader state shared with libbcc's callbacks (they get only a cookie). */
static struct {
	struct output out;
	uint64_t lost[SBPF_MAX_CPUS];
	uint64_t lost_total;
	uint64_t records;
	uint64_t short_samples;
} rd;

static void on_signal(int sig)
{
	if (stop_signal)   /* a second one: the user means now */
		_exit(128 + sig);
	stop_signal = sig;
}

static void *cpu_cookie(int cpu)
{
	return (void *)(long)cpu;
}

static void on_record(void *cookie, void *data, int size)
{
	struct snoop_record r;
	char *dst;

	(void)cookie;
	if (size < (int)sizeof(r)) {   /* never from our program: count, do not guess */
		rd.short_samples++;
		return;
	}
	dst = output_reserve(&rd.out, FORMAT_RECORD_MAX);
	if (!dst)
		return;
	memcpy(&r, data, sizeof(r));   /* perf data is only 4-byte aligned */
	output_commit(&rd.out, fmt_record(dst, &r));
	rd.records++;
}

static void on_lost(void *cookie, uint64_t lost)
{
	int cpu = (int)(long)cookie;
	char *dst = output_reserve(&rd.out, 64);

	rd.lost[cpu] += lost;
	rd.lost_total += lost;
	if (dst)
		output_commit(&rd.out, fmt_lost(dst, lost, cpu));
}

static int need_privileges(void)
{
	char buf[4096], *p;
	unsigned long long eff = 0;
	FILE *f;

	if (geteuid() == 0)
		return 0;
	f = fopen("/proc/self/status", "re");
	if (f) {
		while (fgets(buf, sizeof(buf), f))
			if ((p = strstr(buf, "CapEff:")))
				eff = strtoull(p + 7, NULL, 16);
		fclose(f);
	}
	/* CAP_PERFMON = 38, CAP_BPF = 39 */
	if ((eff >> 38 & 1) && (eff >> 39 & 1))
		return 0;
	error_msg("permission denied: tracing needs root, or CAP_BPF and CAP_PERFMON (try: sudo snoop ...)");
	return -1;
}

/* libbcc reads tracepoint formats from debugfs; mount it as the setup does. */
static int ensure_tracefs(void)
{
	if (access("/sys/kernel/debug/tracing/events", F_OK) == 0)
		return 0;
	if (mount("none", "/sys/kernel/debug", "debugfs", 0, NULL) && errno != EBUSY) {
		perror_msg("tracefs is not mounted and mounting debugfs on /sys/kernel/debug failed (fix: mount -t debugfs none /sys/kernel/debug)");
		return -1;
	}
	verbose_msg("mounted debugfs on /sys/kernel/debug (libbcc reads tracepoint formats there)");
	if (access("/sys/kernel/debug/tracing/events", F_OK)) {
		error_msg("no /sys/kernel/debug/tracing/events: this kernel has no tracefs (CONFIG_FTRACE)");
		return -1;
	}
	return 0;
}

static int map_put(struct sbpf *b, const char *map, void *key, void *val)
{
	int fd = sbpf_map_fd(b, map);

	if (fd < 0 || bpf_update_elem(fd, key, val, 0)) {
		perror_msg("BPF map %s: update", map);
		return -1;
	}
	return 0;
}

static int fill_maps(struct sbpf *b, const struct options *o, const pid_t *tgids)
{
	struct snoop_config cfg = {
		.follow_forks = (__u32)o->follow,
		.filter_syscalls = (__u32)o->filter_syscalls,
		.match_names = o->nnames > 0,
		.self_tgid = (__u32)getpid(),
	};
	__u32 key = 0, why = SNOOP_TRACE_PID, w;
	__u8 one = 1;
	struct snoop_comm comm;
	int i;

	for (w = 0; w < SNOOP_MAX_SYSCALLS / 64; w++)
		if (map_put(b, "syscall_bits", &w, (void *)&o->syscall_bits[w]))
			return -1;
	for (i = 0; i < o->nnames; i++) {
		memcpy(comm.name, o->names[i], SNOOP_COMM_LEN);
		if (map_put(b, "names", &comm, &one))
			return -1;
	}
	for (i = 0; i < o->npids; i++) {
		key = (__u32)tgids[i];
		if (map_put(b, "traced_tgids", &key, &why))
			return -1;
	}
	key = 0;
	return map_put(b, "config", &key, &cfg);
}

static uint64_t ts_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* "# snoop format=1 ..." : what post-processing needs to turn raw
 * timestamps into dates, and what produced the file. */
static int write_header(struct output *out, int argc, char **argv)
{
	uint64_t m1 = ts_ns(CLOCK_MONOTONIC), real = ts_ns(CLOCK_REALTIME), m2 = ts_ns(CLOCK_MONOTONIC);
	uint64_t boot = real - (m1 + (m2 - m1) / 2);
	char host[256] = "?", ts[32], *dst;
	struct utsname u;
	size_t n;
	int i;

	gethostname(host, sizeof(host) - 1);
	if (uname(&u))
		snprintf(u.release, sizeof(u.release), "?");
	ts[fmt_timestamp(ts, boot)] = '\0';
	dst = output_reserve(out, 1024);
	if (!dst)
		return -1;
	n = (size_t)snprintf(dst, 1024, "# snoop format=1 clock=monotonic boot_realtime=%s host=%s kernel=%s pid=%d cmdline=",
			     ts, host, u.release, (int)getpid());
	output_commit(out, n);
	for (i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]), j;

		dst = output_reserve(out, len + 2);
		if (!dst)
			return -1;
		if (i)
			*dst++ = ' ', output_commit(out, 1);
		for (j = 0; j < len; j++)   /* one line, whatever the arguments hold */
			dst[j] = (argv[i][j] == '\n' || argv[i][j] == '\r') ? ' ' : argv[i][j];
		output_commit(out, len);
	}
	dst = output_reserve(out, 128);
	if (!dst)
		return -1;
	n = (size_t)snprintf(dst, 128, "\n# time pid tid syscall ret errno duration_ns arg0 arg1 arg2 arg3 arg4 arg5\n");
	output_commit(out, n);
	return output_flush(out);
}

static int open_output(const char *path)
{
	int fd;

	if (!path)
		return STDOUT_FILENO;
	/* as root, never follow a link planted where the file should be */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		perror_msg("cannot open output file %s", path);
	return fd;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* a closed output pipe is reported by write(2) as EPIPE, not a kill */
	signal(SIGPIPE, SIG_IGN);
}

static void drain_all(struct sbpf *b)
{
	int i;

	for (i = 0; i < b->nreaders; i++)
		sbpf_reader_read(b, i);
}

/* Is anything left to trace? traced_tgids loses a process when it exits
 * (sched_process_exit), so an empty map means every -p, -- and -f process is
 * gone. -n waits for processes that have not started yet. */
static int targets_remain(struct sbpf *b, const struct options *o)
{
	__u32 key;

	if (o->nnames)
		return 1;
	return bpf_get_first_key(sbpf_map_fd(b, "traced_tgids"), &key, sizeof(key)) == 0;
}

struct loop {
	struct sbpf *b;
	const struct options *o;
	struct command *cmd;
	int cmd_status;
};

static int epoll_add(int ep, int fd, uint64_t data)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static void on_ready(struct loop *l, int ep, uint64_t data)
{
	if (!(data & TAG_PIDFD)) {
		sbpf_reader_read(l->b, (int)data);
		return;
	}
	/* the command is gone: its status is snoop's exit status */
	epoll_ctl(ep, EPOLL_CTL_DEL, l->cmd->pidfd, NULL);
	if (l->cmd_status < 0)
		l->cmd_status = command_reap(l->cmd, 0);
}

/* One epoll_wait over every per-CPU buffer (woken once per wakeup_events
 * records) and the command's pidfd; a full drain and a flush every DRAIN_MS. */
static int poll_loop(struct loop *l)
{
	struct epoll_event evs[64];
	uint64_t last = ts_ns(CLOCK_MONOTONIC), now;
	int ep = epoll_create1(EPOLL_CLOEXEC), i, n;

	for (i = 0; i < l->b->nreaders; i++)
		if (epoll_add(ep, sbpf_reader_fd(l->b, i), (uint64_t)i))
			return perror_msg("epoll"), -1;
	if (l->cmd && l->cmd->pidfd >= 0)
		epoll_add(ep, l->cmd->pidfd, TAG_PIDFD);
	while (!stop_signal && !rd.out.error) {
		n = epoll_wait(ep, evs, 64, DRAIN_MS);
		if (n < 0 && errno != EINTR) {
			perror_msg("epoll_wait");
			break;
		}
		for (i = 0; i < n; i++)
			on_ready(l, ep, evs[i].data.u64);
		now = ts_ns(CLOCK_MONOTONIC);
		if (n == 0 || now - last >= DRAIN_MS * 1000000ull) {
			drain_all(l->b);
			output_flush(&rd.out);
			last = now;
			if (!targets_remain(l->b, l->o) && (!l->cmd || l->cmd_status >= 0))
				break;
		}
	}
	close(ep);
	return 0;
}

/* The BPF side's count of refused records is exact; perf's own loss notes
 * can miss the end of a burst. Whatever they missed is marked at the end. */
static void account_final_losses(struct sbpf *b)
{
	static uint64_t dropped[SBPF_MAX_CPUS];
	int n = sbpf_percpu_u64(b, "dropped", 0, dropped, SBPF_MAX_CPUS), cpu;

	for (cpu = 0; cpu < n; cpu++)
		if (dropped[cpu] > rd.lost[cpu])
			on_lost(cpu_cookie(cpu), dropped[cpu] - rd.lost[cpu]);
}

static void report_losses(const struct sbpf *b, unsigned pages)
{
	char per_cpu[1024];
	size_t used = 0;
	int i, cpu;

	if (!rd.lost_total)
		return;
	per_cpu[0] = '\0';
	for (i = 0; i < b->nreaders && used < sizeof(per_cpu); i++) {
		cpu = b->reader_cpu[i];
		if (rd.lost[cpu])
			used += (size_t)snprintf(per_cpu + used, sizeof(per_cpu) - used, "%scpu %d: %llu",
						 used ? ", " : "", cpu, (unsigned long long)rd.lost[cpu]);
	}
	error_msg("lost %llu records (%s): the buffer was full; try --buffer-pages=%u",
		  (unsigned long long)rd.lost_total, per_cpu,
		  pages * 4 > OPTS_MAX_PAGES ? OPTS_MAX_PAGES : pages * 4);
}

static int finish_output(const char *name)
{
	if (output_flush(&rd.out) == 0)
		return 0;
	if (rd.out.error == EPIPE)   /* the reader went away (| head): not an error */
		return 0;
	errno = rd.out.error;
	perror_msg("write to %s", name ? name : "standard output");
	return -1;
}

/* Validates targets; on success tgids[] holds the processes to trace. */
static int resolve_targets(const struct options *o, pid_t *tgids, char *cmd_path, size_t len)
{
	char err[512];
	int i, rc;

	for (i = 0; i < o->npids; i++) {
		tgids[i] = proc_target(o->pids[i], getpid(), err, sizeof(err));
		if (tgids[i] < 0)
			return error_msg("%s", err), 1;
	}
	if (o->command) {
		rc = resolve_command(o->command[0], getenv("PATH"), cmd_path, len, err, sizeof(err));
		if (rc)
			return error_msg("%s", err), rc;
	}
	return 0;
}

static int setup_bpf(struct sbpf *b, const struct options *o, const pid_t *tgids)
{
	const char *dir = o->bpf_dir ? o->bpf_dir : getenv("SNOOP_BPF_DIR");
	struct bpf_source src;
	enum attach_method chosen;
	char err[4096];
	int rc;

	if (dir && !*dir)
		dir = NULL;
	if (bpfsrc_load(dir, SNOOP_BPF_DIR, geteuid(), &src, err, sizeof(err)))
		return error_msg("%s", err), -1;
	verbose_msg("BPF source: %s%s", src.origin,
		    src.embedded ? " (copy built into snoop; installed sources not found in " SNOOP_BPF_DIR ")" : "");
	if (ensure_tracefs())
		return bpfsrc_free(&src), -1;
	rc = sbpf_compile(b, src.text, err, sizeof(err));
	bpfsrc_free(&src);
	if (rc || fill_maps(b, o, tgids) || attach_lifecycle(b, o->follow, err, sizeof(err)))
		return error_msg("%s", err), -1;
	if (attach_syscalls(b, o->method, o->filter_syscalls ? o->syscall_bits : NULL, &chosen, err, sizeof(err)))
		return error_msg("%s", err), -1;
	verbose_msg("attach method: %s", attach_method_name(chosen));
	if (sbpf_open_buffers(b, "events", (int)o->buffer_pages, (int)o->wakeup_events,
			      on_record, on_lost, cpu_cookie, err, sizeof(err)))
		return error_msg("%s", err), -1;
	verbose_msg("buffers: %d CPUs x %u pages (%u KiB each), wake-up every %u records",
		    b->nreaders, o->buffer_pages, o->buffer_pages * 4, o->wakeup_events);
	return 0;
}

/* The command is in traced_tgids before it may exec; recording starts at
 * its execve (SNOOP_TRACE_EXEC), not in snoop's fork-side set-up. */
static int launch_command(struct sbpf *b, struct command *cmd, const char *path, char **argv)
{
	char err[512];
	__u32 key, why = SNOOP_TRACE_PID | SNOOP_TRACE_EXEC;

	if (command_start(cmd, path, argv, err, sizeof(err)))
		return error_msg("%s", err), -1;
	key = (__u32)cmd->pid;
	if (map_put(b, "traced_tgids", &key, &why)) {
		kill(cmd->pid, SIGKILL);
		command_reap(cmd, 1);
		return -1;
	}
	return command_release(cmd);
}

/* A signal is the normal way to end -p and -n tracing: exit 0. With --,
 * snoop's status is the command's; a command still running when snoop is
 * stopped is left to run (detached) and snoop says 128+signal. */
static int exit_status_of_command(struct loop *l, struct command *cmd)
{
	if (l->cmd_status >= 0)
		return l->cmd_status;
	if (stop_signal) {
		l->cmd_status = command_reap(cmd, 0);
		return l->cmd_status >= 0 ? l->cmd_status : 128 + stop_signal;
	}
	return command_reap(cmd, 1);
}

static void usage_error(const char *err)
{
	error_msg("%s", err);
}

int main(int argc, char **argv)
{
	static struct options o;
	static pid_t tgids[OPTS_MAX_PIDS];
	struct sbpf b = { 0 };
	struct command cmd = { .pid = -1, .release_fd = -1, .pidfd = -1 };
	struct loop l = { .b = &b, .o = &o, .cmd = NULL, .cmd_status = -1 };
	char err[1024], cmd_path[4096];
	int rc = 1, out_fd = -1;

	switch (opts_parse(argc, argv, &o, err, sizeof(err))) {
	case OPTS_HELP:
		fputs(opts_usage, stdout);
		return 0;
	case OPTS_VERSION:
		puts("snoop " SNOOP_VERSION);
		return 0;
	case OPTS_ERROR:
		usage_error(err);
		return 2;
	case OPTS_RUN:
		break;
	}
	verbose = o.verbose;
	if (need_privileges())
		return 1;
	rc = resolve_targets(&o, tgids, cmd_path, sizeof(cmd_path));
	if (rc)
		return rc;
	rc = 1;
	install_signals();
	if (setup_bpf(&b, &o, tgids))
		goto cleanup;
	out_fd = open_output(o.output);
	if (out_fd < 0 || output_init(&rd.out, out_fd, OUTPUT_BUFFER))
		goto cleanup;
	if (write_header(&rd.out, argc, argv))
		goto write_failed;
	if (o.command) {
		if (launch_command(&b, &cmd, cmd_path, o.command))
			goto cleanup;
		l.cmd = &cmd;
	}
	poll_loop(&l);
	/* every record already in the buffers is written before detaching */
	drain_all(&b);
	sbpf_detach_from(&b, 0);
	drain_all(&b);
	account_final_losses(&b);
write_failed:
	rc = finish_output(o.output) ? 1 : 0;
	report_losses(&b, o.buffer_pages);
	verbose_msg("%llu records written, %llu lost", (unsigned long long)rd.records,
		    (unsigned long long)rd.lost_total);
	if (rc == 0 && l.cmd)
		rc = exit_status_of_command(&l, &cmd);
cleanup:
	sbpf_close(&b);
	output_free(&rd.out);
	if (out_fd > STDOUT_FILENO)
		close(out_fd);
	return rc;
}
