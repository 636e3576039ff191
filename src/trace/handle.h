/* handle.h - one loaded BPF program as snoop holds it: the libbcc handle
 * and the variant it was compiled as (progdesc.h's bits, which say what it
 * has: nothing asks the kernel or the object by name); its maps reached by
 * enum, checked against the description once when it is loaded. */
#ifndef SNOOP_HANDLE_H
#define SNOOP_HANDLE_H

#include <stddef.h>
#include "BPF.h"
#include "progdesc.h"

struct tracer {
	struct sbpf *b;
	unsigned variant;   /* enum snoop_variant_bit */
	/* where the running kernel's structs hold what the raw lifecycle
	 * programs read (src/trace/ktypes.h), for the config map; 0:
	 * unknown, the classic tracepoints are attached instead */
	unsigned task_pid_off, task_tgid_off, bprm_filename_off;
	/* the kernel's BTF ids of the sys_enter and sys_exit tracepoints'
	 * typedefs, which the TP_BTF variant's syscall programs load with */
	unsigned sys_enter_btf, sys_exit_btf;
};

/* A handle for the variant, with no program yet (b NULL). NULL if out of memory. */
struct tracer *tracer_new(unsigned variant);
/* The maps of the program just loaded into t->b against the description:
 * 0, or -1 with err when they disagree on a map (a BPF source that is not
 * the one this snoop was built from). */
int tracer_check_maps(const struct tracer *t, char *err, size_t errlen);
/* A per-CPU array's u64 at key, summed over the CPUs (the counters the
 * BPF side keeps: unstored inserts, uncounted calls); 0 if unreadable. */
uint64_t tracer_percpu_sum(const struct tracer *t, enum snoop_map m, unsigned key);
/* At the end of a run: what the kernel side could not store (processes
 * left untraced, ends without their status), one line each when any; with
 * -v and the kernel's BPF statistics on, the time each program took per
 * run, the cost snoop adds to every traced call. */
void tracer_report(const struct tracer *t, int verbose);
/* Detaches, closes and frees everything; NULL is fine. */
void tracer_free(struct tracer *t);

static inline int tracer_has(const struct tracer *t, enum snoop_map m)
{
	return snoop_in_variant(snoop_maps[m].need, snoop_maps[m].forbid, t->variant);
}

/* Element access: 0, or -1 with errno (ENOENT: no such key, EBADF: the
 * map is not in this variant). next_key: key NULL for the first. */
int tracer_lookup(const struct tracer *t, enum snoop_map m, const void *key, void *val);
int tracer_update(const struct tracer *t, enum snoop_map m, const void *key, const void *val);
int tracer_delete(const struct tracer *t, enum snoop_map m, const void *key);
int tracer_next_key(const struct tracer *t, enum snoop_map m, const void *key, void *next);
/* An array map's elements 0..n-1 from vals, at once where the kernel can. */
int tracer_fill(const struct tracer *t, enum snoop_map m, const void *vals, uint32_t n);

#endif
