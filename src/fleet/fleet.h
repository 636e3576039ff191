/* fleet.h - --to: the records sent to the fleet's log pipeline, as one
 * more output of the sink (record/sink.h's tap). Each destination
 * (fleet/link.h) has its own bounded queue and connection; nothing here
 * ever blocks the live reader: a destination that cannot keep up drops
 * records and counts them, says so in the local output ("# dropped") and
 * in its stream once it takes records again, and on stderr at exit.
 *
 * The sockets are in the fleet's own epoll set, whose one fd the reader
 * polls beside the BPF buffers (fleet_fd) and then calls fleet_service.
 * A replay (-r) is different: there nothing is lost by waiting, so a full
 * queue waits for its collector (blocking). */
#ifndef SNOOP_FLEET_H
#define SNOOP_FLEET_H

#include <stdint.h>
#include "fleet/link.h"
#include "opts.h"
#include "record/sink.h"

#define FLEET_OPEN_WAIT_MS 5000   /* at start: connections (and certificates) checked within this */
#define FLEET_LINGER_MS 5000      /* at exit: what is queued has this long to go out */

struct fleet {
	struct link links[OPTS_MAX_TO];
	int n, ep, json, blocking, verbose;
	struct ssl_ctx_st *ctx;
	struct syslog_origin origin;
	unsigned mode;               /* the sink's FMT_RAW ... (the header's args=) */
	struct sink_tap tap;
	char *msg, *datagram;        /* one message, and its cut form for UDP */
};

/* Resolves and connects every --to destination, checks TLS certificates:
 * 0, or -1 after a one-line error (a bad certificate, a name that does
 * not resolve). A collector that does not answer yet is a warning: its
 * records wait in its queue. blocking: a replay's full queue waits. */
int fleet_open(struct fleet *f, const struct options *o, int blocking);
/* The sink's tap: set it with sink_set_tap. */
struct sink_tap *fleet_tap(struct fleet *f);
/* The fd to poll (readable when a socket needs attention). */
int fleet_fd(const struct fleet *f);
/* Handles what the sockets reported (ready: the fd was readable),
 * retries what is due, sends what is queued. Never blocks. */
void fleet_service(struct fleet *f, int ready);
/* At exit, on stderr: what each destination dropped (-v: what it sent). */
void fleet_report(const struct fleet *f);
void fleet_close(struct fleet *f);

#endif
