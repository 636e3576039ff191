/* fleet.c - see fleet.h: the tap (the reader's side), the thread that
 * sends, start and end. What is sent, and how, is deliver.c's. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "error.h"
#include "fleet/deliver.h"
#include "fleet/fleet.h"
#include "fleet/tls.h"

/* Reader: the thread woken for what was put since the last kick. */
static void kick(struct fleet *f)
{
	uint64_t one = 1;

	f->pushed = 0;
	if (write(f->kick_fd, &one, sizeof(one)) < 0)
		return;   /* the counter is full: the thread has kicks enough */
}

int fleet_fd(const struct fleet *f)
{
	return f->threaded ? -1 : f->ep;
}

/* Reader: the "# dropped" lines the thread left. */
static void tell_local_notes(struct fleet *f)
{
	uint64_t n;
	int i;

	if (!atomic_load_explicit(&f->local_pending, memory_order_relaxed) || !atomic_exchange(&f->local_pending, 0))
		return;
	for (i = 0; i < f->n; i++)
		if ((n = atomic_exchange(&f->local_untold[i], 0)))
			sink_dropped(f->tap.sink, n, f->links[i].text);
}

void fleet_service(struct fleet *f, int ready)
{
	if (!f->threaded) {
		fleet_wait(f, ready ? 0 : -1);
		return;
	}
	tell_local_notes(f);   /* also when no record comes to bring them */
	if (f->pushed)
		kick(f);
}

/* ---- the reader's side: the tap ---- */

/* What a message holds: a JSON record (the record, then its line), a
 * text one (the record, where its fields are, then its line), a loss
 * (struct lost_msg), the header (struct run_info, then the mode), a
 * not-stored count (struct unstored_msg). */
enum { MSG_RECORD = 1, MSG_LOST, MSG_HEADER, MSG_TEXT_RECORD, MSG_UNSTORED };

struct lost_msg {
	uint64_t count;
	int cpu;
};

struct unstored_msg {
	uint64_t count;
	unsigned kind;
};

/* Records the full inbox refused: dropped by every destination. */
static void dropped_at_inbox(struct fleet *f)
{
	atomic_store_explicit(&f->inbox_dropped, ++f->inbox_refused, memory_order_release);
}

static void put(struct fleet *f, uint32_t kind, const struct inbox_part *parts, int np)
{
	int record = kind == MSG_RECORD || kind == MSG_TEXT_RECORD;

	/* records leave room for the notes: a kernel loss comes when the
	 * inbox is full, and its note must still reach the collectors */
	if (inbox_putv(&f->inbox, kind, parts, np, record ? FLEET_NOTE_ROOM : 0)) {
		if (record)
			dropped_at_inbox(f);
		return;
	}
	if (++f->pushed >= FLEET_KICK_EVERY)
		kick(f);
}

static void on_record(void *arg, const struct snoop_record *r, const char *line, size_t n,
		      const struct fmt_spans *spans)
{
	struct fleet *f = arg;

	if (!f->threaded) {
		deliver_record(f, r, line, n, spans);
		return;
	}
	tell_local_notes(f);
	if (spans)
		put(f, MSG_TEXT_RECORD, (struct inbox_part[]){ { r, sizeof(*r) }, { spans, sizeof(*spans) }, { line, n } },
		    3);
	else
		put(f, MSG_RECORD, (struct inbox_part[]){ { r, sizeof(*r) }, { line, n } }, 2);
}

static void on_lost(void *arg, uint64_t count, int cpu)
{
	struct fleet *f = arg;
	struct lost_msg l = { count, cpu };

	if (f->threaded)
		put(f, MSG_LOST, &(struct inbox_part){ &l, sizeof(l) }, 1);
	else
		deliver_lost(f, count, cpu);
}

static void on_unstored(void *arg, unsigned kind, uint64_t count)
{
	struct fleet *f = arg;
	struct unstored_msg u = { count, kind };

	if (f->threaded)
		put(f, MSG_UNSTORED, &(struct inbox_part){ &u, sizeof(u) }, 1);
	else
		deliver_unstored(f, kind, count);
}

static void on_header(void *arg, const struct run_info *ri, unsigned mode)
{
	struct fleet *f = arg;

	if (f->threaded)
		put(f, MSG_HEADER, (struct inbox_part[]){ { ri, sizeof(*ri) }, { &mode, sizeof(mode) } }, 2);
	else
		deliver_header(f, ri, mode);
}

/* ---- the thread's side ---- */

/* What the inbox refused since the last look: dropped by every link. */
static void take_inbox_drops(struct fleet *f)
{
	uint64_t now = atomic_load_explicit(&f->inbox_dropped, memory_order_acquire), d = now - f->inbox_seen;
	int i;

	f->inbox_seen = now;
	for (i = 0; d && i < f->n; i++) {
		f->links[i].dropped += d;
		f->links[i].dropped_untold += d;
	}
}

/* A header message's mode, after its run_info (not aligned for a read) */
static unsigned header_mode(const void *data)
{
	unsigned mode;

	memcpy(&mode, (const char *)data + sizeof(struct run_info), sizeof(mode));
	return mode;
}

/* A record's message (MSG_RECORD, MSG_TEXT_RECORD) to the destinations.
 * The ring keeps a message's start 8-byte aligned: the record and the
 * spans after it (at a multiple of 8) can be read in place. */
_Static_assert(sizeof(struct snoop_record) % 8 == 0, "a record's spans follow it aligned");

static void take_record(struct fleet *f, uint32_t kind, const char *data, size_t size)
{
	const struct fmt_spans *spans = NULL;
	size_t at = sizeof(struct snoop_record);

	if (kind == MSG_TEXT_RECORD) {
		spans = (const struct fmt_spans *)(data + at);
		at += sizeof(*spans);
	}
	deliver_record(f, (const struct snoop_record *)data, data + at, size - at, spans);
}

/* Up to FLEET_KICK_EVERY messages into the links' queues (then the
 * sockets get their turn). 1 if the inbox was empty. */
static int drain_inbox(struct fleet *f)
{
	const void *data;
	uint32_t kind;
	size_t size;
	int k;

	take_inbox_drops(f);
	for (k = 0; k < FLEET_KICK_EVERY && inbox_peek(&f->inbox, &kind, &data, &size); k++) {
		if (kind == MSG_RECORD || kind == MSG_TEXT_RECORD)
			take_record(f, kind, data, size);
		else if (kind == MSG_LOST)
			deliver_lost(f, ((const struct lost_msg *)data)->count, ((const struct lost_msg *)data)->cpu);
		else if (kind == MSG_UNSTORED)
			deliver_unstored(f, ((const struct unstored_msg *)data)->kind,
					 ((const struct unstored_msg *)data)->count);
		else
			deliver_header(f, data, header_mode(data));
		inbox_next(&f->inbox);
	}
	return k == 0;
}

static void *fleet_main(void *arg)
{
	struct fleet *f = arg;
	int ending, idle;

	/* when the CPUs are short, the reader (whose kernel buffers lose
	 * records for every record's destinations) goes first: the thread's
	 * nice value is its own on Linux */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), FLEET_NICE);
	for (;;) {
		ending = atomic_load(&f->ending);
		idle = drain_inbox(f);
		if (ending && idle)
			break;
		fleet_wait(f, idle ? FLEET_IDLE_MS : 0);
	}
	fleet_linger(f);
	return NULL;
}

/* Live tracing: the sending from now on a thread's (the tap's start,
 * after the command was launched: a thread made before it would take the
 * fork the BPF side waits for). Failing is no loss: the reader sends. */
static void on_start(void *arg)
{
	struct fleet *f = arg;
	sigset_t all, old;

	if (f->n == 0 || inbox_init(&f->inbox, f->inbox_bytes))
		return;
	if ((f->kick_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0 ||
	    epoll_ctl(f->ep, EPOLL_CTL_ADD, f->kick_fd, &(struct epoll_event){ .events = EPOLLIN })) {
		verbose_msg(f->verbose, "--to: no thread of its own (%s), the reader sends", strerror(errno));
		inbox_free(&f->inbox);
		return;
	}
	f->threaded = 1;
	sigfillset(&all);   /* signals stay the main thread's */
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&f->thread, NULL, fleet_main, f)) {
		f->threaded = 0;
		verbose_msg(f->verbose, "--to: no thread of its own, the reader sends");
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* The thread told to end once the inbox is empty, then waited for. */
static void stop_thread(struct fleet *f)
{
	if (!f->threaded)
		return;
	atomic_store(&f->ending, 1);
	kick(f);
	pthread_join(f->thread, NULL);
	tell_local_notes(f);
	f->threaded = 0;
}

static void on_finish(void *arg)
{
	struct fleet *f = arg;

	if (f->threaded)
		stop_thread(f);
	else
		fleet_linger(f);
}

struct sink_tap *fleet_tap(struct fleet *f)
{
	f->tap = (struct sink_tap){ .json = f->json, .arg = f, .header = on_header, .record = on_record,
				    .lost = on_lost, .unstored = on_unstored, .start = on_start, .finish = on_finish };
	return &f->tap;
}

/* ---- start and end ---- */

/* Every link connected, or its first attempt over: what failed for good
 * (a certificate) is an error, what may answer later a warning. */
static int first_connections(struct fleet *f, size_t bytes)
{
	uint64_t end = fleet_mono() + FLEET_OPEN_WAIT_MS * 1000000ull;
	struct link *l;
	int i, pending = 1, fatal = 0;

	for (i = 0; i < f->n; i++)
		f->links[i].starting = 1;
	while (pending && !fatal && fleet_mono() < end) {
		fleet_wait(f, 50);
		for (i = 0, pending = 0; i < f->n; i++) {
			pending |= !link_settled(&f->links[i]);
			fatal |= f->links[i].fatal;
		}
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

int fleet_open(struct fleet *f, const struct fleet_config *o, int verbose, int blocking)
{
	char err[1024];
	int i;

	memset(f, 0, sizeof(*f));
	f->kick_fd = -1;
	f->ep = epoll_create1(EPOLL_CLOEXEC);
	f->json = o->json;
	f->blocking = blocking;
	f->verbose = verbose;
	f->inbox_bytes = o->buffer / 4 > FLEET_INBOX_MIN ? (size_t)o->buffer / 4 : FLEET_INBOX_MIN;
	f->msg = malloc(SYSLOG_MAX(FORMAT_RECORD_MAX));
	f->datagram = malloc(SYSLOG_MAX(FORMAT_RECORD_MAX));
	if (f->ep < 0 || !f->msg || !f->datagram) {
		perror_msg("--to");
		return -1;
	}
	for (i = 0; i < o->n; i++)
		if (strncmp(o->urls[i], "tls://", 6) == 0 && !f->ctx &&
		    !(f->ctx = tls_context(o->ca, o->cert, o->key, err, sizeof(err)))) {
			error_msg("%s", err);
			return -1;
		}
	for (f->n = 0; f->n < o->n; f->n++)
		if (link_open(&f->links[f->n], o->urls[f->n], f->ctx, f->ep, (size_t)o->buffer, o->json,
			      verbose, err, sizeof(err))) {
			error_msg("--to=%s: %s", o->urls[f->n], err);
			f->n++;
			return -1;
		}
	return first_connections(f, (size_t)o->buffer);
}

void fleet_report(const struct fleet *f)
{
	const struct link *l;
	int i;

	if (f->inbox_seen)
		error_msg("--to: %llu of the records dropped never reached a destination's buffer: snoop's --to thread did not keep up with them (fix: a collector on another host, whose work does not take this one's CPUs; fewer records with -e)",
			  (unsigned long long)f->inbox_seen);
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

	stop_thread(f);   /* an early end, before sink_close */
	inbox_free(&f->inbox);
	if (f->kick_fd >= 0)
		close(f->kick_fd);
	f->kick_fd = -1;
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
