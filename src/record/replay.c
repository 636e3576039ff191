/* replay.c - see replay.h. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "error.h"
#include "record/capture.h"
#include "record/fdtable.h"
#include "record/ia32.h"
#include "record/replay.h"
#include "record/run_info.h"
#include "record/filter.h"
#include "record/report_html.h"
#include "record/sink.h"

/* The capture's cgroups (its header's cgroups=), which its records'
 * cgroup ids are named by; and --cgroup's and --container's ids. */
static struct cgtable named;
/* cgroup ids are inode numbers, given again from 1 at each boot: this
 * machine's tree says which ids a directory holds only for a capture of
 * this boot (replay_header) */
static int this_boot;
static uint64_t wanted_ids[2 * CGTABLE_MAX];
static int nwanted;

static void want_id(uint64_t id)
{
	if (nwanted < (int)(sizeof(wanted_ids) / sizeof(wanted_ids[0])))
		wanted_ids[nwanted++] = id;
}

static int cmp_id(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int in_wanted_cgroup(const struct replay_config *o, uint64_t id)
{
	if (!o->ncgroup_dirs && !o->ncontainers)
		return 1;
	return bsearch(&id, wanted_ids, (size_t)nwanted, sizeof(id), cmp_id) != NULL;
}

/* The ids --cgroup and --container choose: each must name a cgroup of
 * the capture's table or of this machine's tree. 0, or -1 after an error. */
static int choose_cgroups(const struct replay_config *o, const char *file)
{
	char path[CG_PATH_MAX + 64];
	int i, k, found;

	nwanted = 0;
	for (i = 0; i < o->ncgroup_dirs; i++) {
		cgtable_relative(o->cgroup_dirs[i], o->cgroup_mount, path, sizeof(path));
		for (k = found = 0; k < named.n; k++)
			if (cgtable_path_under(named.e[k].path, path))
				want_id(named.e[k].id), found = 1;
		for (k = 0; this_boot && o->cgroup_here && k < o->cgroup_here->n; k++)
			if (cgtable_path_under(o->cgroup_here->e[k].path, path))
				want_id(o->cgroup_here->e[k].id), found = 1;
		if (!found) {
			error_msg("%s: --cgroup=%s: the capture names no cgroup at or below %s, and %s: give one the "
				  "capture's header lists (cgroups=)", file, o->cgroup_dirs[i], path,
				  this_boot ? "it is not a cgroup directory here"
					    : "it was made on another boot or host (this machine's cgroups do not apply)");
			return -1;
		}
	}
	for (i = 0; i < o->ncontainers; i++) {
		for (k = found = 0; k < named.n; k++)
			if (cgtable_is_container(&named.e[k], o->containers[i]))
				want_id(named.e[k].id), found = 1;
		if (!found) {
			error_msg("%s: --container=%s: the capture names no such container: give a name or ID its header "
				  "lists (cgroups=ID:PATH:RUNTIME:CONTAINER-ID:NAME)", file, o->containers[i]);
			return -1;
		}
	}
	qsort(wanted_ids, (size_t)nwanted, sizeof(wanted_ids[0]), cmp_id);
	return 0;
}

static int replay_wanted(const struct replay_config *o, const struct snoop_record *r, const uint8_t *mem, size_t len)
{
	int i, hit = !o->npids && !o->nnames;

	for (i = 0; i < o->npids && !hit; i++)
		hit = (pid_t)r->pid == o->pids[i];
	for (i = 0; i < o->nnames && !hit; i++)
		hit = strncmp(r->comm, o->names[i], SNOOP_COMM_LEN) == 0;
	hit = hit && in_wanted_cgroup(o, r->cgroup_id);
	/* -e, -Z, -z, --min-duration and -P choose syscalls: signals and ends
	 * are always shown, as by strace */
	/* (with -y the sink filters: the fd table learns from every call) */
	if (!hit || (r->flags & (SNOOP_REC_SIGNAL | SNOOP_REC_EXIT)))
		return hit && o->summary != SUMMARY_ONLY;   /* -c writes neither; -C's summary counts calls only */
	if (o->syscalls && !o->decode_fds)
		hit = record_in_set(o->syscalls, r);   /* an ia32 call matches its x86_64 namesake */
	return hit && record_call_wanted(r, mem, len, &o->calls);
}

/* The capture was made on this machine since it last booted: the same
 * host name, and a boot time within a few seconds of this one's (clock
 * adjustments move the wall clock's idea of it a little). */
static int same_boot(const struct run_info *ri)
{
	char host[sizeof(ri->host)] = "";
	uint64_t boot = run_info_boot_ns();
	uint64_t d = boot > ri->boot_ns ? boot - ri->boot_ns : ri->boot_ns - boot;

	if (gethostname(host, sizeof(host) - 1) || strcmp(host, ri->host))
		return 0;
	return ri->boot_known && d < 10 * 1000000000ull;
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
	if (header_field(cr->text, "select", ri->select, sizeof(ri->select)))
		ri->select[0] = '\0';
	if (header_field(cr->text, "cgroups", ri->cgroups, sizeof(ri->cgroups)))
		ri->cgroups[0] = '\0';
	cgtable_parse(&named, ri->cgroups);
	cgtable_use(&named);
	run_info_numbers(ri);
	this_boot = same_boot(ri);
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

/* A not-stored count's frame (type 3) added to unstored[its kind]: 0, or
 * -1 if it is too short to be one. A kind this snoop does not know (a
 * later snoop's) is skipped. */
static int add_unstored(const struct cap_frame *f, uint64_t *unstored)
{
	struct cap_unstored u;

	if (f->len < sizeof(u))
		return -1;
	memcpy(&u, f->payload, sizeof(u));
	if (u.kind < SNOOP_UNSTORED_KINDS)
		unstored[u.kind] += u.count;
	return 0;
}

static const char *frame_kind(uint32_t type)
{
	return type == CAP_LOST ? "loss" : type == CAP_UNSTORED ? "not-stored count" : type == CAP_FORK ? "fork" : "record";
}

/* The frames to the sink; the not-stored counts summed into unstored, for
 * the end of the output (after -c's table), as a live run writes them. */
static int replay_frames(struct cap_reader *cr, struct sink *s, const struct replay_config *o, const char *file,
			 uint64_t *unstored)
{
	struct snoop_record r;
	struct cap_frame f;
	struct cap_lost l;
	struct cap_fork fk;
	const uint8_t *mem;
	char err[512];
	size_t len;
	int rc;

	while ((rc = cap_reader_next(cr, &f, err, sizeof(err))) == 1 && !sink_failed(s)) {
		if (f.type == CAP_LOST && f.len >= sizeof(l)) {
			memcpy(&l, f.payload, sizeof(l));
			sink_lost(s, l.count, (int)l.cpu);
		} else if (f.type == CAP_UNSTORED && add_unstored(&f, unstored) == 0) {
			/* written at the end */
		} else if (f.type == CAP_FORK && f.len >= sizeof(fk)) {
			memcpy(&fk, f.payload, sizeof(fk));
			sink_fork(s, fk.ts_ns, fk.parent, fk.child);
		} else if (f.type == CAP_RECORD &&
			   sink_check_sized(f.payload, f.len, cap_record_size(cr), &r, &mem, &len) == 0) {
			if (replay_wanted(o, &r, mem, len))
				sink_record(s, &r, mem, len);
		} else {
			error_msg("%s: damaged capture at byte offset %llu: frame %llu, a %s frame of %zu bytes, is not one",
				  file, (unsigned long long)f.offset, (unsigned long long)f.seq,
				  frame_kind(f.type), f.len);
			return 1;
		}
	}
	if (rc < 0) {
		error_msg("%s: %s", file, err);
		return 1;
	}
	return 0;
}

static int print_summary(struct sink *s, struct summary *sum, const struct replay_config *o)
{
	if (!s->sum) {
		error_msg("out of memory for the summary");
		return -1;
	}
	return sink_summary(s, sum, o->sort, o->histogram);
}

int replay(const struct replay_config *o, struct sink_tap *tap)
{
	return replay_sized(o, tap, FDTABLE_SLOTS);
}

int replay_sized(const struct replay_config *o, struct sink_tap *tap, size_t fd_slots)
{
	const char *file = o->capture;
	int fd = strcmp(file, "-") ? open(file, O_RDONLY | O_CLOEXEC) : STDIN_FILENO, rc = 1;
	struct cap_reader cr;
	struct run_info ri;
	struct sink s;
	struct fdtable fds = { 0 };
	struct summary sum = { 0 };
	struct report *rep = NULL;
	uint64_t unstored[SNOOP_UNSTORED_KINDS] = { 0 };
	unsigned kind;
	int html_fd = -1;
	char err[512] = "";

	if (fd < 0) {
		perror_msg("cannot open capture %s", file);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	if (cap_reader_open(&cr, fd, err, sizeof(err))) {
		error_msg("%s: %s", file, err);
		goto out;
	}
	if (replay_header(&cr, &ri, file) || choose_cgroups(o, file) || sink_open(&s, o->output, o->write_capture, o->sink_flags))
		goto out;
	/* --html: its file open before any record is read */
	if ((tap && sink_set_tap(&s, tap)) ||
	    (o->html && (html_fd = report_html_open(o->html, &s, o->sink_flags & SINK_RAW ? FMT_RAW : 0)) < 0)) {
		sink_close(&s);
		goto out;
	}
	rep = s.report;
	wallclock_init(&s.clock, o->time_mode, ri.boot_ns);
	if (o->summary) {   /* counted here from the records, as BPF counts live */
		s.sum = &sum;
		s.sum_per_process = o->per_process;
	}
	/* -y: from the records alone (what a process had open before is not
	 * in the capture) */
	if (o->decode_fds && fdtable_init(&fds, fd_slots, NULL, NULL) == 0) {
		s.fds = &fds;
		s.show = o->syscalls;
	}
	sink_header(&s, &ri);
	rc = replay_frames(&cr, &s, o, file, unstored);
	if (o->summary && rc == 0 && print_summary(&s, &sum, o))
		rc = 1;
	for (kind = 0; kind < SNOOP_UNSTORED_KINDS; kind++)   /* those read before a damage too */
		sink_unstored(&s, kind, unstored[kind]);
	summary_free(&sum);
	if (sink_close(&s))
		rc = 1;
	/* after a damaged frame too: the report of what was read */
	if (rep && report_html_write(rep, html_fd, o->html))
		rc = 1;
	fdtable_free(&fds);
out:
	report_free(rep);
	cap_reader_close(&cr);
	if (fd > STDIN_FILENO)
		close(fd);
	return rc;
}
