/* deliver.c - see deliver.h. */
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>
#include "error.h"
#include "fleet/deliver.h"
#include "record/clock.h"

uint64_t fleet_mono(void)
{
	return clock_now_ns(CLOCK_MONOTONIC);
}

/* The reader's kick (an eventfd): read, so that it can come again. */
static void take_kick(struct fleet *f)
{
	uint64_t n;

	if (read(f->kick_fd, &n, sizeof(n)) < 0)
		return;   /* EAGAIN: nothing to take */
}

/* What the sockets reported (waiting up to ms for it; -1: not asked),
 * then the retries that are due and the sends. */
void fleet_wait(struct fleet *f, int ms)
{
	struct epoll_event evs[2 * FLEET_MAX_TO];
	uint64_t now;
	int n = ms >= 0 ? epoll_wait(f->ep, evs, 2 * FLEET_MAX_TO, ms) : 0, i;

	now = fleet_mono();
	for (i = 0; i < n; i++)
		if (evs[i].data.ptr)
			link_event(evs[i].data.ptr, evs[i].events, now);
		else
			take_kick(f);
	for (i = 0; i < f->n; i++) {
		link_tick(&f->links[i], now);
		link_flush(&f->links[i], now);
	}
}

/* ---- what goes into the queues ---- */

static int is_udp(const struct link *l)
{
	return l->url.proto == FLEET_UDP;
}

/* The "dropped" note for l's stream (its local line is the sink's). */
static size_t dropped_note(struct fleet *f, const struct link *l, char *dst)
{
	char line[8 * FMT_URL_MAX];
	size_t n;

	if (f->json)
		return fmt_dropped_json(dst, l->dropped_untold, l->text);
	n = fmt_dropped(line, l->dropped_untold, l->text);
	return syslog_note(dst, &f->origin, clock_now_ns(CLOCK_REALTIME), "dropped", l->dropped_untold, "to", l->text,
			   line, n);
}

/* The local output's "# dropped" line: the sink is the reader's, so the
 * thread leaves the count for it (tell_local_notes). */
static void tell_local(struct fleet *f, struct link *l, uint64_t count)
{
	if (!f->threaded) {
		sink_dropped(f->tap.sink, count, l->text);
		return;
	}
	atomic_fetch_add(&f->local_untold[l - f->links], count);
	atomic_store(&f->local_pending, 1);
}

/* Records l dropped and has not told yet: in its stream when it has room
 * for the note and the next message, and in the local output then. */
static void tell_dropped(struct fleet *f, struct link *l, size_t next)
{
	char note[16 * FMT_URL_MAX];
	size_t n;

	if (!l->dropped_untold || !link_room(l, next, 16 * FMT_URL_MAX))
		return;
	n = dropped_note(f, l, note);
	link_push(l, note, n, 0);
	tell_local(f, l, l->dropped_untold);
	l->dropped_untold = 0;
}

/* One message to l. A full queue first sends what the socket takes now
 * (never waiting: a batch of records can fill it between two services);
 * then the message is dropped and counted, unless a replay can wait. */
static void enqueue(struct fleet *f, struct link *l, const char *msg, size_t n, int record)
{
	int tried = 0;

	tell_dropped(f, l, n);
	while (link_push(l, msg, n, record)) {
		if (!tried++ && l->state == LINK_UP && !l->blocked) {
			link_flush(l, fleet_mono());
			continue;
		}
		if (f->blocking && l->state != LINK_DOWN) {
			fleet_wait(f, 100);
			continue;
		}
		if (record) {
			l->dropped++;
			l->dropped_untold++;
		}
		return;
	}
}

/* The datagram form of a record already formatted as msg (m bytes) */
static size_t datagram(struct fleet *f, const struct snoop_record *r, const char *line, size_t n,
		       const struct fmt_spans *spans, size_t m)
{
	if (f->json)
		return fleet_json_datagram(f->datagram, SYSLOG_UDP_MAX, r, line, n);
	if (m <= SYSLOG_UDP_MAX) {
		memcpy(f->datagram, f->msg, m);
		return m;
	}
	return syslog_record(f->datagram, SYSLOG_UDP_MAX, &f->origin, r, line, n, spans);
}

void deliver_record(struct fleet *f, const struct snoop_record *r, const char *line, size_t n,
		    const struct fmt_spans *spans)
{
	size_t m = f->json ? n : syslog_record(f->msg, (size_t)-1, &f->origin, r, line, n, spans), d = 0;
	const char *msg = f->json ? line : f->msg;
	int i;

	for (i = 0; i < f->n; i++) {
		if (!is_udp(&f->links[i])) {
			enqueue(f, &f->links[i], msg, m, 1);
			continue;
		}
		if (!d)
			d = datagram(f, r, line, n, spans, m);
		enqueue(f, &f->links[i], f->datagram, d, 1);
	}
}

void deliver_header(struct fleet *f, const struct run_info *ri, unsigned mode)
{
	uint64_t wall = clock_now_ns(CLOCK_REALTIME);
	size_t n;
	int i;

	syslog_origin_init(&f->origin, ri);
	f->mode = mode;
	for (i = 0; i < f->n; i++) {
		n = f->json ? fmt_header_json(f->msg, ri, mode)
			    : syslog_header(f->msg, is_udp(&f->links[i]) ? SYSLOG_UDP_MAX : (size_t)-1, &f->origin, ri,
					    mode, wall);
		if (link_set_header(&f->links[i], f->msg, n))
			error_msg("--to=%s: out of memory for the header", f->links[i].text);
	}
}

void deliver_lost(struct fleet *f, uint64_t count, int cpu)
{
	char line[128], where[16];
	size_t n;
	int i;

	if (f->json) {
		n = fmt_lost_json(f->msg, count, cpu);
	} else {
		where[fmt_udec(where, (uint64_t)cpu, 0, ' ')] = '\0';
		n = syslog_note(f->msg, &f->origin, clock_now_ns(CLOCK_REALTIME), "lost", count, "cpu", where, line,
				fmt_lost(line, count, cpu));
	}
	for (i = 0; i < f->n; i++)
		enqueue(f, &f->links[i], f->msg, n, 0);
}

void deliver_unstored(struct fleet *f, unsigned kind, uint64_t count)
{
	char line[FMT_UNSTORED_MAX];
	size_t n;
	int i;

	if (!fmt_unstored_type(kind))
		return;
	if (f->json)
		n = fmt_unstored_json(f->msg, kind, count);
	else
		n = syslog_note(f->msg, &f->origin, clock_now_ns(CLOCK_REALTIME), fmt_unstored_type(kind), count, NULL,
				NULL, line, fmt_unstored(line, kind, count));
	for (i = 0; i < f->n; i++)
		enqueue(f, &f->links[i], f->msg, n, 0);
}

/* Can more go out before end? Not when every destination is done, or
 * down with its next attempt due later. */
static int may_send_by(const struct fleet *f, uint64_t end)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (link_may_send_by(&f->links[i], end))
			return 1;
	return 0;
}

/* At the end: what is queued has FLEET_LINGER_MS to go out; what is
 * still there then is dropped, and said. */
void fleet_linger(struct fleet *f)
{
	uint64_t end = fleet_mono() + FLEET_LINGER_MS * 1000000ull;
	struct link *l;
	int i;

	for (i = 0; i < f->n; i++)
		tell_dropped(f, &f->links[i], 0);
	while (may_send_by(f, end) && fleet_mono() < end)
		fleet_wait(f, 50);
	for (i = 0; i < f->n; i++) {
		l = &f->links[i];
		l->dropped += link_queued_records(l);
		l->dropped_untold += link_queued_records(l);
		if (l->dropped_untold)
			tell_local(f, l, l->dropped_untold);
		l->dropped_untold = 0;
	}
}
