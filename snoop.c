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
#include "capture.h"
#include "decode.h"
#include "error.h"
#include "format.h"
#include "opts.h"
#include "output.h"
#include "proc.h"
#include "sink.h"

#ifndef SNOOP_VERSION
#define SNOOP_VERSION "0.1"
#endif
#ifndef SNOOP_BPF_DIR
#define SNOOP_BPF_DIR "/usr/local/share/snoop/bpf"
#endif

#define OUTPUT_BUFFER (256 * 1024)
#define DRAIN_MS 100           /* no record waits longer than this in a buffer */
#define TAG_PIDFD (1ULL << 32) /* epoll data: pidfds, beside reader indexes */
#define TAG_RINGBUF (1ULL << 33)

static volatile sig_atomic_t stop_signal;
static uint64_t start_ns;      /* for -v: how long start-up took */

/* Reader state shared with libbcc's callbacks (they get only a cookie). */
static struct {
	struct output text, cap;
	struct sink sink;
	uint64_t lost[SBPF_MAX_CPUS];   /* losses marked in the stream so far, per CPU */
	uint64_t short_samples;
	int loss_seen;                  /* perf reported a loss: account and grow */
	unsigned pages;                 /* current per-CPU perf buffer size */
	unsigned grown;                 /* times the buffers were grown */
} rd;

#define GROW_MAX_PAGES 16384           /* growth stops at 64 MiB per CPU */
#define GROW_FACTOR 4

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
	const uint8_t *caps;
	size_t len;

	(void)cookie;
	if (size < 0 || sink_check(data, (size_t)size, &r, &caps, &len)) {
		rd.short_samples++;   /* never from our program: count, do not guess */
		return;
	}
	sink_record(&rd.sink, &r, caps, len);
}

static int on_ring_record(void *ctx, void *data, size_t size)
{
	(void)ctx;
	on_record(NULL, data, (int)size);
	return 0;
}

/* perf's own loss note: the counts come from BPF's counter (exact, and
 * also right for the end of a burst), read once the current read is done. */
static void on_lost(void *cookie, uint64_t lost)
{
	(void)cookie;
	(void)lost;
	rd.loss_seen = 1;
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

/* The bitmap of traced TGIDs (absent in the in-flight-hash variant). Only
 * before attaching: afterwards BPF owns it and changes it atomically. */
static int set_traced_bit(struct sbpf *b, __u32 tgid)
{
	int fd = sbpf_map_fd(b, "traced_bits");
	__u32 w = tgid / 64;
	__u64 bits = 0;

	if (fd < 0)
		return 0;
	bpf_lookup_elem(fd, &w, &bits);
	bits |= 1ULL << (tgid % 64);
	return map_put(b, "traced_bits", &w, &bits);
}

static int fill_maps(struct sbpf *b, const struct options *o, const pid_t *tgids)
{
	struct snoop_config cfg = {
		.follow_forks = (__u32)o->follow,
		.filter_syscalls = (__u32)o->filter_syscalls,
		.match_names = o->nnames > 0,
		.self_tgid = (__u32)getpid(),
		.strsize = o->strsize,
		.wakeup_events = o->wakeup_events,
		.command_pending = o->command != NULL,
	};
	__u32 key = 0, why = SNOOP_TRACE_PID, w;
	__u8 one = 1;
	struct snoop_comm comm;
	int i;

	for (w = 0; w < SNOOP_MAX_SYSCALLS / 64; w++)
		if (map_put(b, "syscall_bits", &w, (void *)&o->syscall_bits[w]))
			return -1;
	/* --raw captures no memory: argspec stays all zero */
	for (w = 0; w < SNOOP_MAX_SYSCALLS && !o->raw; w++) {
		__u32 spec = decode_argspec(w);

		if (spec && map_put(b, "argspec", &w, &spec))
			return -1;
	}
	for (i = 0; i < o->nnames; i++) {
		memcpy(comm.name, o->names[i], SNOOP_COMM_LEN);
		if (map_put(b, "names", &comm, &one))
			return -1;
	}
	for (i = 0; i < o->npids; i++) {
		key = (__u32)tgids[i];
		if (map_put(b, "traced_tgids", &key, &why) || set_traced_bit(b, key))
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

/* What post-processing needs to turn raw timestamps into dates, and what
 * produced the file. */
static void run_info_now(struct run_info *ri, int argc, char **argv)
{
	uint64_t m1 = ts_ns(CLOCK_MONOTONIC), real = ts_ns(CLOCK_REALTIME), m2 = ts_ns(CLOCK_MONOTONIC);
	struct utsname u;
	size_t used = 0, len;
	int i;

	memset(ri, 0, sizeof(*ri));
	ri->boot_realtime[fmt_timestamp(ri->boot_realtime, real - (m1 + (m2 - m1) / 2))] = '\0';
	if (gethostname(ri->host, sizeof(ri->host) - 1))
		strcpy(ri->host, "?");
	if (uname(&u) == 0) {
		snprintf(ri->kernel, sizeof(ri->kernel), "%s", u.release);
		snprintf(ri->arch, sizeof(ri->arch), "%s", u.machine);
	}
	snprintf(ri->pid, sizeof(ri->pid), "%d", (int)getpid());
	for (i = 0; i < argc && used + 2 < sizeof(ri->cmdline); i++) {
		len = strlen(argv[i]);
		if (len > sizeof(ri->cmdline) - used - 2)
			len = sizeof(ri->cmdline) - used - 2;
		if (i)
			ri->cmdline[used++] = ' ';
		memcpy(ri->cmdline + used, argv[i], len);
		used += len;
	}
	for (i = 0; i < (int)used; i++)   /* one line, whatever the arguments hold */
		if (ri->cmdline[i] == '\n' || ri->cmdline[i] == '\r')
			ri->cmdline[i] = ' ';
}

static int open_output(const char *path)
{
	struct stat st;
	int fd;

	if (!path || strcmp(path, "-") == 0)
		return STDOUT_FILENO;
	/* as root, never follow a link planted where the file should be, and
	 * check whose an existing file is before truncating it */
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		perror_msg("cannot open output file %s", path);
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if (st.st_uid != geteuid()) {
			error_msg("refusing to write to %s: it belongs to uid %u, not to you (remove it or choose another file)",
				  path, (unsigned)st.st_uid);
			close(fd);
			return -1;
		}
		if (ftruncate(fd, 0)) {
			perror_msg("cannot truncate output file %s", path);
			close(fd);
			return -1;
		}
	}
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

static void flush_outputs(void)
{
	if (rd.sink.text)
		output_flush(rd.sink.text);
	if (rd.sink.cap)
		output_flush(rd.sink.cap);
}

static int output_failed(void)
{
	return (rd.sink.text && rd.sink.text->error) || (rd.sink.cap && rd.sink.cap->error);
}

static void drain_all(struct sbpf *b)
{
	int i;

	for (i = 0; i < b->nreaders; i++)
		sbpf_reader_read(b, i);
	sbpf_ringbuf_read(b);
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

/* Marks in the stream what BPF's per-CPU counters say was lost since the
 * last call; returns how many. */
static uint64_t account_losses(struct sbpf *b)
{
	static uint64_t dropped[SBPF_MAX_CPUS];
	int n = sbpf_percpu_u64(b, "dropped", 0, dropped, SBPF_MAX_CPUS), cpu;
	uint64_t fresh = 0;

	for (cpu = 0; cpu < n; cpu++) {
		if (dropped[cpu] <= rd.lost[cpu])
			continue;
		sink_lost(&rd.sink, dropped[cpu] - rd.lost[cpu], cpu);
		fresh += dropped[cpu] - rd.lost[cpu];
		rd.lost[cpu] = dropped[cpu];
	}
	return fresh;
}

/* The dynamic high-water mark: records were lost, so the perf buffers grow
 * (up to GROW_MAX_PAGES) and tracing goes on. 4x, not 2x: doubling stops at
 * the smallest size that survived the last burst, and the next scheduling
 * stall of the reader loses again (seen in the growth test). 1 if they
 * grew: the caller polls the new buffers' fds. */
static int grow_on_loss(struct sbpf *b, const struct options *o)
{
	char err[512];
	unsigned pages;

	if (o->ring || rd.pages >= GROW_MAX_PAGES)
		return 0;   /* the ring cannot grow while attached; report_losses says so */
	pages = rd.pages * GROW_FACTOR > GROW_MAX_PAGES ? GROW_MAX_PAGES : rd.pages * GROW_FACTOR;
	if (sbpf_grow_buffers(b, "events", (int)pages, (int)o->wakeup_events, on_record,
			      on_lost, cpu_cookie, err, sizeof(err))) {
		verbose_msg("could not grow the buffers: %s", err);
		return 0;
	}
	rd.pages = pages;
	rd.grown++;
	verbose_msg("records lost: buffers grown to %u pages (%u KiB) per CPU", rd.pages, rd.pages * 4);
	return 1;
}

static int epoll_add(int ep, int fd, uint64_t data)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* Every perf buffer in the epoll set (closing an old one removed it). */
static int poll_buffers(int ep, struct sbpf *b)
{
	int i;

	for (i = 0; i < b->nreaders; i++)
		if (epoll_add(ep, sbpf_reader_fd(b, i), (uint64_t)i))
			return perror_msg("epoll"), -1;
	return 0;
}

static void check_losses(int ep, struct sbpf *b, const struct options *o)
{
	rd.loss_seen = 0;
	if (account_losses(b) && grow_on_loss(b, o))
		poll_buffers(ep, b);
}

struct loop {
	struct sbpf *b;
	const struct options *o;
	struct command *cmd;
	int cmd_status;
};

static void on_ready(struct loop *l, int ep, uint64_t data)
{
	if (data & TAG_RINGBUF) {
		sbpf_ringbuf_read(l->b);
		return;
	}
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

	if (poll_buffers(ep, l->b))
		return -1;
	if (l->b->ringbuf && epoll_add(ep, l->b->ringbuf_fd, TAG_RINGBUF))
		return perror_msg("epoll"), -1;
	if (l->cmd && l->cmd->pidfd >= 0)
		epoll_add(ep, l->cmd->pidfd, TAG_PIDFD);
	while (!stop_signal && !output_failed()) {
		n = epoll_wait(ep, evs, 64, DRAIN_MS);
		if (n < 0 && errno != EINTR) {
			perror_msg("epoll_wait");
			break;
		}
		for (i = 0; i < n; i++)
			on_ready(l, ep, evs[i].data.u64);
		now = ts_ns(CLOCK_MONOTONIC);
		if (rd.loss_seen)
			check_losses(ep, l->b, l->o);
		if (n == 0 || now - last >= DRAIN_MS * 1000000ull) {
			drain_all(l->b);
			check_losses(ep, l->b, l->o);
			flush_outputs();
			last = now;
			/* the pidfd is only the fast path: without one (Linux < 5.3,
			 * or under Valgrind) the command's end is seen here */
			if (l->cmd && l->cmd_status < 0)
				l->cmd_status = command_reap(l->cmd, 0);
			if (!targets_remain(l->b, l->o) && (!l->cmd || l->cmd_status >= 0))
				break;
		}
	}
	close(ep);
	return 0;
}

static void report_losses(const struct sbpf *b, const struct options *o)
{
	char per_cpu[1024];
	size_t used = 0;
	int i, cpu;

	if (!rd.sink.lost)
		return;
	per_cpu[0] = '\0';
	for (i = 0; i < b->nreaders && used < sizeof(per_cpu); i++) {
		cpu = b->reader_cpu[i];
		if (rd.lost[cpu])
			used += (size_t)snprintf(per_cpu + used, sizeof(per_cpu) - used, "%scpu %d: %llu",
						 used ? ", " : "", cpu, (unsigned long long)rd.lost[cpu]);
	}
	if (o->ring)
		error_msg("lost %llu records: the ring buffer was full (it cannot grow while tracing); use --buffer=perf, whose buffers grow",
			  (unsigned long long)rd.sink.lost);
	else if (rd.grown)
		error_msg("lost %llu records (%s) until the buffers grew to %u pages per CPU; start with --buffer-pages=%u next time",
			  (unsigned long long)rd.sink.lost, per_cpu, rd.pages, rd.pages);
	else
		error_msg("lost %llu records (%s): the buffer was full; try --buffer-pages=%u",
			  (unsigned long long)rd.sink.lost, per_cpu,
			  rd.pages * 4 > OPTS_MAX_PAGES ? OPTS_MAX_PAGES : rd.pages * 4);
}

/* Writes what is buffered; a reader that went away (| head) is not an error. */
static int finish_output(struct output *out, const char *name)
{
	if (!out || output_flush(out) == 0 || out->error == EPIPE)
		return 0;
	errno = out->error;
	perror_msg("write to %s", name && strcmp(name, "-") ? name : "standard output");
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

/* Compiles one variant of the program and makes it trace: maps, attach,
 * buffers. */
static double since(uint64_t t0)
{
	return (double)(ts_ns(CLOCK_MONOTONIC) - t0) / 1e9;
}

static int load_variant(struct sbpf *b, const struct options *o, const pid_t *tgids,
			const char *text, const char **cflags, char *err, size_t errlen)
{
	enum attach_method chosen;
	uint64_t t0 = ts_ns(CLOCK_MONOTONIC);

	if (sbpf_compile(b, text, cflags, err, errlen))
		return -1;
	verbose_msg("compiled in %.3f s", since(t0));
	t0 = ts_ns(CLOCK_MONOTONIC);
	if (fill_maps(b, o, tgids) || attach_lifecycle(b, o->follow || o->command, err, errlen) ||
	    attach_syscalls(b, o->method, o->filter_syscalls ? o->syscall_bits : NULL, &chosen, err, errlen))
		return -1;
	verbose_msg("attach method: %s (loaded and attached in %.3f s)", attach_method_name(chosen), since(t0));
	if (sbpf_map_is_ringbuf(b, "events")) {
		if (sbpf_open_ringbuf(b, "events", on_ring_record, err, errlen))
			return -1;
		verbose_msg("buffer: one ring buffer of %d KiB, wake-up every %u records of a CPU",
			    SNOOP_RING_PAGES * 4, o->wakeup_events);
		return 0;
	}
	if (sbpf_open_buffers(b, "events", (int)o->buffer_pages, (int)o->wakeup_events,
			      on_record, on_lost, cpu_cookie, err, errlen))
		return -1;
	rd.pages = o->buffer_pages;
	verbose_msg("buffers: %d CPUs x %u pages (%u KiB each), wake-up every %u records",
		    b->nreaders, o->buffer_pages, o->buffer_pages * 4, o->wakeup_events);
	return 0;
}

static int setup_bpf(struct sbpf *b, const struct options *o, const pid_t *tgids)
{
	const char *dir = o->bpf_dir ? o->bpf_dir : getenv("SNOOP_BPF_DIR");
	/* task storage first; the in-flight hash for kernels without it (< 5.11) */
	/* a typo must not load as an implicit (and wrong) function */
	const char *fast[] = { "-Werror=implicit-function-declaration", o->ring ? "-DSNOOP_RINGBUF" : NULL, NULL };
	const char *compat[] = { "-Werror=implicit-function-declaration", "-DSNOOP_INFLIGHT_HASH",
				 o->ring ? "-DSNOOP_RINGBUF" : NULL, NULL };
	struct bpf_source src;
	char err[4096], first_err[4096];
	int rc;

	if (dir && !*dir)
		dir = NULL;
	if (bpfsrc_load(dir, SNOOP_BPF_DIR, geteuid(), &src, err, sizeof(err)))
		return error_msg("%s", err), -1;
	verbose_msg("BPF source: %s%s", src.origin,
		    src.embedded ? " (copy built into snoop; installed sources not found in " SNOOP_BPF_DIR ")" : "");
	if (ensure_tracefs())
		return bpfsrc_free(&src), -1;
	rc = o->inflight_hash ? -1 : load_variant(b, o, tgids, src.text, fast, first_err, sizeof(first_err));
	if (rc && o->inflight_hash) {
		rc = load_variant(b, o, tgids, src.text, compat, err, sizeof(err));
		if (rc)
			error_msg("%s", err);
		else
			verbose_msg("syscalls in flight: hash by TID (--inflight=hash)");
	} else if (rc) {
		verbose_msg("with task storage: %s; trying the in-flight hash", first_err);
		sbpf_close(b);
		rc = load_variant(b, o, tgids, src.text, compat, err, sizeof(err));
		if (rc)   /* the first error is the one about this kernel's best case */
			error_msg("%s", first_err);
		else
			verbose_msg("syscalls in flight: hash by TID (no task storage on this kernel)");
	} else {
		verbose_msg("syscalls in flight: task storage");
	}
	bpfsrc_free(&src);
	return rc;
}

/* The BPF side marks the command traced at snoop's fork (config's
 * command_pending), before it can run; recording starts at its execve
 * (SNOOP_TRACE_EXEC), not in the set-up between fork and exec. */
static int launch_command(struct sbpf *b, struct command *cmd, const char *path, char **argv)
{
	char err[512];
	__u32 key, why;

	if (command_start(cmd, path, argv, err, sizeof(err)))
		return error_msg("%s", err), -1;
	key = (__u32)cmd->pid;
	if (bpf_lookup_elem(sbpf_map_fd(b, "traced_tgids"), &key, &why)) {
		error_msg("the command (PID %d) was not marked for tracing at its fork: is the sched_process_fork tracepoint missing?",
			  (int)cmd->pid);
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

/* Live outputs: text/JSON to -o (or stdout), a capture to -w; -w alone
 * writes only the capture. Opened after attach so a failed start leaves an
 * existing file untouched. */
static int open_sinks(const struct options *o, int *text_fd, int *cap_fd)
{
	int want_text = !o->write_capture || o->output;

	rd.sink.raw = o->raw;
	rd.sink.json = o->json;
	if (want_text) {
		*text_fd = open_output(o->output);
		if (*text_fd < 0 || output_init(&rd.text, *text_fd, OUTPUT_BUFFER, '\n'))
			return -1;
		rd.sink.text = &rd.text;
	}
	if (o->write_capture) {
		*cap_fd = open_output(o->write_capture);
		if (*cap_fd < 0 || output_init(&rd.cap, *cap_fd, OUTPUT_BUFFER, 0))
			return -1;
		rd.sink.cap = &rd.cap;
	}
	return 0;
}

static int close_sinks(const struct options *o, int text_fd, int cap_fd)
{
	int rc = finish_output(rd.sink.text, o->output);

	rc |= finish_output(rd.sink.cap, o->write_capture);
	output_free(&rd.text);
	output_free(&rd.cap);
	if (text_fd > STDOUT_FILENO)
		close(text_fd);
	if (cap_fd > STDOUT_FILENO && cap_fd != text_fd)
		close(cap_fd);
	return rc;
}

/* ---- -r: replay a capture ---- */

static int replay_wanted(const struct options *o, const struct snoop_record *r)
{
	int i, hit = !o->npids && !o->nnames;

	for (i = 0; i < o->npids && !hit; i++)
		hit = (pid_t)r->pid == o->pids[i];
	for (i = 0; i < o->nnames && !hit; i++)
		hit = strncmp(r->comm, o->names[i], SNOOP_COMM_LEN) == 0;
	if (hit && o->filter_syscalls)
		hit = r->nr >= 0 && r->nr < SNOOP_MAX_SYSCALLS &&
		      ((o->syscall_bits[r->nr / 64] >> (r->nr % 64)) & 1);
	return hit;
}

/* The header of the capture becomes the header of the output. */
static int replay_header(struct cap_reader *cr, struct run_info *ri, const char *file)
{
	char here[65] = "";
	struct utsname u;

	memset(ri, 0, sizeof(*ri));
	if (header_field(cr->text, "boot_realtime", ri->boot_realtime, sizeof(ri->boot_realtime)) ||
	    header_field(cr->text, "arch", ri->arch, sizeof(ri->arch))) {
		error_msg("%s: capture header lacks boot_realtime or arch: damaged capture", file);
		return -1;
	}
	header_field(cr->text, "host", ri->host, sizeof(ri->host));
	header_field(cr->text, "kernel", ri->kernel, sizeof(ri->kernel));
	header_field(cr->text, "pid", ri->pid, sizeof(ri->pid));
	header_field(cr->text, "cmdline", ri->cmdline, sizeof(ri->cmdline));
	if (uname(&u) == 0)
		snprintf(here, sizeof(here), "%s", u.machine);
	/* syscall numbers are per architecture */
	if (strcmp(here, ri->arch)) {
		error_msg("%s: capture made on %s, this snoop decodes %s syscalls: replay it with a snoop built for %s",
			  file, ri->arch, here, ri->arch);
		return -1;
	}
	return 0;
}

static uint64_t parse_timestamp(const char *s)
{
	char *end;
	uint64_t sec = strtoull(s, &end, 10), ns = 0;

	if (*end == '.')
		ns = strtoull(end + 1, NULL, 10);
	return sec * 1000000000u + ns;
}

static int replay_frames(struct cap_reader *cr, const struct options *o, const char *file)
{
	struct snoop_record r;
	struct cap_frame f;
	struct cap_lost l;
	const uint8_t *caps;
	char err[512];
	size_t len;
	int rc;

	while ((rc = cap_reader_next(cr, &f, err, sizeof(err))) == 1 && !output_failed()) {
		if (f.type == CAP_LOST && f.len >= sizeof(l)) {
			memcpy(&l, f.payload, sizeof(l));
			sink_lost(&rd.sink, l.count, (int)l.cpu);
		} else if (f.type == CAP_RECORD && sink_check(f.payload, f.len, &r, &caps, &len) == 0) {
			if (replay_wanted(o, &r))
				sink_record(&rd.sink, &r, caps, len);
		} else {
			error_msg("%s: damaged capture at frame %llu: a %s frame of %zu bytes", file,
				  (unsigned long long)f.seq, f.type == CAP_LOST ? "loss" : "record", f.len);
			return 1;
		}
	}
	if (rc < 0) {
		error_msg("%s: %s", file, err);
		return 1;
	}
	return 0;
}

static int replay(const struct options *o)
{
	const char *file = o->read_capture;
	int fd = strcmp(file, "-") ? open(file, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	int text_fd = -1, cap_fd = -1, rc = 1;
	struct cap_reader cr;
	struct run_info ri;
	char err[512];

	if (fd < 0) {
		perror_msg("cannot open capture %s", file);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	if (cap_reader_open(&cr, fd, err, sizeof(err))) {
		error_msg("%s: %s", file, err);
		goto out;
	}
	if (replay_header(&cr, &ri, file) || open_sinks(o, &text_fd, &cap_fd))
		goto out;
	rd.sink.time_mode = o->time_mode;
	rd.sink.boot_ns = parse_timestamp(ri.boot_realtime);
	sink_header(&rd.sink, &ri);
	rc = replay_frames(&cr, o, file);
	if (close_sinks(o, text_fd, cap_fd))
		rc = 1;
out:
	cap_reader_close(&cr);
	if (fd > STDIN_FILENO)
		close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	static struct options o;
	static pid_t tgids[OPTS_MAX_PIDS];
	struct sbpf b = { 0 };
	struct command cmd = { .pid = -1, .release_fd = -1, .pidfd = -1 };
	struct loop l = { .b = &b, .o = &o, .cmd = NULL, .cmd_status = -1 };
	char err[1024], cmd_path[4096];
	struct run_info ri;
	int rc = 1, text_fd = -1, cap_fd = -1;

	switch (opts_parse(argc, argv, &o, err, sizeof(err))) {
	case OPTS_HELP:
		fputs(opts_usage, stdout);
		return 0;
	case OPTS_VERSION:
		puts("snoop " SNOOP_VERSION);
		return 0;
	case OPTS_ERROR:
		error_msg("%s", err);
		return 2;
	case OPTS_RUN:
		break;
	}
	verbose = o.verbose;
	start_ns = ts_ns(CLOCK_MONOTONIC);
	if (o.read_capture)
		return replay(&o);
	if (need_privileges())
		return 1;
	rc = resolve_targets(&o, tgids, cmd_path, sizeof(cmd_path));
	if (rc)
		return rc;
	rc = 1;
	install_signals();
	if (setup_bpf(&b, &o, tgids) || open_sinks(&o, &text_fd, &cap_fd))
		goto cleanup;
	run_info_now(&ri, argc, argv);
	sink_header(&rd.sink, &ri);
	flush_outputs();   /* the header tells a reader that tracing has begun */
	verbose_msg("tracing, %.3f s after start", since(start_ns));
	if (output_failed())
		goto finish;
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
	account_losses(&b);
finish:
	rc = close_sinks(&o, text_fd, cap_fd) ? 1 : 0;
	text_fd = cap_fd = -1;
	report_losses(&b, &o);
	if (rd.short_samples)   /* the BPF side never sends these: say so if it did */
		error_msg("ignored %llu samples too short to be records (is bpf/snoop.h the one snoop was built with?)",
			  (unsigned long long)rd.short_samples);
	verbose_msg("%llu records written, %llu lost", (unsigned long long)rd.sink.records,
		    (unsigned long long)rd.sink.lost);
	if (rc == 0 && l.cmd)
		rc = exit_status_of_command(&l, &cmd);
cleanup:
	sbpf_close(&b);
	if (text_fd >= 0 || cap_fd >= 0)
		close_sinks(&o, text_fd, cap_fd);
	return rc;
}
