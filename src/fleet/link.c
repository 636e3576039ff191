/* link.c - see link.h. */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include "error.h"
#include "fleet/link.h"
#include "fleet/tls.h"

#define UDP_BATCH 64   /* datagrams per sendmmsg */

int link_open(struct link *l, const char *text, struct ssl_ctx_st *ctx, int ep, size_t bytes, int json,
	      int verbose, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC };
	int rc;

	memset(l, 0, sizeof(*l));
	l->text = text;
	l->fd = -1;
	l->ep = ep;
	l->verbose = verbose;
	if (fleet_url_parse(text, &l->url, err, errlen))
		return -1;
	l->ctx = l->url.proto == FLEET_TLS ? ctx : NULL;
	/* JSON Lines end in '\n', their own framing (Vector, Fluent Bit) */
	l->framed = l->url.proto != FLEET_UDP && !json;
	hints.ai_socktype = l->url.proto == FLEET_UDP ? SOCK_DGRAM : SOCK_STREAM;
	if ((rc = getaddrinfo(l->url.host, l->url.port, &hints, &l->addrs))) {
		snprintf(err, errlen, "cannot resolve %s: %s (fix: check the name, or give an address)",
			 l->url.host, gai_strerror(rc));
		return -1;
	}
	if (queue_init(&l->q, bytes)) {
		snprintf(err, errlen, "out of memory for a buffer of %zu bytes (fix: a smaller --to-buffer)", bytes);
		return -1;
	}
	return 0;
}

static void disconnect(struct link *l)
{
	if (l->ssl)
		tls_session_free(l->ssl);
	if (l->fd >= 0)
		close(l->fd);   /* which takes it out of the epoll set */
	l->ssl = NULL;
	l->fd = -1;
	l->events = 0;
	l->blocked = 0;
	l->header_sent = 0;
	l->verdict_ns = 0;
}

void link_close(struct link *l)
{
	disconnect(l);
	if (l->addrs)
		freeaddrinfo(l->addrs);
	l->addrs = NULL;
	queue_free(&l->q);
	free(l->header);
	l->header = NULL;
}

/* "LEN " before a message on a framed stream */
static size_t frame(const struct link *l, char *head, size_t n)
{
	return l->framed ? syslog_frame_head(head, n) : 0;
}

int link_set_header(struct link *l, const char *msg, size_t n)
{
	char head[SYSLOG_FRAME_HEAD];
	size_t h = frame(l, head, n);

	free(l->header);
	if (!(l->header = malloc(h + n)))
		return -1;
	memcpy(l->header, head, h);
	memcpy(l->header + h, msg, n);
	l->header_len = h + n;
	return 0;
}

int link_push(struct link *l, const char *msg, size_t n, int record)
{
	char head[SYSLOG_FRAME_HEAD];
	size_t h = frame(l, head, n);

	return queue_push(&l->q, head, h, msg, n, record);
}

int link_room(const struct link *l, size_t n, size_t note_n)
{
	return queue_room(&l->q, n + note_n + 2 * SYSLOG_FRAME_HEAD, 2);
}

size_t link_queued_records(const struct link *l)
{
	return l->q.records;
}

int link_settled(const struct link *l)
{
	return l->error[0] || (l->state == LINK_UP && !l->verdict_ns);
}

int link_may_send_by(const struct link *l, uint64_t end)
{
	return !queue_empty(&l->q) && (l->state != LINK_DOWN || l->retry_ns < end);
}

static void watch(struct link *l, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = l };

	if (l->fd >= 0 && events != l->events && epoll_ctl(l->ep, EPOLL_CTL_MOD, l->fd, &ev) == 0)
		l->events = events;
}

/* What an idle connection waits for: the collector's end (a stream). */
static uint32_t idle_events(const struct link *l)
{
	return l->url.proto == FLEET_UDP ? 0 : EPOLLIN | EPOLLRDHUP;
}

/* 0.75 to 1.25 of ms: links that failed together do not retry together */
static uint64_t jitter_ns(uint64_t ms)
{
	static uint64_t x;

	if (!x)
		x = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull | 1;
	x ^= x << 13, x ^= x >> 7, x ^= x << 17;
	return ms * 1000000ull * 3 / 4 + x % (ms * 500000ull + 1);
}

/* The connection failed or broke: a message it was in the middle of is
 * given up, and the next attempt waits its backoff. */
static void down(struct link *l, uint64_t now, const char *why)
{
	int was_up = l->state == LINK_UP;

	if (queue_cut_partial(&l->q)) {
		l->dropped++;
		l->dropped_untold++;
	}
	disconnect(l);
	l->state = LINK_DOWN;
	if (was_up && now - l->up_since_ns >= LINK_STABLE_MS * 1000000ull)
		l->backoff_ms = 0;
	l->backoff_ms = !l->backoff_ms ? LINK_BACKOFF_MIN_MS :
			l->backoff_ms * 2 > LINK_BACKOFF_MAX_MS ? LINK_BACKOFF_MAX_MS : l->backoff_ms * 2;
	l->retry_ns = now + jitter_ns(l->backoff_ms);
	snprintf(l->error, sizeof(l->error), "%s", why);
	/* the first failure is said (at start, by the fleet); the rest with -v */
	if (!l->starting && l->connects && !l->failures++)
		error_msg("--to=%s: %s: reconnecting with backoff, records wait in its buffer meanwhile", l->text, why);
	else
		verbose_msg(l->verbose, "--to=%s: %s: next attempt in %.1f s", l->text, why,
			    (double)(l->retry_ns - now) / 1e9);
}

/* A TLS 1.3 collector that asked for a client certificate says what it
 * thinks of it (or of its absence) after the client's handshake is over:
 * records written before its refusal would be lost without a trace, so
 * none go out for twice the handshake's time (a round trip or more), and
 * then only if it has not closed the connection (verdict_in). */
static uint64_t verdict_at(struct link *l, uint64_t now)
{
	uint64_t wait = 2 * (now - l->attempt_ns);

	if (!l->ssl || !tls_verdict_after_handshake(l->ssl))
		return 0;
	return now + (wait > LINK_VERDICT_MIN_MS * 1000000ull ? wait : LINK_VERDICT_MIN_MS * 1000000ull);
}

static void up(struct link *l, uint64_t now)
{
	l->state = LINK_UP;
	l->up_since_ns = now;
	l->verdict_ns = verdict_at(l, now);
	l->fatal = 0;
	if (l->connects++)
		verbose_msg(l->verbose, "--to=%s: connected again", l->text);
	watch(l, idle_events(l));
	link_flush(l, now);
}

static void handshake(struct link *l, uint64_t now)
{
	char err[sizeof(l->error)];
	int w = tls_handshake(l->ssl, l->url.host, &l->fatal, err, sizeof(err));

	if (w == 0)
		up(l, now);
	else if (w > 0)
		watch(l, (uint32_t)w);
	else
		down(l, now, err);
}

static void connected(struct link *l, uint64_t now)
{
	char err[sizeof(l->error)];

	if (!l->ctx) {
		up(l, now);
		return;
	}
	l->attempt_ns = now;   /* the handshake's start */
	if (!(l->ssl = tls_session(l->ctx, l->fd, l->url.host, err, sizeof(err)))) {
		down(l, now, err);
		return;
	}
	l->state = LINK_HANDSHAKE;
	handshake(l, now);
}

/* A non-blocking connect to the next of the name's addresses. */
static void start(struct link *l, uint64_t now)
{
	struct addrinfo *ai = l->next_addr ? l->next_addr : l->addrs;
	struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = l };
	char why[sizeof(l->error)];

	l->next_addr = ai->ai_next;
	l->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
	if (l->fd < 0 || epoll_ctl(l->ep, EPOLL_CTL_ADD, l->fd, &ev)) {
		snprintf(why, sizeof(why), "cannot make a socket: %s", strerror(errno));
		down(l, now, why);
		return;
	}
	l->events = EPOLLOUT;
	l->deadline_ns = now + LINK_CONNECT_TIMEOUT_MS * 1000000ull;
	if (connect(l->fd, ai->ai_addr, ai->ai_addrlen) == 0) {
		connected(l, now);
	} else if (errno == EINPROGRESS) {
		l->state = LINK_CONNECTING;
	} else {
		snprintf(why, sizeof(why), "cannot connect: %s", strerror(errno));
		down(l, now, why);
	}
}

void link_tick(struct link *l, uint64_t now)
{
	if (l->state == LINK_DOWN && now >= l->retry_ns)
		start(l, now);
	else if ((l->state == LINK_CONNECTING || l->state == LINK_HANDSHAKE) && now >= l->deadline_ns)
		down(l, now, l->state == LINK_CONNECTING ? "cannot connect: timed out" : "TLS handshake timed out");
}

/* A stream the collector closed (it sends nothing else); alert: what
 * TLS said about it, or "". */
static int stream_closed(struct link *l, char *alert, size_t len)
{
	char buf[4096];
	ssize_t n;

	*alert = '\0';
	if (l->ssl)
		return tls_read_closed(l->ssl, alert, len);
	while ((n = recv(l->fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		;
	return n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* The collector closed the connection: right after a handshake in which
 * it asked for a client certificate, it refused the one given (or its
 * absence), which no retry mends. */
static void closed(struct link *l, uint64_t now, const char *alert)
{
	char why[sizeof(l->error)];
	int refused = l->verdict_ns != 0, given = refused && tls_has_certificate(l->ssl);

	if (refused && !given)
		snprintf(why, sizeof(why), "the collector asked for a client certificate and closed the connection without one%s%s (fix: give --to-cert=FILE and --to-key=FILE of a certificate it trusts)",
			 *alert ? ": " : "", alert);
	else if (refused)
		snprintf(why, sizeof(why), "the collector refused the client certificate%s%s (fix: give --to-cert a certificate signed by a CA the collector trusts)",
			 *alert ? ": " : "", alert);
	else
		snprintf(why, sizeof(why), "the collector closed the connection%s%s", *alert ? ": " : "", alert);
	down(l, now, why);
	l->fatal = refused;
}

void link_event(struct link *l, uint32_t events, uint64_t now)
{
	char why[sizeof(l->error)], alert[256];
	int err = 0;
	socklen_t len = sizeof(err);

	if (l->state == LINK_CONNECTING) {
		getsockopt(l->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err) {
			snprintf(why, sizeof(why), "cannot connect: %s", strerror(err));
			down(l, now, why);
		} else {
			connected(l, now);
		}
	} else if (l->state == LINK_HANDSHAKE) {
		handshake(l, now);
	} else if (l->state == LINK_UP) {
		if (l->url.proto == FLEET_UDP && (events & EPOLLERR))
			getsockopt(l->fd, SOL_SOCKET, SO_ERROR, &err, &len);   /* an ICMP error: a datagram was lost */
		else if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) && stream_closed(l, alert, sizeof(alert))) {
			closed(l, now, alert);
			return;
		}
		/* whatever it waited for (EPOLLOUT, or EPOLLIN for a TLS write
		 * that must read first) may have come: try again */
		l->blocked = 0;
		link_flush(l, now);
	}
}

/* n bytes went out: the header's first, then the queue's */
static void sent(struct link *l, size_t n)
{
	size_t h = l->header_len - l->header_sent;

	h = n < h ? n : h;
	l->header_sent += h;
	l->records_sent += queue_sent(&l->q, n - h);
}

static void blocked(struct link *l, uint32_t want)
{
	l->blocked = 1;
	watch(l, idle_events(l) | want);
}

/* TCP and TLS: the header's rest and the queue's bytes, in as few writes
 * as the socket takes. */
static void flush_stream(struct link *l, uint64_t now)
{
	char why[sizeof(l->error)];
	struct iovec iov[3];
	struct msghdr mh = { .msg_iov = iov };
	ssize_t w;
	int n, want = 0;

	for (;;) {
		n = 0;
		if (l->header_sent < l->header_len)
			iov[n++] = (struct iovec){ l->header + l->header_sent, l->header_len - l->header_sent };
		n += queue_iov(&l->q, iov + n);
		if (!n)
			break;
		mh.msg_iovlen = (size_t)n;
		w = l->ssl ? tls_write(l->ssl, iov[0].iov_base, iov[0].iov_len, &want, why, sizeof(why))
			   : sendmsg(l->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w > 0) {
			sent(l, (size_t)w);
		} else if (l->ssl ? w == 0 : errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
			blocked(l, l->ssl ? (uint32_t)want : EPOLLOUT);
			return;
		} else {
			if (!l->ssl)
				snprintf(why, sizeof(why), "connection lost: %s", strerror(errno));
			down(l, now, why);
			return;
		}
	}
	watch(l, idle_events(l));
}

/* UDP: the header once per connection, then one datagram per message,
 * UDP_BATCH to a sendmmsg. A refused datagram (nothing listens there) is
 * lost as UDP loses datagrams: not counted. */
static void flush_datagrams(struct link *l, uint64_t now)
{
	struct mmsghdr mm[UDP_BATCH];
	struct iovec iov[UDP_BATCH][2];
	char why[sizeof(l->error)];
	size_t k, off, bytes, batch;
	int r, retried = 0;

	if (l->header_sent < l->header_len &&
	    (send(l->fd, l->header, l->header_len, MSG_NOSIGNAL | MSG_DONTWAIT) >= 0 || errno == ECONNREFUSED))
		l->header_sent = l->header_len;
	while (l->q.count) {
		batch = l->q.count < UDP_BATCH ? l->q.count : UDP_BATCH;
		for (k = 0, off = 0; k < batch; k++) {
			memset(&mm[k], 0, sizeof(mm[k]));
			mm[k].msg_hdr.msg_iov = iov[k];
			mm[k].msg_hdr.msg_iovlen = (size_t)queue_message(&l->q, k, &off, iov[k]);
		}
		r = sendmmsg(l->fd, mm, (unsigned)batch, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (r < 0 && errno == ECONNREFUSED && !retried++)
			continue;   /* the error was an earlier datagram's */
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ECONNREFUSED)) {
			blocked(l, EPOLLOUT);
			return;
		}
		if (r < 0) {
			snprintf(why, sizeof(why), "cannot send: %s", strerror(errno));
			down(l, now, why);
			return;
		}
		for (k = 0, bytes = 0; k < (size_t)r; k++)
			bytes += iov[k][0].iov_len + (mm[k].msg_hdr.msg_iovlen > 1 ? iov[k][1].iov_len : 0);
		l->records_sent += queue_sent(&l->q, bytes);
		retried = 0;
	}
	watch(l, idle_events(l));
}

/* May the link send: no verdict awaited, or its time over and the
 * connection still open? Judged before the first write, not by when a
 * close was noticed: a busy thread may see it late. */
static int verdict_in(struct link *l, uint64_t now)
{
	char alert[256];

	if (!l->verdict_ns)
		return 1;
	if (now < l->verdict_ns)
		return 0;
	if (stream_closed(l, alert, sizeof(alert))) {
		closed(l, now, alert);
		return 0;
	}
	l->verdict_ns = 0;
	return 1;
}

void link_flush(struct link *l, uint64_t now)
{
	if (l->state != LINK_UP || l->blocked || !verdict_in(l, now))
		return;
	if (l->url.proto == FLEET_UDP)
		flush_datagrams(l, now);
	else
		flush_stream(l, now);
}
