/* unfinished.c - see unfinished.h. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>
#include "BPF.h"
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
static int from_task_storage(struct sbpf *b, uint32_t tgid, unfinished_fn fn, void *arg)
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
		if (sbpf_map_lookup(b, "inflight", &pidfd, &slot) == 0)
			n += emit_in_flight(&slot.rec, fn, arg);
		close(pidfd);
	}
	closedir(dir);
	return n;
}

static int from_hash(struct sbpf *b, unfinished_fn fn, void *arg)
{
	struct snoop_record r;
	uint32_t tid, next;
	int n = 0, more;

	for (more = sbpf_map_next_key(b, "inflight", NULL, &next) == 0; more;
	     more = sbpf_map_next_key(b, "inflight", &tid, &next) == 0) {
		tid = next;
		if (sbpf_map_lookup(b, "inflight", &tid, &r) == 0)
			n += emit_in_flight(&r, fn, arg);
	}
	return n;
}

static int held(struct sbpf *b, unfinished_fn fn, void *arg)
{
	struct snoop_event ev;
	uint32_t tid, next;
	int n = 0, more;

	for (more = sbpf_map_next_key(b, "held_events", NULL, &next) == 0; more;
	     more = sbpf_map_next_key(b, "held_events", &tid, &next) == 0) {
		tid = next;
		if (sbpf_map_lookup(b, "held_events", &tid, &ev) == 0) {
			ev.rec.flags &= ~SNOOP_REC_HELD;
			fn(arg, &ev.rec, ev.data, (size_t)ev.rec.mem_len[0] + ev.rec.mem_len[1]);
			n++;
		}
	}
	return n;
}

int tracer_unfinished(struct sbpf *b, unfinished_fn fn, void *arg)
{
	int type = sbpf_map_type(b, "inflight"), n = held(b, fn, arg), more;
	uint32_t tgid, next;

	if (type == BPF_MAP_TYPE_HASH)
		return n + from_hash(b, fn, arg);
	if (type != BPF_MAP_TYPE_TASK_STORAGE)
		return n;
	for (more = sbpf_map_next_key(b, "traced_tgids", NULL, &next) == 0; more;
	     more = sbpf_map_next_key(b, "traced_tgids", &tgid, &next) == 0) {
		tgid = next;
		n += from_task_storage(b, tgid, fn, arg);
	}
	return n;
}
