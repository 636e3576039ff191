/* unfinished.c - see unfinished.h. */
#include <stdlib.h>
#include "trace/unfinished.h"

static int emit_in_flight(struct snoop_record *r, unfinished_fn fn, void *arg)
{
	if (!(r->flags & SNOOP_REC_INFLIGHT) || (r->flags & SNOOP_REC_HELD))
		return 0;
	r->flags = (r->flags & ~SNOOP_REC_INFLIGHT) | SNOOP_REC_NORETURN | SNOOP_REC_UNFINISHED;
	r->ret = 0;
	r->duration_ns = 0;
	/* no memory was read: an exit reads it */
	r->mem_len[0] = r->mem_len[1] = 0;
	r->mem_flags[0] = r->mem_flags[1] = 0;
	fn(arg, r, NULL, 0);
	return 1;
}

/* A call of a traced process (not a -n candidate's execve): the bitmap
 * says so for every one, -a's too, which have no traced_tgids entry. */
static int of_traced(const struct tracer *t, const struct snoop_record *r)
{
	uint32_t why, tgid = r->pid, word = SNOOP_TRACED_WORD(tgid);
	uint64_t bits;

	if (tracer_has(t, SNOOP_MAP_TRACED_BITS))
		return tracer_lookup(t, SNOOP_MAP_TRACED_BITS, &word, &bits) == 0 &&
		       (bits >> SNOOP_TRACED_SHIFT(tgid) & 3) & SNOOP_TRACED;
	return tracer_lookup(t, SNOOP_MAP_TRACED_TGIDS, &tgid, &why) == 0;
}

/* The calls whose thread was switched out mid-call, and those of threads
 * that were on a CPU in a call when the programs went: one slot per CPU. */
static int from_slots(const struct tracer *t, unfinished_fn fn, void *arg)
{
	int ncpu = sbpf_cpu_slots(), cpu, n = 0, more;
	struct snoop_slot *slots, parked;
	uint32_t tid, next, zero = 0;

	for (more = tracer_next_key(t, SNOOP_MAP_PARKED, NULL, &next) == 0; more;
	     more = tracer_next_key(t, SNOOP_MAP_PARKED, &tid, &next) == 0) {
		tid = next;
		if (tracer_lookup(t, SNOOP_MAP_PARKED, &tid, &parked) == 0 && of_traced(t, &parked.rec))
			n += emit_in_flight(&parked.rec, fn, arg);
	}
	/* a per-CPU value is the kernel's: each CPU's rounded up to 8 bytes */
	_Static_assert(sizeof(struct snoop_slot) % 8 == 0, "a CPU's slot is 8-byte aligned in a lookup");
	if (ncpu <= 0 || !(slots = calloc((size_t)ncpu, sizeof(*slots))))
		return n;
	if (tracer_lookup(t, SNOOP_MAP_CPU_SLOTS, &zero, slots) == 0)
		for (cpu = 0; cpu < ncpu; cpu++)
			if (of_traced(t, &slots[cpu].rec))
				n += emit_in_flight(&slots[cpu].rec, fn, arg);
	free(slots);
	return n;
}

static int from_hash(const struct tracer *t, unfinished_fn fn, void *arg)
{
	struct snoop_record r;
	uint32_t tid, next;
	int n = 0, more;

	for (more = tracer_next_key(t, SNOOP_MAP_INFLIGHT, NULL, &next) == 0; more;
	     more = tracer_next_key(t, SNOOP_MAP_INFLIGHT, &tid, &next) == 0) {
		tid = next;
		if (tracer_lookup(t, SNOOP_MAP_INFLIGHT, &tid, &r) == 0)
			n += emit_in_flight(&r, fn, arg);
	}
	return n;
}

static int held(const struct tracer *t, unfinished_fn fn, void *arg)
{
	struct snoop_event ev;
	uint32_t tid, next;
	int n = 0, more;

	for (more = tracer_next_key(t, SNOOP_MAP_HELD_EVENTS, NULL, &next) == 0; more;
	     more = tracer_next_key(t, SNOOP_MAP_HELD_EVENTS, &tid, &next) == 0) {
		tid = next;
		if (tracer_lookup(t, SNOOP_MAP_HELD_EVENTS, &tid, &ev) == 0) {
			ev.rec.flags &= ~SNOOP_REC_HELD;
			fn(arg, &ev.rec, ev.data, (size_t)ev.rec.mem_len[0] + ev.rec.mem_len[1]);
			n++;
		}
	}
	return n;
}

struct to_sink {
	struct sink *sink;
	const struct call_filter *calls;
};

static void write_wanted(void *arg, const struct snoop_record *r, const uint8_t *data, size_t len)
{
	const struct to_sink *w = arg;

	if (record_call_wanted(r, data, len, w->calls))
		sink_record(w->sink, r, data, len);
}

int unfinished_write(const struct tracer *t, struct sink *sink, const struct call_filter *calls)
{
	struct to_sink w = { sink, calls };

	return tracer_unfinished(t, write_wanted, &w);
}

/* inflight is a hash by TID in the in-flight-hash variant, else the
 * CPUs' slots and parked */
int tracer_unfinished(const struct tracer *t, unfinished_fn fn, void *arg)
{
	int n = held(t, fn, arg);

	if (t->variant & SNOOP_V_INFLIGHT_HASH)
		return n + from_hash(t, fn, arg);
	return n + from_slots(t, fn, arg);
}
