/* decode_poll.c - what a call waits on: poll's and ppoll's pollfd arrays,
 * epoll_ctl's and epoll_wait's epoll_event structs, as strace shows them,
 * and what poll reports after its return (strace's "= 1 ([{fd=3,
 * revents=POLLIN}])", in snoop's own lines an argument's "=> [...]"). */
#include <string.h>
#include <poll.h>
#include <sys/epoll.h>
#include "record/decode.h"
#include "record/decoders.h"
#include "record/fdtable.h"
#include "record/text.h"
#include "record/value.h"
#include "record/xlat.h"

/* A pollfd array's text, the widest kind: each of the 32 entries an fd
 * with -y's text escaped (4 bytes a byte) and every flag twice (events,
 * then revents after "=>", ~180 bytes each) */
_Static_assert(SNOOP_MEM_BYTES / sizeof(struct pollfd) * (4 * (FD_TEXT_MAX + 2 * FD_ADDR_MAX + 16) + 2 * 180 + 64) +
		       512 <= DECODE_MAX,
	       "a pollfd array's text fits decode_args' bound");

/* Did the call return a count of ready fds (its record has one)? */
static int returned_ready(const struct snoop_record *r)
{
	return r->ret > 0 && !(r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_KILLED));
}

/* {fd=3, events=POLLIN}; {fd=-1} (a negative fd is skipped: strace shows
 * no events). JSON adds what the call wrote back, "revents", when it
 * returned ready fds. */
static void put_pollfd(struct vout *o, const struct arg *x, const struct pollfd *f, int revents)
{
	struct arg fd = *x;

	fd.v = (uint64_t)(int64_t)f->fd;
	fd.i32 = f->fd;
	value_struct_begin(o);
	value_field(o, "fd");
	dec_fd(o, &fd);
	if (f->fd >= 0) {
		value_field(o, "events");
		value_flags(o, xlat_poll_events, (uint16_t)f->events);
	}
	if (revents) {
		value_field(o, "revents");
		value_flags(o, xlat_poll_events, (uint16_t)f->revents);
	}
	value_struct_end(o, 0);
}

/* The ready ones after the call, strace's way: [{fd=3, revents=POLLIN}]
 * (fds as numbers, -y or not). ", ..." when the item was cut before all
 * of them were seen. Returns how many were written. */
static size_t put_revents(struct vout *o, const struct mem_item *m, const struct snoop_record *r)
{
	struct pollfd f;
	size_t k, n = 0;

	value_array_begin(o);
	for (k = 0; k + sizeof(f) <= m->len; k += sizeof(f)) {
		memcpy(&f, m->p + k, sizeof(f));
		if (!f.revents)
			continue;
		value_elem(o);
		value_struct_begin(o);
		value_field(o, "fd");
		value_int(o, f.fd);
		value_field(o, "revents");
		value_flags(o, xlat_poll_events, (uint16_t)f.revents);
		value_struct_end(o, 0);
		n++;
	}
	value_array_end(o, (m->flags & SNOOP_MEM_TRUNC) && (int64_t)n < r->ret);
	return n;
}

/* [{fd=3, events=POLLIN}, {fd=-1}]: read at the exit, where the kernel
 * has left fd and events as given. In snoop's text, when fds were ready,
 * "=> [{fd=3, revents=POLLIN}]" follows (strace's form writes that after
 * the return: poll_note). At most SNOOP_MEM_BYTES / 8 = 32 entries, then
 * ", ...", as strace cuts arrays at its default -s 32. */
void dec_pollfds(struct vout *o, const struct arg *x)
{
	struct mem_item m;
	struct pollfd f;
	size_t k;
	int after = returned_ready(x->r);

	if (!x->v || !find_mem_item(x, &m)) {
		dec_pointer(o, x);
		return;
	}
	value_array_begin(o);
	for (k = 0; k + sizeof(f) <= m.len; k += sizeof(f)) {
		memcpy(&f, m.p + k, sizeof(f));
		value_elem(o);
		put_pollfd(o, x, &f, after && o->json);
	}
	value_array_end(o, m.flags & SNOOP_MEM_TRUNC);
	if (after && !o->json && !o->strace) {
		o->i += fmt_lit(vout_end(o), " => ");
		put_revents(o, &m, x->r);
	}
}

/* ppoll's timeout: {tv_sec=1, tv_nsec=0} as given; when fds were ready,
 * the time the kernel wrote back follows in snoop's text ("=> {...}",
 * JSON "after"), strace's "left {...}" after the return. An item of the
 * exit's copy alone (the entry was not seen, or its copy not kept) is
 * not the request: the address, as for memory not read. */
void dec_timespec_left(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, 32);   /* the entry's copy, then the exit's */

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	if (!returned_ready(x->r) || o->strace) {
		value_time(o, p, "tv_nsec");
		return;
	}
	value_struct_begin(o);
	value_time_fields(o, p, "tv_nsec");
	value_struct_after(o);
	value_time_fields(o, p + 16, "tv_nsec");
	value_struct_after_end(o);
}

/* strace's note after poll's and ppoll's return: "Timeout" for 0,
 * "[{fd=3, revents=POLLIN}]" and ppoll's ", left {tv_sec=0, tv_nsec=...}"
 * for ready fds; 0 bytes when there is none (an error, or nothing read). */
size_t poll_note(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len)
{
	struct vout o = vout_at(dst, 0);
	struct mem_item m;
	int fds;

	if (r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_KILLED) || r->ret < 0)
		return 0;
	if (r->ret == 0)
		return fmt_lit(dst, "Timeout");
	if ((fds = r->args[0] && record_mem_item(r, data, len, 0, &m)))
		fds = put_revents(&o, &m, r) > 0 || (m.flags & SNOOP_MEM_TRUNC);
	if (!fds)
		o.i = 0;   /* strace writes no empty list */
	/* the exit's copy: the item's last 16 bytes (its first 16 when
	 * entry's copy is missing) */
	if (r->args[2] && record_mem_item(r, data, len, 2, &m) && m.len >= 16) {
		if (fds)
			o.i += fmt_lit(vout_end(&o), ", ");
		o.i += fmt_lit(vout_end(&o), "left ");
		value_time(&o, m.p + m.len - 16, "tv_nsec");
	}
	return o.i;
}

/* {events=EPOLLIN|EPOLLET, data={u32=3, u64=3}}: strace shows data both
 * ways, not knowing which the program meant */
static void put_epoll_event(struct vout *o, const uint8_t *p)
{
	struct epoll_event ev;

	memcpy(&ev, p, sizeof(ev));
	value_struct_begin(o);
	value_field(o, "events");
	value_flags(o, xlat_epoll_events, ev.events);
	value_field(o, "data");
	value_struct_begin(o);
	value_field(o, "u32");
	value_uint(o, (uint32_t)ev.data.u64);
	value_field(o, "u64");
	value_uint(o, ev.data.u64);
	value_struct_end(o, 0);
	value_struct_end(o, 0);
}

void dec_epoll_ctl_op(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_epoll_ctl_ops, (uint32_t)x->v);
}

/* epoll_ctl's event; its address for EPOLL_CTL_DEL, which ignores it */
void dec_epoll_event(struct vout *o, const struct arg *x)
{
	struct mem_item m;

	if ((uint32_t)x->r->args[1] == EPOLL_CTL_DEL || !x->v || !find_mem_item(x, &m) ||
	    m.len < sizeof(struct epoll_event))
		dec_pointer(o, x);
	else
		put_epoll_event(o, m.p);
}

/* epoll_wait's events, as many as it returned: [{events=EPOLLIN, ...}];
 * the first SNOOP_MEM_BYTES / 12 = 21, then ", ..." */
void dec_epoll_events(struct vout *o, const struct arg *x)
{
	struct mem_item m;
	size_t k;

	if (!x->v || !find_mem_item(x, &m)) {
		dec_pointer(o, x);
		return;
	}
	value_array_begin(o);
	for (k = 0; k + sizeof(struct epoll_event) <= m.len; k += sizeof(struct epoll_event)) {
		value_elem(o);
		put_epoll_event(o, m.p + k);
	}
	value_array_end(o, m.flags & SNOOP_MEM_TRUNC);
}
