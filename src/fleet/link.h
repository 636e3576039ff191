/* link.h - one --to destination: its connection (TCP, UDP or TLS), made
 * and made again with backoff, never blocking the caller; its bounded
 * queue, sent in batches (writev, sendmmsg, large TLS writes) with
 * MSG_NOSIGNAL. Every connection starts with the run's header message.
 * The fleet (fleet/fleet.c) owns the epoll set the sockets are in and
 * calls link_event with what it reported. */
#ifndef SNOOP_LINK_H
#define SNOOP_LINK_H

#include <stddef.h>
#include <stdint.h>
#include "fleet/queue.h"
#include "fleet/syslog.h"

#define LINK_CONNECT_TIMEOUT_MS 5000   /* a connect or TLS handshake that takes longer failed */
#define LINK_BACKOFF_MIN_MS 100
#define LINK_BACKOFF_MAX_MS 10000
#define LINK_STABLE_MS 5000    /* a connection that lasted this long starts the backoff anew */
#define LINK_VERDICT_MIN_MS 100   /* the least wait for a TLS collector's verdict on our certificate */

enum link_state { LINK_DOWN, LINK_CONNECTING, LINK_HANDSHAKE, LINK_UP };

struct addrinfo;
struct ssl_ctx_st;
struct ssl_st;

struct link {
	const char *text;            /* the URL as given, for messages */
	struct fleet_url url;
	int framed;                  /* RFC 6587 octet counting (TCP, TLS with RFC 5424) */
	struct addrinfo *addrs, *next_addr;
	struct ssl_ctx_st *ctx;      /* tls://: the fleet's context */
	struct ssl_st *ssl;
	int fd, ep;
	uint32_t events;             /* what ep watches fd for */
	enum link_state state;
	uint64_t deadline_ns;        /* of a connect or handshake under way */
	uint64_t attempt_ns;         /* when the connection under way started */
	uint64_t verdict_ns;         /* TLS that asked for a client certificate: nothing sent before */
	uint64_t retry_ns, backoff_ms, up_since_ns;
	int blocked;                 /* the socket was full: waiting for EPOLLOUT */
	struct queue q;
	char *header;                /* the header message, framed, sent first on each connection */
	size_t header_len, header_sent;
	uint64_t records_sent, dropped, dropped_untold;   /* untold: not yet in a "dropped" note */
	uint64_t connects, failures;
	int fatal;                   /* the last attempt's certificate was refused */
	int verbose;
	int starting;                /* the fleet's start says what failed: down() keeps quiet */
	char error[512];             /* why the last attempt or connection failed */
};

/* Resolves the URL (once: a later change of the name's address needs a
 * restart), takes the queue of bytes. 0, or -1 with "why (fix: ...)" in err. */
int link_open(struct link *l, const char *text, struct ssl_ctx_st *ctx, int ep, size_t bytes, int json,
	      int verbose, char *err, size_t errlen);
void link_close(struct link *l);
/* The header message each connection starts with (framed here). */
int link_set_header(struct link *l, const char *msg, size_t n);
/* One message into the queue (framed here): 0, or -1 when it is full. */
int link_push(struct link *l, const char *msg, size_t n, int record);
/* Room for n bytes of messages and a note of note_n bytes after them? */
int link_room(const struct link *l, size_t n, size_t note_n);
/* What epoll reported for its socket. */
void link_event(struct link *l, uint32_t events, uint64_t now);
/* Starts an attempt when its backoff is over, gives up one that took too long. */
void link_tick(struct link *l, uint64_t now);
/* Sends what is queued, until done or the socket is full. */
void link_flush(struct link *l, uint64_t now);
/* Connected (its verdict on the client certificate in), or failed. */
int link_settled(const struct link *l);
/* Has it something to send, and a connection up, under way, or due
 * before end? */
int link_may_send_by(const struct link *l, uint64_t end);
/* Records still queued (given up at exit). */
size_t link_queued_records(const struct link *l);

#endif
