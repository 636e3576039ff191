/* targets.c - see targets.h. */
#include <sys/mman.h>
#include <unistd.h>
#include "progdesc.h"
#include "BPF.h"
#include "error.h"
#include "trace/proc.h"
#include "trace/targets.h"

/* The bitmap of traced TGIDs (the in-flight-hash variant has none), before
 * attaching: afterwards BPF changes it too, atomically. A -p process's why
 * needs no look (SNOOP_TRACED alone). */
static int set_traced_bit(const struct tracer *t, __u32 tgid)
{
	__u32 w = SNOOP_TRACED_WORD(tgid);
	__u64 bits = 0;

	if (!tracer_has(t, SNOOP_MAP_TRACED_BITS))
		return 0;
	if (tracer_lookup(t, SNOOP_MAP_TRACED_BITS, &w, &bits))
		return -1;
	bits |= (__u64)SNOOP_TRACED << SNOOP_TRACED_SHIFT(tgid);
	return tracer_update(t, SNOOP_MAP_TRACED_BITS, &w, &bits);
}

/* tgid in the traced set, for why. 0, or -1 after an error. */
static int mark(const struct tracer *t, __u32 tgid, __u32 why)
{
	if (tracer_update(t, SNOOP_MAP_TRACED_TGIDS, &tgid, &why) || set_traced_bit(t, tgid)) {
		perror_msg("BPF map traced_tgids: update");
		return -1;
	}
	return 0;
}

/* -n: a process of that name already running is traced from the attach
 * on, as -p would trace it: the call it is in then is recorded too (its
 * entry unseen), not only the calls it begins afterwards. */
static int trace_named(void *arg, pid_t pid)
{
	const struct tracer *t = arg;
	__u32 key = (__u32)pid, why = SNOOP_TRACE_NAME;

	return mark(t, key, why);
}

int targets_mark(const struct tracer *t, const struct options *o, const pid_t *tgids)
{
	int i;

	for (i = 0; i < o->npids; i++)
		if (mark(t, (__u32)tgids[i], SNOOP_TRACE_PID))
			return -1;
	return proc_each_named((const char (*)[SNOOP_COMM_LEN])o->names, o->nnames, getpid(), trace_named, (void *)t);
}

/* The bits are shared with BPF programs already running: cleared with an
 * atomic and on the map's memory, where a read and an update of the element
 * could undo a change BPF made meanwhile to another TGID of the word. */
void targets_forget_ended(const struct tracer *t, const pid_t *tgids, int n)
{
	const size_t bytes = SNOOP_TRACED_WORDS * sizeof(__u64);
	__u64 *bits = NULL;
	__u32 key;
	int i;

	for (i = 0; i < n; i++) {
		key = (__u32)tgids[i];
		if (proc_running(tgids[i]))
			continue;
		tracer_delete(t, SNOOP_MAP_TRACED_TGIDS, &key);
		if (!tracer_has(t, SNOOP_MAP_TRACED_BITS))
			continue;   /* the in-flight-hash variant: the hash is all */
		if (!bits && !(bits = sbpf_map_mmap(t->b, snoop_maps[SNOOP_MAP_TRACED_BITS].name, bytes)))
			continue;
		__atomic_fetch_and(&bits[SNOOP_TRACED_WORD(key)],
				   ~((__u64)(SNOOP_TRACED | SNOOP_TRACED_ASK) << SNOOP_TRACED_SHIFT(key)),
				   __ATOMIC_SEQ_CST);
	}
	if (bits)
		munmap(bits, bytes);
}

/* traced_tgids loses a process when it exits (sched_process_exit), so an
 * empty map means every -p, -- and -f process is gone. */
int targets_remain(struct sbpf *b)
{
	__u32 key;

	return sbpf_map_first_key(b, snoop_maps[SNOOP_MAP_TRACED_TGIDS].name, &key, sizeof(key)) == 0;
}
