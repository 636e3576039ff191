/* fleet.c - see fleet.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>
#include "error.h"
#include "fleet/fleet.h"
#include "fleet/tls.h"

static uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t mono(void)
{
	return now_ns(CLOCK_MONOTONIC);
}

/* What the sockets reported (waiting up to ms for it; -1: not asked),
 * then the retries that are due and the sends. */
static void fleet_wait(struct fleet *f, int ms)
{
	struct epoll_event evs[2 * OPTS_MAX_TO];
	uint64_t now;
	int n = ms >= 0 ? epoll_wait(f->ep, evs, 2 * OPTS_MAX_TO, ms) : 0, i;

	now = mono();
	for (i = 0; i < n; i++)
		link_event(evs[i].data.ptr, evs[i].events, now);
	for (i = 0; i < f->n; i++) {
		link_tick(&f->links[i], now);
		link_flush(&f->links[i], now);
	}
}

void fleet_service(struct fleet *f, int ready)
{
	fleet_wait(f, ready ? 0 : -1);
}

int fleet_fd(const struct fleet *f)
{
	return f->ep;
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
	return syslog_note(dst, &f->origin, now_ns(CLOCK_REALTIME), "dropped", l->dropped_untold, "to", l->text,
			   line, n);
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
	sink_dropped(f->tap.sink, l->dropped_untold, l->text);
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
			link_flush(l, mono());
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
static size_t datagram(struct fleet *f, const struct snoop_record *r, const char *line, size_t n, size_t m)
{
	if (f->json)
		return fleet_json_datagram(f->datagram, SYSLOG_UDP_MAX, r, line, n);
	if (m <= SYSLOG_UDP_MAX) {
		memcpy(f->datagram, f->msg, m);
		return m;
	}
	return syslog_record(f->datagram, SYSLOG_UDP_MAX, &f->origin, r, line, n);
}

static void on_record(void *arg, const struct snoop_record *r, const char *line, size_t n)
{
	struct fleet *f = arg;
	size_t m = f->json ? n : syslog_record(f->msg, (size_t)-1, &f->origin, r, line, n), d = 0;
	const char *msg = f->json ? line : f->msg;
	int i;

	for (i = 0; i < f->n; i++) {
		if (!is_udp(&f->links[i])) {
			enqueue(f, &f->links[i], msg, m, 1);
			continue;
		}
		if (!d)
			d = datagram(f, r, line, n, m);
		enqueue(f, &f->links[i], f->datagram, d, 1);
	}
}

static void on_header(void *arg, const struct run_info *ri, unsigned mode)
{
	struct fleet *f = arg;
	uint64_t wall = now_ns(CLOCK_REALTIME);
	size_t n;
	int i;

	syslog_origin_init(&f->origin, ri);
	f->mode = mode;
	for (i = 0; i < f->n; i++) {
		n = f->json ? fmt_header_json(f->msg, ri, mode & FMT_RAW)
			    : syslog_header(f->msg, is_udp(&f->links[i]) ? SYSLOG_UDP_MAX : (size_t)-1, &f->origin, ri,
					    mode & FMT_RAW, wall);
		if (link_set_header(&f->links[i], f->msg, n))
			error_msg("--to=%s: out of memory for the header", f->links[i].text);
	}
}

static void on_lost(void *arg, uint64_t count, int cpu)
{
	struct fleet *f = arg;
	char line[128], where[16];
	size_t n;
	int i;

	if (f->json) {
		n = fmt_lost_json(f->msg, count, cpu);
	} else {
		where[fmt_udec(where, (uint64_t)cpu, 0, ' ')] = '\0';
		n = syslog_note(f->msg, &f->origin, now_ns(CLOCK_REALTIME), "lost", count, "cpu", where, line,
				fmt_lost(line, count, cpu));
	}
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
static void on_finish(void *arg)
{
	struct fleet *f = arg;
	uint64_t end = mono() + FLEET_LINGER_MS * 1000000ull;
	struct link *l;
	int i;

	for (i = 0; i < f->n; i++)
		tell_dropped(f, &f->links[i], 0);
	while (may_send_by(f, end) && mono() < end)
		fleet_wait(f, 50);
	for (i = 0; i < f->n; i++) {
		l = &f->links[i];
		l->dropped += link_queued_records(l);
		l->dropped_untold += link_queued_records(l);
		if (l->dropped_untold)
			sink_dropped(f->tap.sink, l->dropped_untold, l->text);
		l->dropped_untold = 0;
	}
}

struct sink_tap *fleet_tap(struct fleet *f)
{
	f->tap = (struct sink_tap){ .json = f->json, .arg = f, .header = on_header, .record = on_record,
				    .lost = on_lost, .finish = on_finish };
	return &f->tap;
}

/* ---- start and end ---- */

/* Every link connected, or its first attempt over: what failed for good
 * (a certificate) is an error, what may answer later a warning. */
static int first_connections(struct fleet *f, size_t bytes)
{
	uint64_t end = mono() + FLEET_OPEN_WAIT_MS * 1000000ull;
	struct link *l;
	int i, pending = 1;

	for (i = 0; i < f->n; i++)
		f->links[i].starting = 1;
	while (pending && mono() < end) {
		fleet_wait(f, 50);
		for (i = 0, pending = 0; i < f->n; i++)
			pending |= !link_settled(&f->links[i], mono());
	}
	for (i = 0; i < f->n; i++) {
		l = &f->links[i];
		l->starting = 0;
		if (l->fatal) {
			error_msg("--to=%s: %s", l->text, l->error);
			return -1;
		}
		if (l->state != LINK_UP)
			error_msg("--to=%s: %s: tracing goes on, its records wait (up to %zu MiB) until it answers",
				  l->text, l->error[0] ? l->error : "no answer yet", bytes >> 20);
	}
	return 0;
}

int fleet_open(struct fleet *f, const struct options *o, int blocking)
{
	char err[1024];
	int i;

	memset(f, 0, sizeof(*f));
	f->ep = epoll_create1(EPOLL_CLOEXEC);
	f->json = o->to_json;
	f->blocking = blocking;
	f->verbose = o->verbose;
	f->msg = malloc(SYSLOG_MAX(FORMAT_RECORD_MAX));
	f->datagram = malloc(SYSLOG_MAX(FORMAT_RECORD_MAX));
	if (f->ep < 0 || !f->msg || !f->datagram) {
		perror_msg("--to");
		return -1;
	}
	for (i = 0; i < o->nto; i++)
		if (strncmp(o->to[i], "tls://", 6) == 0 && !f->ctx &&
		    !(f->ctx = tls_context(o->to_ca, o->to_cert, o->to_key, err, sizeof(err)))) {
			error_msg("%s", err);
			return -1;
		}
	for (f->n = 0; f->n < o->nto; f->n++)
		if (link_open(&f->links[f->n], o->to[f->n], f->ctx, f->ep, (size_t)o->to_buffer, o->to_json,
			      o->verbose, err, sizeof(err))) {
			error_msg("--to=%s: %s", o->to[f->n], err);
			f->n++;
			return -1;
		}
	return first_connections(f, (size_t)o->to_buffer);
}

void fleet_report(const struct fleet *f)
{
	const struct link *l;
	int i;

	for (i = 0; i < f->n; i++) {
		l = &f->links[i];
		if (l->dropped)
			error_msg("--to=%s: dropped %llu records: its buffer was full while the collector was away or slow, or they were still waiting at exit (fix: a larger --to-buffer, or a collector that keeps up)",
				  l->text, (unsigned long long)l->dropped);
		verbose_msg(f->verbose, "--to=%s: %llu records sent, %llu dropped, %llu connections", l->text,
			    (unsigned long long)l->records_sent, (unsigned long long)l->dropped,
			    (unsigned long long)l->connects);
	}
}

void fleet_close(struct fleet *f)
{
	int i;

	for (i = 0; i < f->n; i++)
		link_close(&f->links[i]);
	f->n = 0;
	if (f->ctx)
		tls_context_free(f->ctx);
	f->ctx = NULL;
	if (f->ep >= 0)
		close(f->ep);
	f->ep = -1;
	free(f->msg);
	free(f->datagram);
	f->msg = f->datagram = NULL;
}
