/* fill.c - see fill.h. */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "error.h"
#include "record/decode.h"
#include "record/ia32.h"
#include "trace/fill.h"
#include "trace/targets.h"

static int map_put(const struct tracer *t, enum snoop_map m, const void *key, const void *val)
{
	if (tracer_update(t, m, key, val)) {
		perror_msg("BPF map %s: update", snoop_maps[m].name);
		return -1;
	}
	return 0;
}

static int map_fill(const struct tracer *t, enum snoop_map m, const void *vals, uint32_t n)
{
	if (tracer_fill(t, m, vals, n)) {
		perror_msg("BPF map %s: update", snoop_maps[m].name);
		return -1;
	}
	return 0;
}

/* What -P needs to know of a call: which arguments are fds (dirfds too,
 * as strace counts fstatat(3, "", ..., AT_EMPTY_PATH)), whether it opens
 * its path (the fd it returns is then on that path) or closes. */
static __u8 call_info(long nr)
{
	const char *sig = decode_signature(nr);
	__u8 info = 0;
	int a;

	for (a = 0; sig && sig[a] && a < 6; a++)
		if (sig[a] == 'f' || sig[a] == 'D')
			info |= (__u8)(1 << a);
	if (nr == __NR_open || nr == __NR_openat || nr == __NR_creat || nr == __NR_openat2)
		info |= SNOOP_CALL_OPENS;
	if (nr == __NR_close)
		info |= SNOOP_CALL_CLOSES;
	return info;
}

static int fill_paths(const struct tracer *t, const struct options *o)
{
	static __u8 info[SNOOP_MAX_SYSCALLS];
	struct snoop_path path;
	__u8 one = 1;
	__u32 nr;
	int i;

	for (i = 0; i < o->npaths; i++) {
		memset(&path, 0, sizeof(path));
		strncpy(path.name, o->paths[i], sizeof(path.name) - 1);
		if (map_put(t, SNOOP_MAP_PATHS, &path, &one))
			return -1;
	}
	for (nr = 0; nr < SNOOP_MAX_SYSCALLS; nr++)
		info[nr] = call_info(nr);
	return map_fill(t, SNOOP_MAP_CALLINFO, info, SNOOP_MAX_SYSCALLS);
}

/* The syscall set, and what memory to read per call of each ABI: whole
 * arrays at once (a start wrote 3,000 elements one call each). */
static int fill_syscalls(const struct tracer *t, const struct options *o)
{
	static __u32 spec[SNOOP_MAX_SYSCALLS], spec32[SNOOP_MAX_SYSCALLS];
	static __s32 native[SNOOP_MAX_SYSCALLS];
	__u32 w;

	for (w = 0; w < SNOOP_MAX_SYSCALLS; w++) {
		/* --raw reads no memory: argspec stays all zero */
		spec[w] = o->raw ? 0 : decode_argspec(w);
		spec32[w] = o->raw ? 0 : decode_argspec_ia32(w);
		native[w] = (__s32)ia32_native(w);
	}
	return map_fill(t, SNOOP_MAP_SYSCALL_BITS, o->syscall_bits, SNOOP_MAX_SYSCALLS / 64) ||
	       map_fill(t, SNOOP_MAP_ARGSPEC, spec, SNOOP_MAX_SYSCALLS) ||
	       map_fill(t, SNOOP_MAP_ARGSPEC32, spec32, SNOOP_MAX_SYSCALLS) ||
	       map_fill(t, SNOOP_MAP_IA32_NATIVE, native, SNOOP_MAX_SYSCALLS) ? -1 : 0;
}

/* -a, --cgroup, -u: the cgroup directories by index, the uids and the
 * offsets the BPF side reads them at */
static int fill_selection(const struct tracer *t, const struct selection *sel, struct snoop_config *cfg)
{
	__u32 i, fd;

	cfg->select = sel->select;
	cfg->ncgroups = (__u32)sel->ncgroups;
	cfg->nuids = (__u32)sel->nuids;
	memcpy(cfg->uids, sel->uids, sizeof(cfg->uids));
	cfg->task_cred_off = sel->task_cred_off;
	cfg->cred_euid_off = sel->cred_euid_off;
	cfg->record_ids = sel->record_ids;
	cfg->task_thread_pid_off = sel->task_thread_pid_off;
	cfg->task_group_leader_off = sel->task_group_leader_off;
	cfg->pid_level_off = sel->pid_level_off;
	cfg->pid_numbers_off = sel->pid_numbers_off;
	for (i = 0; i < (__u32)sel->ncgroups; i++) {
		fd = (__u32)sel->cgroup_fds[i];
		if (map_put(t, SNOOP_MAP_CGROUPS, &i, &fd))
			return -1;
	}
	return 0;
}

int fill_maps(const struct tracer *t, const struct options *o, const pid_t *tgids, const struct selection *sel)
{
	struct snoop_config cfg = {
		.follow_forks = (__u32)o->follow,
		.fork_records = (__u32)opts_fork_records(o),
		.filter_syscalls = (__u32)o->filter_syscalls,
		.match_names = o->nnames > 0,
		.self_tgid = (__u32)getpid(),
		.strsize = o->strsize,
		.wakeup_events = o->wakeup_events,
		.command_pending = o->command != NULL,
		.status_filter = (__u32)o->status_filter,
		.min_duration_ns = o->min_duration_ns,
		.match_paths = o->npaths > 0,
		/* -c -w, -c --html: the records still go to the capture, the report */
		.summary = (o->summary ? SNOOP_SUM_COUNT : 0) |
			   (o->summary == SUMMARY_ONLY && !o->write_capture && !o->html ? SNOOP_SUM_NO_RECORDS : 0) |
			   (o->per_process ? SNOOP_SUM_PER_PROCESS : 0),
		.task_pid_off = t->task_pid_off,
		.task_tgid_off = t->task_tgid_off,
		.bprm_filename_off = t->bprm_filename_off,
	};
	__u32 key = 0;
	__u8 one = 1;
	struct snoop_comm comm;
	int i;

	if (fill_syscalls(t, o) || fill_selection(t, sel, &cfg))
		return -1;
	if (tracer_has(t, SNOOP_MAP_PATHS) && fill_paths(t, o))
		return -1;
	for (i = 0; i < o->nnames; i++) {
		memcpy(comm.name, o->names[i], SNOOP_COMM_LEN);
		if (map_put(t, SNOOP_MAP_NAMES, &comm, &one))
			return -1;
	}
	if (targets_mark(t, o, tgids))
		return -1;
	return map_put(t, SNOOP_MAP_CONFIG, &key, &cfg);
}
