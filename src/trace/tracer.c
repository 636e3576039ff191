/* tracer.c - see tracer.h. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "error.h"
#include "record/decode.h"
#include "record/ia32.h"
#include "trace/attach.h"
#include "trace/bpfsrc.h"
#include "trace/program.h"
#include "trace/targets.h"
#include "trace/tracer.h"

#ifndef SNOOP_BPF_DIR
#define SNOOP_BPF_DIR "/usr/local/share/snoop/bpf"
#endif

int tracer_check_privileges(void)
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

int tracer_resolve_targets(const struct options *o, pid_t *tgids, char *cmd_path, size_t len)
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

/* libbcc reads tracepoint formats from debugfs; mount it as the setup does. */
static int ensure_tracefs(int verbose)
{
	if (access("/sys/kernel/debug/tracing/events", F_OK) == 0)
		return 0;
	if (mount("none", "/sys/kernel/debug", "debugfs", 0, NULL) && errno != EBUSY) {
		perror_msg("tracefs is not mounted and mounting debugfs on /sys/kernel/debug failed (fix: mount -t debugfs none /sys/kernel/debug)");
		return -1;
	}
	verbose_msg(verbose, "mounted debugfs on /sys/kernel/debug (libbcc reads tracepoint formats there)");
	if (access("/sys/kernel/debug/tracing/events", F_OK)) {
		error_msg("no /sys/kernel/debug/tracing/events: this kernel has no tracefs (CONFIG_FTRACE)");
		return -1;
	}
	return 0;
}

static int map_put(struct sbpf *b, const char *map, const void *key, const void *val)
{
	if (sbpf_map_update(b, map, key, val)) {
		perror_msg("BPF map %s: update", map);
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

static int fill_paths(struct sbpf *b, const struct options *o)
{
	struct snoop_path path;
	__u8 one = 1, info;
	__u32 nr;
	int i;

	for (i = 0; i < o->npaths; i++) {
		memset(&path, 0, sizeof(path));
		strncpy(path.name, o->paths[i], sizeof(path.name) - 1);
		if (map_put(b, "paths", &path, &one))
			return -1;
	}
	for (nr = 0; nr < SNOOP_MAX_SYSCALLS; nr++)
		if ((info = call_info(nr)) && map_put(b, "callinfo", &nr, &info))
			return -1;
	return 0;
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
		.status_filter = (__u32)o->status_filter,
		.min_duration_ns = o->min_duration_ns,
		.match_paths = o->npaths > 0,
		/* -c -w: the records still go to the capture */
		.summary = (o->summary ? SNOOP_SUM_COUNT : 0) |
			   (o->summary == SUMMARY_ONLY && !o->write_capture ? SNOOP_SUM_NO_RECORDS : 0) |
			   (o->per_process ? SNOOP_SUM_PER_PROCESS : 0),
	};
	__u32 key = 0, w;
	__u8 one = 1;
	struct snoop_comm comm;
	int i;

	for (w = 0; w < SNOOP_MAX_SYSCALLS / 64; w++)
		if (map_put(b, "syscall_bits", &w, &o->syscall_bits[w]))
			return -1;
	/* --raw reads no memory: argspec stays all zero */
	for (w = 0; w < SNOOP_MAX_SYSCALLS && !o->raw; w++) {
		__u32 spec = decode_argspec(w), spec32 = decode_argspec_ia32(w);

		if ((spec && map_put(b, "argspec", &w, &spec)) || (spec32 && map_put(b, "argspec32", &w, &spec32)))
			return -1;
	}
	for (w = 0; w < SNOOP_MAX_SYSCALLS; w++) {
		__s32 native = (__s32)ia32_native(w);

		if (map_put(b, "ia32_native", &w, &native))
			return -1;
	}
	if (o->npaths && fill_paths(b, o))
		return -1;
	for (i = 0; i < o->nnames; i++) {
		memcpy(comm.name, o->names[i], SNOOP_COMM_LEN);
		if (map_put(b, "names", &comm, &one))
			return -1;
	}
	if (targets_mark(b, o, tgids))
		return -1;
	return map_put(b, "config", &key, &cfg);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Does sched_process_exit carry group_dead (Linux 6.16+)? Then a process
 * is traced until its last thread exits, not its leader. */
static int exit_says_group_dead(void)
{
	char line[256];
	int found = 0;
	FILE *f = fopen("/sys/kernel/debug/tracing/events/sched/sched_process_exit/format", "re");

	while (f && !found && fgets(line, sizeof(line), f))
		found = strstr(line, " group_dead;") != NULL;
	if (f)
		fclose(f);
	return found;
}

/* The mapped rings publish a record with a plain store after its bytes:
 * ordered on x86, not on weaker memory models (TODO.md). */
#if defined(__x86_64__)
#define MAPPED_BY_DEFAULT 1
#else
#define MAPPED_BY_DEFAULT 0
#endif

/* The buffers a variant sends its records through: its -D flag
 * (variant_flags) and the reader's transport, one decision. */
static enum transport_kind variant_transport(const struct options *o, int inflight_hash)
{
	if (o->buffer == BUFFER_RING)
		return TRANSPORT_RINGBUF;
	if (o->buffer == BUFFER_MAPPED || (o->buffer == BUFFER_DEFAULT && !inflight_hash && MAPPED_BY_DEFAULT))
		return TRANSPORT_MAPPED;
	return TRANSPORT_PERF;
}

/* The compiler flags of a variant, NULL-ended (room for 12). */
static void variant_flags(const struct options *o, int inflight_hash, int group_dead, const char **flags)
{
	int n = 0;

	flags[n++] = "-Werror=implicit-function-declaration";   /* a typo must not load */
	if (inflight_hash)
		flags[n++] = "-DSNOOP_INFLIGHT_HASH";
	if (variant_transport(o, inflight_hash) == TRANSPORT_RINGBUF)
		flags[n++] = "-DSNOOP_RINGBUF";
	if (variant_transport(o, inflight_hash) == TRANSPORT_MAPPED)
		flags[n++] = "-DSNOOP_MAPPED";
	if (group_dead)
		flags[n++] = "-DSNOOP_GROUP_DEAD";
	if (o->stack)
		flags[n++] = "-DSNOOP_STACKS";
	/* maps and code only the runs that use them carry */
	if (o->summary)
		flags[n++] = "-DSNOOP_SUMMARY";
	if (o->npaths)
		flags[n++] = "-DSNOOP_PATHS";
	/* -c alone (no capture): the lean counting path and its array */
	if (o->summary == SUMMARY_ONLY && !o->npaths && !o->per_process && !o->write_capture)
		flags[n++] = "-DSNOOP_COUNT_ONLY";
	flags[n] = NULL;
}

/* One variant of the program, from the cache or compiled, made to trace:
 * maps, attach. *fatal when no other variant can do better. */
static struct sbpf *load_variant(const struct options *o, const pid_t *tgids, const char *text,
				 const char **cflags, enum transport_kind kind, struct bpfcache *cache,
				 const struct tracer_hooks *h, int *fatal, char *err, size_t errlen)
{
	struct sbpf *b = sbpf_new(o->verbose);
	enum attach_method chosen;
	enum program_result got;
	struct timespec t0;
	struct bpfobj *obj = malloc(sizeof(*obj));

	if (!b || !obj) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if ((got = program_obtain(cache, text, cflags, o->verbose, obj, err, errlen)) != PROGRAM_OK) {
		*fatal = got == PROGRAM_FATAL;
		goto fail;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (sbpf_load(b, obj, err, errlen) || fill_maps(b, o, tgids))
		goto fail;
	if (h->buffers(b, kind, h->arg, err, errlen)) {
		h->undo(h->arg);   /* what it opened before failing */
		goto fail;
	}
	if (attach_lifecycle(b, o->follow || o->command, o->verbose, err, errlen) ||
	    attach_syscalls(b, o->method, o->filter_syscalls ? o->syscall_bits : NULL, &chosen,
			    o->verbose, err, errlen)) {
		h->undo(h->arg);
		goto fail;
	}
	sbpf_loading_done(b);
	verbose_msg(o->verbose, "attach method: %s (loaded and attached in %.3f s)",
		    attach_method_name(chosen), seconds_since(&t0));
	free(obj);
	return b;
fail:
	if (obj)
		bpfobj_free(obj);
	free(obj);
	sbpf_free(b);
	return NULL;
}

/* The compiled programs' cache, unless --no-cache. -1 after a one-line
 * error when it is unsafe. */
static int open_cache(const struct options *o, struct bpfcache *cache, struct bpfcache **use)
{
	char err[4096];

	*use = NULL;
	if (o->no_cache) {
		verbose_msg(o->verbose, "BPF cache: off (--no-cache)");
		return 0;
	}
	switch (bpfcache_open(cache, o->cache_dir ? o->cache_dir : SNOOP_CACHE_DIR, o->verbose, err, sizeof(err))) {
	case BPFCACHE_OK:
		*use = cache;
		return 0;
	case BPFCACHE_REFUSED:
		return error_msg("%s", err), -1;
	case BPFCACHE_UNUSABLE:
		break;
	}
	return 0;
}

/* The BPF sources: --bpf-dir or $SNOOP_BPF_DIR, else those of the prefix
 * this snoop is installed in, those of the build's prefix, the embedded
 * copy (trace/bpfsrc.h). -v says which, and where it looked. */
static int load_source(const struct options *o, struct bpf_source *src)
{
	const char *dir = o->bpf_dir ? o->bpf_dir : getenv("SNOOP_BPF_DIR");
	const char *installed[3] = { SNOOP_BPF_DIR, NULL, NULL };
	char exe[4096], beside[4096], err[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (dir && !*dir)
		dir = NULL;
	if (n > 0) {
		exe[n] = '\0';
		if (bpfsrc_beside(exe, beside, sizeof(beside)) == 0 && strcmp(beside, SNOOP_BPF_DIR)) {
			installed[0] = beside;
			installed[1] = SNOOP_BPF_DIR;
		}
	}
	if (bpfsrc_load(dir, installed, src, err, sizeof(err)))
		return error_msg("%s", err), -1;
	if (src->embedded && src->skipped[0])
		verbose_msg(o->verbose, "BPF source: embedded (copy built into snoop; %s)", src->skipped);
	else if (src->embedded)
		verbose_msg(o->verbose, "BPF source: embedded (copy built into snoop; installed sources not found in %s%s%s)",
			    installed[0], installed[1] ? " nor " : "", installed[1] ? installed[1] : "");
	else
		verbose_msg(o->verbose, "BPF source: %s%s%s%s", src->origin, src->skipped[0] ? " (passed over: " : "",
			    src->skipped, src->skipped[0] ? ")" : "");
	return 0;
}

struct sbpf *tracer_start(const struct options *o, const pid_t *tgids, const struct tracer_hooks *h)
{
	const char *fast[12], *compat[12];
	int group_dead, fatal = 0;
	struct bpf_source src;
	struct bpfcache cache, *use;
	char err[4096], first_err[4096];
	struct sbpf *b = NULL;

	if (ensure_tracefs(o->verbose))
		return NULL;
	group_dead = exit_says_group_dead();   /* one look at tracefs for both variants */
	variant_flags(o, 0, group_dead, fast);
	variant_flags(o, 1, group_dead, compat);
	if (load_source(o, &src))
		return NULL;
	if (open_cache(o, &cache, &use))
		return bpfsrc_free(&src), NULL;
	/* task storage first; the in-flight hash for kernels without it (< 5.11) */
	if (o->inflight_hash) {
		if (!(b = load_variant(o, tgids, src.text, compat, variant_transport(o, 1), use, h, &fatal, err, sizeof(err))))
			error_msg("%s", err);
		else
			verbose_msg(o->verbose, "syscalls in flight: hash by TID (--inflight=hash)");
	} else if ((b = load_variant(o, tgids, src.text, fast, variant_transport(o, 0), use, h, &fatal, first_err, sizeof(first_err)))) {
		verbose_msg(o->verbose, "syscalls in flight: task storage");
	} else if (fatal) {
		error_msg("%s", first_err);
	} else {
		verbose_msg(o->verbose, "with task storage: %s; trying the in-flight hash", first_err);
		if (!(b = load_variant(o, tgids, src.text, compat, variant_transport(o, 1), use, h, &fatal, err, sizeof(err))))
			error_msg("%s", fatal ? err : first_err);   /* else the error about this kernel's best case */
		else
			verbose_msg(o->verbose, "syscalls in flight: hash by TID (no task storage on this kernel)");
	}
	if (use)
		bpfcache_close(use);
	bpfsrc_free(&src);
	return b;
}

/* The BPF side marks the command traced at snoop's fork (config's
 * command_pending), before it can run; recording starts at its execve
 * (SNOOP_TRACE_EXEC), not in the set-up between fork and exec. */
int tracer_launch(struct sbpf *b, struct command *cmd, const char *path, char **argv)
{
	char err[512];
	__u32 key, why;

	if (command_start(cmd, path, argv, err, sizeof(err)))
		return error_msg("%s", err), -1;
	key = (__u32)cmd->pid;
	if (sbpf_map_lookup(b, "traced_tgids", &key, &why)) {
		error_msg("the command (PID %d) was not marked for tracing at its fork: is the sched_process_fork tracepoint missing?",
			  (int)cmd->pid);
		kill(cmd->pid, SIGKILL);
		command_reap(cmd, 1);
		return -1;
	}
	return command_release(cmd);
}
