/* fleet.h - --to: the records sent to the fleet's log pipeline, as one
 * more output of the sink (record/sink.h's tap). Each destination
 * (fleet/link.h) has its own bounded queue and connection; nothing here
 * ever blocks the live reader or takes its time: once tracing runs, the
 * reader only copies each record into an inbox (fleet/inbox.h), and a
 * thread of --to's own formats, queues and sends (fleet/deliver.h). A
 * destination that cannot keep up drops records and counts them, says so
 * in the local output ("# dropped") and in its stream once it takes
 * records again, and on stderr at exit.
 *
 * Before the thread runs (the connections at start) and without one, the
 * sockets are serviced by the caller: the reader polls fleet_fd beside the
 * BPF buffers and calls fleet_service. A replay (-r) has no thread: there
 * nothing is lost by waiting, so a full queue waits for its collector. */
#ifndef SNOOP_FLEET_H
#define SNOOP_FLEET_H

#include "fleet/deliver.h"

/* Resolves and connects every --to destination, checks TLS certificates:
 * 0, or -1 after a one-line error (a bad certificate, a name that does
 * not resolve). A collector that does not answer yet is a warning: its
 * records wait in its queue. blocking: a replay's full queue waits. */
int fleet_open(struct fleet *f, const struct fleet_config *c, int verbose, int blocking);
/* The sink's tap: set it with sink_set_tap. */
struct sink_tap *fleet_tap(struct fleet *f);
/* The fd to poll (readable when a socket needs attention), or -1 when
 * the thread does it. */
int fleet_fd(const struct fleet *f);
/* Handles what the sockets reported (ready: the fd was readable),
 * retries what is due, sends what is queued. Never blocks. With the
 * thread: wakes it for what the reader put since. */
void fleet_service(struct fleet *f, int ready);
/* At exit, on stderr: what each destination dropped (-v: what it sent). */
void fleet_report(const struct fleet *f);
void fleet_close(struct fleet *f);

#endif
