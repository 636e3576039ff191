/* deliver.h - --to's state (struct fleet; its public side is fleet.h)
 * and the work of sending, done by --to's thread (or by the reader when
 * there is none, and by a replay): records, notes and the
 * header formatted for each destination and put in its queue; the sockets
 * serviced; drops counted and told, in the stream and (through the
 * reader) in the local output; what is queued at the end given its time. */
#ifndef SNOOP_DELIVER_H
#define SNOOP_DELIVER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include "fleet/inbox.h"
#include "fleet/config.h"
#include "fleet/link.h"
#include "record/sink.h"


#define FLEET_OPEN_WAIT_MS 5000   /* at start: connections (and certificates) checked within this */
#define FLEET_LINGER_MS 5000      /* at exit: what is queued has this long to go out */
#define FLEET_INBOX_MIN (8u << 20)   /* records between the reader and the thread: a quarter
                                        * of --to-buffer (~as many records), at least this */
#define FLEET_KICK_EVERY 256      /* messages the reader puts before it wakes the thread */
#define FLEET_IDLE_MS 100         /* the thread's longest sleep without a kick */
#define FLEET_NICE 10             /* the thread yields the CPU to the reader */
#define FLEET_NOTE_ROOM (64u << 10)   /* inbox room records leave for lost notes */

struct fleet {
	struct link links[FLEET_MAX_TO];
	int n, ep, json, blocking, verbose;
	struct ssl_ctx_st *ctx;
	struct syslog_origin origin;
	unsigned mode;               /* the sink's FMT_RAW ... (the header's args=) */
	struct sink_tap tap;
	char *msg, *datagram;        /* one message, and its cut form for UDP */
	/* the thread (on_start): the reader puts, the thread takes */
	int threaded, kick_fd;
	pthread_t thread;
	struct inbox inbox;
	size_t inbox_bytes;
	int pushed;                  /* reader: messages put since the last kick */
	uint64_t inbox_refused;      /* reader: records the full inbox refused */
	_Atomic uint64_t inbox_dropped;   /* the same, for the thread */
	uint64_t inbox_seen;         /* thread: inbox drops already counted */
	_Atomic int ending;          /* reader to thread: send what is left, then end */
	_Atomic uint64_t local_untold[FLEET_MAX_TO];   /* thread to reader: "# dropped" lines due */
	_Atomic int local_pending;
};

uint64_t fleet_mono(void);
/* What the sockets reported (waiting up to ms for it; -1: not asked),
 * then the retries that are due and the sends. */
void fleet_wait(struct fleet *f, int ms);
/* A record's line (n bytes), and where its fields are when it is text
 * (spans; NULL for a JSON line). */
void deliver_record(struct fleet *f, const struct snoop_record *r, const char *line, size_t n,
		    const struct fmt_spans *spans);
void deliver_header(struct fleet *f, const struct run_info *ri, unsigned mode);
void deliver_lost(struct fleet *f, uint64_t count, int cpu);
/* count processes or ends the kernel side could not store (kind:
 * SNOOP_UNSTORED_*): the "untraced" or "unkept" note to every destination */
void deliver_unstored(struct fleet *f, unsigned kind, uint64_t count);
/* At the end: what is queued has FLEET_LINGER_MS to go out; what is
 * still there then is dropped, and said. */
void fleet_linger(struct fleet *f);

#endif
