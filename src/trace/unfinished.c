/* unfinished.c - see unfinished.h. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "trace/unfinished.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL   /* Linux 6.9: a pidfd of a thread, not only of a leader */
#endif

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

/* Task storage is found by a pidfd of the thread: each thread of tgid. */
static int from_task_storage(const struct tracer *t, uint32_t tgid, unfinished_fn fn, void *arg)
{
	struct snoop_slot slot;
	char path[64];
	struct dirent *d;
	DIR *dir;
	int n = 0, pidfd;

	snprintf(path, sizeof(path), "/proc/%u/task", tgid);
	if (!(dir = opendir(path)))
		return 0;
	while ((d = readdir(dir))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		pidfd = (int)syscall(SYS_pidfd_open, atoi(d->d_name), PIDFD_THREAD);
		if (pidfd < 0 && (uint32_t)atoi(d->d_name) == tgid)
			pidfd = (int)syscall(SYS_pidfd_open, atoi(d->d_name), 0);   /* before 6.9 */
		if (pidfd < 0)
			continue;
		if (tracer_lookup(t, SNOOP_MAP_INFLIGHT, &pidfd, &slot) == 0)
			n += emit_in_flight(&slot.rec, fn, arg);
		close(pidfd);
	}
	closedir(dir);
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

/* inflight is a hash by TID in the in-flight-hash variant, else task storage */
int tracer_unfinished(const struct tracer *t, unfinished_fn fn, void *arg)
{
	int n = held(t, fn, arg), more;
	uint32_t tgid, next;

	if (t->variant & SNOOP_V_INFLIGHT_HASH)
		return n + from_hash(t, fn, arg);
	for (more = tracer_next_key(t, SNOOP_MAP_TRACED_TGIDS, NULL, &next) == 0; more;
	     more = tracer_next_key(t, SNOOP_MAP_TRACED_TGIDS, &tgid, &next) == 0) {
		tgid = next;
		n += from_task_storage(t, tgid, fn, arg);
	}
	return n;
}
