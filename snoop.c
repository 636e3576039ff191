/* snoop.c - trace syscalls of chosen processes with eBPF.
 *
 * Lifecycle, top to bottom in main(): parse -> (replay, and done) -> check
 * targets -> compile, fill maps, open the buffers (trace/reader.c, through
 * tracer_start's hook), attach (trace/tracer.c) -> open outputs
 * (record/sink.c) -> header -> start the command -> read until the targets
 * are gone -> drain, detach, drain -> the calls still in progress -> one
 * cleanup that releases in reverse.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "BPF.h"
#include "error.h"
#include "fleet/fleet.h"
#include "opts.h"
#include "record/clock.h"
#include "record/replay.h"
#include "record/run_info.h"
#include "record/fdtable.h"
#include "record/report_html.h"
#include "record/sink.h"
#include "trace/cgnames.h"
#include "trace/containers.h"
#include "trace/counts.h"
#include "trace/prepare.h"
#include "trace/proc.h"
#include "trace/reader.h"
#include "trace/stacks.h"
#include "trace/targets.h"
#include "trace/tracer.h"
#include "trace/unfinished.h"
#include "trace/variant.h"

#ifndef SNOOP_VERSION
#define SNOOP_VERSION "0.1"
#endif

/* The file-scope state: what the signal handlers may touch. */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	if (stop_signal)   /* a second one: the user means now */
		_exit(128 + sig);
	stop_signal = sig;
}

static volatile sig_atomic_t continued;   /* SIGCONTs received: snoop had been stopped */

static void on_continue(int sig)
{
	(void)sig;
	continued++;
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
	/* the reader tells losses to a stop from losses to a small buffer */
	sa.sa_handler = on_continue;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGCONT, &sa, NULL);
}

/* -v: snoop's own CPU time (not the command's), start-up included. */
static void report_cpu(int verbose, uint64_t start_ns)
{
	struct rusage ru;

	if (!verbose || getrusage(RUSAGE_SELF, &ru))
		return;
	verbose_msg(verbose, "snoop's own CPU: %.3f s user, %.3f s system in %.3f s",
		    (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6,
		    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6,
		    (double)(clock_now_ns(CLOCK_MONOTONIC) - start_ns) / 1e9);
}

/* Attached, with outputs open: write the header, start the command, read
 * until the end, then detach and write everything still buffered. */
static int trace(struct tracer *t, struct reader *rd, struct command *cmd, const char *cmd_path,
		 const struct options *o, const struct run_info *ri)
{
	char **command = o->command;
	struct call_filter calls;

	/* without a command to launch first (a thread made before its fork
	 * would take that fork), the writers start now: the header's write,
	 * and an old file's truncation (tens of ms for a large one), are
	 * theirs while the reader drains the buffers that -p's targets fill */
	if (!command)
		sink_write_behind(rd->sink);
	sink_header(rd->sink, ri);
	sink_flush(rd->sink);   /* the header tells a reader that tracing has begun */
	if (sink_failed(rd->sink))
		return 0;
	if (command) {
		/* records on a pipe or file stay records: the command's own stdout
		 * goes to stderr then (on a terminal both share the screen) */
		cmd->stdout_to_stderr = sink_writes_stdout(rd->sink) && !isatty(STDOUT_FILENO);
		if (tracer_launch(t, cmd, cmd_path, command))
			return -1;
		rd->cmd = cmd;
		if (rd->sink->fds)
			proc_seed_command_fds(rd->sink->fds, cmd);
		sink_write_behind(rd->sink);
	}
	reader_run(rd);
	/* every record already in the buffers is written before detaching */
	reader_drain(rd);
	sbpf_detach_from(t->b, 0);
	reader_drain(rd);
	rd->all_read = 1;   /* --lossless: every process stopped was continued */
	/* then the calls still in progress, as strace's <unfinished ...> */
	opts_call_filter(o, &calls);
	unfinished_write(t, rd->sink, &calls);
	return 0;
}

/* What the kernel's tables could not store, at the end of the output
 * (after -c's table): a saved trace says that it lacks processes. */
static void write_unstored(const struct tracer *t, struct sink *sink)
{
	unsigned kind;

	for (kind = 0; kind < SNOOP_UNSTORED_KINDS; kind++)
		sink_unstored(sink, kind, tracer_percpu_sum(t, SNOOP_MAP_UNSTORED, kind));
}

static int parse_command_line(int argc, char **argv, struct options *o)
{
	char err[1024];

	switch (opts_parse(argc, argv, o, err, sizeof(err))) {
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
	return -1;
}

/* The reader's buffers, opened before the programs attach (tracer.h). */
struct opening {
	struct reader *rd;
	struct sink *sink;
	const struct options *o;
};

static int open_buffers(struct tracer *t, void *arg, char *err, size_t errlen)
{
	struct opening *ob = arg;
	const struct reader_buffers cfg = { variant_transport(t->variant), ob->o->buffer_pages, ob->o->wakeup_events,
					    OPTS_MAX_PAGES, ob->o->lossless,
					    opts_could_be_lossless(ob->o) ? OPTS_MIN_LOSSLESS_PAGES : 0 };

	return reader_open(ob->rd, t->b, ob->sink, &cfg, err, errlen);
}

/* --to's sockets, polled by the reader beside the buffers. */
static int fleet_poll_fds(void *arg, int *fds, int max)
{
	return max > 0 && (fds[0] = fleet_fd(arg)) >= 0;
}

static void fleet_ready(void *arg, int ready)
{
	fleet_service(arg, ready);
}

static void close_buffers(void *arg)
{
	reader_close(((struct opening *)arg)->rd);
}

/* -r: a capture printed again, and with --to sent (a full queue waits
 * for its collector: nothing is lost by waiting). */
static int run_replay(const struct options *o)
{
	struct fleet fleet = { .ep = -1, .kick_fd = -1 };
	static struct cgtable here;
	static char mount[4096];
	struct replay_config c;
	int rc = 1;

	opts_replay_config(o, &c);
	/* --cgroup: the directories as this machine has them, beside the
	 * capture's table */
	if (o->ncgroups) {
		cgnames_mount(mount, sizeof(mount));
		cgnames_fill_replay(o->cgroups, o->ncgroups, &here);
		c.cgroup_here = &here;
		c.cgroup_mount = mount[0] ? mount : NULL;
	}
	if (!o->to.n || fleet_open(&fleet, &o->to, o->verbose, 1) == 0) {
		rc = replay(&c, o->to.n ? fleet_tap(&fleet) : NULL);
		fleet_report(&fleet);
	}
	fleet_close(&fleet);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o;
	static struct containers containers;   /* o.cgroups points into it */
	static struct cgtable cgroups;         /* the cgroups records are named by */
	pid_t tgids[OPTS_MAX_PIDS];
	struct command cmd = { .pid = -1, .release_fd = -1, .pidfd = -1 };
	struct reader rd = { .stop = &stop_signal, .continued = &continued };
	uint64_t start_ns = clock_now_ns(CLOCK_MONOTONIC);
	char cmd_path[4096];
	struct tracer *t = NULL;
	struct run_info ri;
	struct sink sink = { 0 };
	struct fdtable fds = { 0 };
	uint64_t show[SNOOP_MAX_SYSCALLS / 64];
	struct counting counts = { 0 };
	struct stacks stacks = { 0 };
	struct opening ob;
	struct fleet fleet = { .ep = -1, .kick_fd = -1 };
	struct selection sel = { 0 };
	int rc, html_fd = -1;

	error_init();   /* before any libbcc call points fd 2 elsewhere */
	command_keep_signals();   /* before snoop changes any */
	if ((rc = parse_command_line(argc, argv, &o)) >= 0)
		return rc;
	if (o.read_capture)
		return run_replay(&o);
	if (tracer_check_privileges())
		return 1;
	if (o.prepare)   /* compiles only: fine in a build's PID namespace */
		return tracer_prepare(&o);
	if (tracer_check_pid_namespace())
		return 1;
	/* /dev/fd/N names the caller's fd, not one snoop opens from now on */
	if (sink_streams_usable(o.output, o.write_capture))
		return 1;
	/* --container: to the cgroups --cgroup's filter traces */
	if (o.ncontainers && (containers_resolve(o.containers, o.ncontainers, &containers, o.verbose) ||
			      containers_add_cgroups(&containers, &o)))
		return 1;
	if ((rc = tracer_resolve_targets(&o, tgids, cmd_path, sizeof(cmd_path))))
		return rc;
	if (selection_resolve(&o, &sel))
		return 1;
	install_signals();
	if (o.decode_fds && o.filter_syscalls) {
		/* -y learns from calls -e may leave out: traced, not shown */
		memcpy(show, o.syscall_bits, sizeof(show));
		fdtable_syscalls(o.syscall_bits);
	}
	rd.verbose = o.verbose;
	/* -n, -a, --cgroup, -u: processes still to come, none to wait for;
	 * -a -- COMMAND ends with the command */
	rd.until_command = o.all && o.command;
	rd.until_stopped = o.nnames > 0 || (opts_selects_in_kernel(&o) && !rd.until_command);
	/* --to: connected and its certificates checked before tracing starts */
	if (o.to.n && fleet_open(&fleet, &o.to, o.verbose, 0)) {
		fleet_close(&fleet);
		return 1;
	}
	if (!o.buffer_pages)
		o.buffer_pages = opts_default_pages(sysconf(_SC_NPROCESSORS_ONLN), opts_sends_records(&o));
	ob = (struct opening){ &rd, &sink, &o };
	if (!(t = tracer_start(&o, tgids, &sel, &(struct tracer_hooks){ open_buffers, close_buffers, &ob }))) {
		fleet_close(&fleet);
		selection_close(&sel);
		return 1;
	}
	/* A stop that came while snoop was starting (a compile, or a load of
	 * a second on a busy machine) ends it here, before tracing begins:
	 * going on would write a header, the sign that tracing has begun,
	 * then a trace of the milliseconds the detach takes, with status 0,
	 * and replace an existing output file with that. */
	if (stop_signal) {
		error_msg("stopped by %s before tracing began: nothing traced, no output written",
			  stop_signal == SIGINT ? "SIGINT" : stop_signal == SIGTERM ? "SIGTERM" : "SIGHUP");
		rc = 128 + stop_signal;
		goto cleanup;
	}
	targets_forget_ended(t, tgids, o.npids);
	rc = 1;
	/* opened after attaching, so a failed start leaves an existing file untouched */
	if (sink_open(&sink, o.output, o.write_capture, opts_sink_flags(&o)))
		goto cleanup;
	if (o.to.n) {
		if (sink_set_tap(&sink, fleet_tap(&fleet))) {
			sink_close(&sink);
			goto cleanup;
		}
		rd.hook = (struct reader_hook){ fleet_poll_fds, fleet_ready, &fleet };
	}
	/* --html: its file opened now (a bad path ends the run before it traces) */
	if ((o.html && (html_fd = report_html_open(o.html, &sink, o.raw ? FMT_RAW : 0)) < 0) ||
	    (o.decode_fds && proc_fds_start(&fds, &sink, o.filter_syscalls ? show : NULL, tgids, o.npids, t)) ||
	    (o.stack && stacks_start(&stacks, t->b, o.command ? cmd_path : NULL, &sink))) {
		sink_close(&sink);
		goto cleanup;
	}
	wallclock_init(&sink.clock, o.time_mode, run_info_now(&ri, argc, argv));
	selection_text(&o, ri.select, sizeof(ri.select));
	if (sel.record_ids & SNOOP_IDS_CGROUP) {
		cgnames_fill(o.cgroups, o.ncgroups, &containers, 1, &cgroups);
		cgtable_text(&cgroups, ri.cgroups, sizeof(ri.cgroups));   /* the walk's order: outer first */
		cgtable_sort(&cgroups);
		cgtable_use(&cgroups);
	}
	if (o.summary) {
		counting_start(&counts, t, &sink, o.sort, o.histogram, o.interval_s);
		if (o.interval_s)
			rd.timer = counting_tick, rd.timer_arg = &counts, rd.timer_at = counts.next_ns;
	}
	verbose_msg(o.verbose, "tracing, %.3f s after start", (double)(clock_now_ns(CLOCK_MONOTONIC) - start_ns) / 1e9);
	if (trace(t, &rd, &cmd, cmd_path, &o, &ri)) {
		sink_close(&sink);
		goto cleanup;
	}
	if (o.summary && !sink_failed(&sink))
		counting_finish(&counts, o.per_process);
	write_unstored(t, &sink);
	rc = sink_close(&sink) || counts.failed ? 1 : 0;
	/* at the end of every run that traced, a stop by SIGINT or SIGTERM too */
	if (sink.report && report_html_write(sink.report, html_fd, o.html))
		rc = 1;
	html_fd = -1;
	reader_report(&rd);
	fleet_report(&fleet);
	verbose_msg(o.verbose, "%llu records written, %llu lost", (unsigned long long)sink.records,
		    (unsigned long long)sink.lost);
	report_cpu(o.verbose, start_ns);
	tracer_report(t, o.verbose);
	if (rc == 0 && rd.cmd)   /* a signal is the normal end of -p and -n: 0 */
		rc = command_exit_status(rd.cmd, rd.cmd_status, stop_signal);
cleanup:
	if (html_fd >= 0)
		close(html_fd);
	report_free(sink.report);
	stacks_free(&stacks, o.verbose);
	fdtable_free(&fds);
	if (cmd.pidfd >= 0)
		close(cmd.pidfd);
	reader_close(&rd);
	tracer_free(t);
	selection_close(&sel);
	fleet_close(&fleet);
	return rc;
}
