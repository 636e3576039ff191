/* tracer.c - see tracer.h. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "error.h"
#include "trace/attach.h"
#include "trace/fill.h"
#include "trace/ktypes.h"
#include "trace/program.h"
#include "trace/tracefs.h"
#include "trace/tracer.h"
#include "trace/variant.h"

/* What every variant tried is made of. */
struct start {
	const struct options *o;
	const pid_t *tgids;
	const struct selection *sel;
	const struct tracer_hooks *h;
	const char *text;            /* the BPF source */
	struct bpfcache *cache;      /* NULL: none */
	unsigned task_pid_off, task_tgid_off, bprm_filename_off;   /* struct tracer's */
	unsigned sys_enter_btf, sys_exit_btf;       /* struct tracer's; 0: no TP_BTF variant */
	int hashes_on_demand;                        /* 0: BPF.h's sbpf_hashes_preallocated */
};

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* How make_ready ended: NO_SYSCALLS when all but the syscalls' attach
 * worked, which a variant with more syscall programs may mend. */
enum ready { READY, NOT_READY, NO_SYSCALLS };

/* t's program loaded: its maps bound and filled, the buffers opened and
 * every program attached. */
static enum ready make_ready(struct tracer *t, const struct start *s, struct bpfobj *obj, char *err, size_t errlen)
{
	const struct options *o = s->o;
	enum attach_method chosen;
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (sbpf_load(t->b, obj, err, errlen) || tracer_check_maps(t, err, errlen))
		return NOT_READY;
	attach_load_ahead(t, o->method);
	if (fill_maps(t, o, s->tgids, s->sel))
		return NOT_READY;
	if (s->h->buffers(t, s->h->arg, err, errlen)) {
		s->h->undo(s->h->arg);   /* what it opened before failing */
		return NOT_READY;
	}
	/* cgroup moves: --cgroup's look again, and records' cgroups cached */
	if (attach_lifecycle(t, opts_watches_forks(o), o->ncgroups > 0 || (s->sel->record_ids & SNOOP_IDS_CGROUP),
			     o->verbose, err, errlen)) {
		s->h->undo(s->h->arg);
		return NOT_READY;
	}
	if (attach_syscalls(t, o->method, o->filter_syscalls ? o->syscall_bits : NULL, &chosen, o->verbose, err,
			    errlen)) {
		s->h->undo(s->h->arg);
		return NO_SYSCALLS;
	}
	sbpf_loading_done(t->b);
	verbose_msg(o->verbose, "attach method: %s (loaded and attached in %.3f s)", attach_method_name(chosen),
		    seconds_since(&t0));
	return READY;
}

/* The program of variant v, from the cache or compiled, made ready to
 * trace. *fatal when no other variant can do better; *no_syscalls when
 * only the syscalls' attach failed. */
static struct tracer *load_exactly(const struct start *s, unsigned v, int *fatal, int *no_syscalls, char *err,
				   size_t errlen)
{
	const char *cflags[VARIANT_CFLAGS_MAX];
	struct tracer *t = tracer_new(v);
	struct bpfobj *obj = malloc(sizeof(*obj));
	enum program_result got;
	enum ready ready;
	char text[256];

	variant_text(v, text, sizeof(text));
	verbose_msg(s->o->verbose, "BPF variant: %s", text);
	variant_cflags(v, cflags);
	if (!t || !obj || !(t->b = sbpf_new(s->o->verbose))) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	t->task_pid_off = s->task_pid_off;
	t->task_tgid_off = s->task_tgid_off;
	t->bprm_filename_off = s->bprm_filename_off;
	t->sys_enter_btf = s->sys_enter_btf;
	t->sys_exit_btf = s->sys_exit_btf;
	if (!s->hashes_on_demand)
		sbpf_hashes_preallocated(t->b);
	if ((got = program_obtain(s->cache, s->text, cflags, s->o->verbose, obj, NULL, err, errlen)) != PROGRAM_OK) {
		*fatal = got == PROGRAM_FATAL;
		goto fail;
	}
	if ((ready = make_ready(t, s, obj, err, errlen)) != READY) {
		*no_syscalls = ready == NO_SYSCALLS;
		goto fail;
	}
	free(obj);
	return t;
fail:
	if (obj)
		bpfobj_free(obj);
	free(obj);
	tracer_free(t);
	return NULL;
}

/* Variant v, and when raw tracepoints, the only syscall method it has
 * programs for, fail (a kernel before 4.17, a policy against them): v
 * with the classic tracepoint and kprobe programs, compiled on this rare
 * path only, to try every method in turn. */
static struct tracer *load_variant(const struct start *s, unsigned v, int *fatal, char *err, size_t errlen)
{
	int no_syscalls = 0;
	struct tracer *t = load_exactly(s, v, fatal, &no_syscalls, err, errlen);

	if (!t && no_syscalls && (v & SNOOP_V_TP_BTF)) {
		verbose_msg(s->o->verbose, "BTF-typed raw tracepoints failed: the variant of plain ones");
		t = load_exactly(s, v &= ~SNOOP_V_TP_BTF, fatal, &no_syscalls, err, errlen);
	}
	if (t || !no_syscalls || s->o->method != ATTACH_AUTO || (v & SNOOP_V_ATTACH_FALLBACK))
		return t;
	verbose_msg(s->o->verbose, "raw tracepoints failed: the variant with the other methods' syscall programs");
	return load_exactly(s, v | SNOOP_V_ATTACH_FALLBACK, fatal, &no_syscalls, err, errlen);
}

/* The per-CPU slots first; the in-flight hash for kernels that cannot run them (< 5.11). */
static struct tracer *first_that_loads(const struct start *s, int group_dead)
{
	const struct options *o = s->o;
	int typed = s->sys_enter_btf && s->sys_exit_btf;
	int classic = attach_lifecycle_classic(s->task_pid_off, s->bprm_filename_off);
	unsigned fast = variant_choose(o, 0, group_dead, typed, classic);
	unsigned compat = variant_choose(o, 1, group_dead, typed, classic);
	char err[4096], first_err[4096];
	struct tracer *t;
	int fatal = 0;

	if (o->inflight_hash) {
		if (!(t = load_variant(s, compat, &fatal, err, sizeof(err))))
			error_msg("%s", err);
		else
			verbose_msg(o->verbose, "syscalls in flight: hash by TID (--inflight=hash)");
	} else if ((t = load_variant(s, fast, &fatal, first_err, sizeof(first_err)))) {
		verbose_msg(o->verbose, "syscalls in flight: a slot per CPU");
	} else if (fatal) {
		error_msg("%s", first_err);
	} else {
		verbose_msg(o->verbose, "with a slot per CPU: %s; trying the in-flight hash", first_err);
		if (!(t = load_variant(s, compat, &fatal, err, sizeof(err))))
			error_msg("%s", fatal ? err : first_err);   /* else the error about this kernel's best case */
		else
			verbose_msg(o->verbose, "syscalls in flight: hash by TID (this kernel cannot run the per-CPU slots)");
	}
	return t;
}

/* The raw lifecycle tracepoints where the kernel's BTF says where their
 * structs' fields are; the classic ones otherwise (src/trace/ktypes.h). */
static void lifecycle_offsets(struct start *s)
{
	char why[512];

	if (ktypes_lifecycle_offsets(&s->task_pid_off, &s->task_tgid_off, &s->bprm_filename_off, why, sizeof(why))) {
		verbose_msg(s->o->verbose, "process and signal events: classic tracepoints (no struct offsets: %s)", why);
		return;
	}
	verbose_msg(s->o->verbose, "process and signal events: raw tracepoints (task_struct.pid at %u, .tgid at %u, "
		    "linux_binprm.filename at %u, from the kernel's BTF)", s->task_pid_off, s->task_tgid_off,
		    s->bprm_filename_off);
}

/* The BTF ids the syscall programs load with as BTF-typed raw
 * tracepoints, which read the register frame with plain loads. */
static void syscall_btf_ids(struct start *s)
{
	char why[512];

	if (ktypes_syscall_tracepoints(&s->sys_enter_btf, &s->sys_exit_btf, why, sizeof(why)))
		verbose_msg(s->o->verbose, "syscall programs: plain raw tracepoints (%s)", why);
}

/* The hash maps the program allocates on demand (traced processes,
 * endings, parked calls: their 3 x 65,536 preallocated elements were
 * ~27 ms of a 0.1 s warm start, docs/PERFORMANCE.md) where the kernel
 * allows it; preallocated elsewhere. */
static void hash_elements(struct start *s)
{
	s->hashes_on_demand = sbpf_hashes_on_demand_safe();
	verbose_msg(s->o->verbose, "hash maps marked BPF_F_NO_PREALLOC (traced processes, endings, parked calls): %s",
		    s->hashes_on_demand
		    ? "elements allocated as they are inserted (Linux 6.1+)"
		    : "preallocated all the same (before Linux 6.1)");
}

struct tracer *tracer_start(const struct options *o, const pid_t *tgids, const struct selection *sel,
			    const struct tracer_hooks *h)
{
	struct start s = { .o = o, .tgids = tgids, .sel = sel, .h = h };
	struct bpf_source src;
	struct bpfcache cache;
	struct tracer *t;
	int group_dead;

	if (tracefs_ensure(o->verbose))
		return NULL;
	group_dead = tracefs_exit_has_group_dead();   /* one look at tracefs for both variants */
	lifecycle_offsets(&s);
	/* -a, --cgroup, -u: the signal target's tgid and the cgroup moves are
	 * read by the raw lifecycle programs only */
	if (sel->select && !s.task_pid_off) {
		error_msg("-a, --cgroup and -u need the raw process tracepoints, which need the kernel's BTF "
			  "(/sys/kernel/btf/vmlinux): use -p or -n");
		return NULL;
	}
	syscall_btf_ids(&s);
	hash_elements(&s);
	if (program_source(o->bpf_dir, o->verbose, &src))
		return NULL;
	if (program_cache(o->no_cache, o->cache_dir, o->verbose, &cache, &s.cache))
		return bpfsrc_free(&src), NULL;
	s.text = src.text;
	t = first_that_loads(&s, group_dead);
	if (s.cache)
		bpfcache_close(s.cache);
	bpfsrc_free(&src);
	return t;
}
