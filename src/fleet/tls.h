/* tls.h - RFC 5425 syslog over TLS with OpenSSL: the client context (the
 * system's CA store or --to-ca, an optional client certificate), a
 * session per connection that checks the collector's name, and the
 * non-blocking steps the transport (fleet/link.c) takes. Socket I/O goes
 * through snoop's own BIO with MSG_NOSIGNAL: no SIGPIPE, whatever the
 * process's signal dispositions. Errors are "why (fix: ...)" texts. */
#ifndef SNOOP_TLS_H
#define SNOOP_TLS_H

#include <stddef.h>
#include <sys/types.h>

struct ssl_ctx_st;
struct ssl_st;

/* ca: PEM file of CAs, NULL for the system's store; cert/key: a client
 * certificate (chain) and its key, or NULL. NULL with err set on failure. */
struct ssl_ctx_st *tls_context(const char *ca, const char *cert, const char *key, char *err, size_t errlen);
void tls_context_free(struct ssl_ctx_st *ctx);
/* A session on the connected socket fd, for the collector named host. */
struct ssl_st *tls_session(struct ssl_ctx_st *ctx, int fd, const char *host, char *err, size_t errlen);
void tls_session_free(struct ssl_st *ssl);

/* One step of the handshake: 0 done, EPOLLIN or EPOLLOUT to wait for, or
 * -1 with err (fatal: 1 when the certificate was refused). */
int tls_handshake(struct ssl_st *ssl, const char *host, int *fatal, char *err, size_t errlen);
/* Writes up to n bytes: how many, 0 with *want (EPOLLIN/EPOLLOUT) when it
 * must wait, -1 when the connection failed (err says why). */
ssize_t tls_write(struct ssl_st *ssl, const void *buf, size_t n, int *want, char *err, size_t errlen);
/* The socket was readable: what the collector sent (a session ticket, a
 * close) is read. 0 still open, -1 closed; then err holds the alert it
 * sent ("" when it sent none). */
int tls_read_closed(struct ssl_st *ssl, char *err, size_t errlen);
/* Does the collector's verdict on the client certificate come after the
 * handshake (it asked for one, and TLS 1.3, where the client's side of the
 * handshake ends first)? Then it is worth waiting for before records go
 * out. */
int tls_verdict_after_handshake(struct ssl_st *ssl);
/* Was a client certificate given (--to-cert)? */
int tls_has_certificate(struct ssl_st *ssl);

#endif
