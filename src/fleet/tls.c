/* tls.c - see tls.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include "fleet/tls.h"

/* ---- snoop's socket BIO: send(MSG_NOSIGNAL) and recv on a non-blocking fd ---- */

static int sock_fd(BIO *b)
{
	return (int)(intptr_t)BIO_get_data(b);
}

static int sock_write(BIO *b, const char *buf, int n)
{
	ssize_t w = send(sock_fd(b), buf, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);

	BIO_clear_retry_flags(b);
	if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		BIO_set_retry_write(b);
	return (int)w;
}

static int sock_read(BIO *b, char *buf, int n)
{
	ssize_t r = recv(sock_fd(b), buf, (size_t)n, MSG_DONTWAIT);

	BIO_clear_retry_flags(b);
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		BIO_set_retry_read(b);
	return (int)r;
}

static long sock_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	(void)b, (void)num, (void)ptr;
	return cmd == BIO_CTRL_FLUSH;   /* send() buffers nothing */
}

static int sock_create(BIO *b)
{
	BIO_set_init(b, 1);
	return 1;
}

static BIO_METHOD *sock_method(void)
{
	static BIO_METHOD *m;

	if (!m && (m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "snoop socket"))) {
		BIO_meth_set_write(m, sock_write);
		BIO_meth_set_read(m, sock_read);
		BIO_meth_set_ctrl(m, sock_ctrl);
		BIO_meth_set_create(m, sock_create);
	}
	return m;
}

/* ---- context and session ---- */

/* OpenSSL's reason for the last failure, or fallback */
static const char *ssl_reason(const char *fallback)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	ERR_clear_error();
	return r ? r : fallback;
}

/* OpenSSL calls this when the collector asks for a client certificate,
 * whether one was given or not: marked on the session. */
static int asked_certificate(SSL *ssl, void *arg)
{
	(void)arg;
	SSL_set_app_data(ssl, ssl);
	return 1;
}

int tls_verdict_after_handshake(SSL *ssl)
{
	return SSL_get_app_data(ssl) == ssl && SSL_version(ssl) >= TLS1_3_VERSION;
}

int tls_has_certificate(SSL *ssl)
{
	return SSL_get_certificate(ssl) != NULL;
}

SSL_CTX *tls_context(const char *ca, const char *cert, const char *key, char *err, size_t errlen)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (!ctx) {
		snprintf(err, errlen, "cannot make a TLS context: %s", ssl_reason("out of memory"));
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	SSL_CTX_set_cert_cb(ctx, asked_certificate, NULL);
	if (ca ? SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1 : SSL_CTX_set_default_verify_paths(ctx) != 1) {
		snprintf(err, errlen, "--to-ca=%s: cannot load CA certificates: %s (fix: give a PEM file of CA certificates)",
			 ca ? ca : "(system store)", ssl_reason("no certificate found"));
		goto fail;
	}
	if (cert && SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		snprintf(err, errlen, "--to-cert=%s: cannot load the client certificate: %s (fix: give a PEM certificate, its chain after it)",
			 cert, ssl_reason("no certificate found"));
		goto fail;
	}
	if (key && (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1)) {
		snprintf(err, errlen, "--to-key=%s: cannot use the client key: %s (fix: give the unencrypted PEM key of --to-cert)",
			 key, ssl_reason("not a key"));
		goto fail;
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

void tls_context_free(SSL_CTX *ctx)
{
	SSL_CTX_free(ctx);
}

/* An address is checked against the certificate's IP entries, a name
 * against its DNS names (and sent as SNI). */
static int expect_name(SSL *ssl, const char *host)
{
	unsigned char addr[16];

	if (inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1)
		return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1 ? 0 : -1;
	if (SSL_set_tlsext_host_name(ssl, host) != 1)
		return -1;
	return SSL_set1_host(ssl, host) == 1 ? 0 : -1;
}

SSL *tls_session(SSL_CTX *ctx, int fd, const char *host, char *err, size_t errlen)
{
	BIO_METHOD *m = sock_method();
	SSL *ssl = m ? SSL_new(ctx) : NULL;
	BIO *bio = ssl ? BIO_new(m) : NULL;

	if (!bio || expect_name(ssl, host)) {
		snprintf(err, errlen, "cannot start TLS: %s", ssl_reason("out of memory"));
		BIO_free(bio);
		SSL_free(ssl);
		return NULL;
	}
	BIO_set_data(bio, (void *)(intptr_t)fd);
	SSL_set_bio(ssl, bio, bio);
	SSL_set_connect_state(ssl);
	return ssl;
}

void tls_session_free(SSL *ssl)
{
	SSL_free(ssl);   /* no close_notify: the socket may be gone already */
}

/* What to wait for after a call returned ret, or -1 */
static int want(SSL *ssl, int ret)
{
	switch (SSL_get_error(ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		return EPOLLIN;
	case SSL_ERROR_WANT_WRITE:
		return EPOLLOUT;
	default:
		return -1;
	}
}

int tls_handshake(SSL *ssl, const char *host, int *fatal, char *err, size_t errlen)
{
	int ret = SSL_do_handshake(ssl), w, saved = errno;
	long v;

	*fatal = 0;
	if (ret == 1)
		return 0;
	if ((w = want(ssl, ret)) > 0)
		return w;
	v = SSL_get_verify_result(ssl);
	if (v == X509_V_ERR_HOSTNAME_MISMATCH || v == X509_V_ERR_IP_ADDRESS_MISMATCH) {
		*fatal = 1;
		snprintf(err, errlen, "the collector's certificate is not for %s: %s (fix: name the collector as its certificate does, in its CN or subjectAltName, or give it a certificate for %s)",
			 host, X509_verify_cert_error_string(v), host);
	} else if (v != X509_V_OK) {
		*fatal = 1;
		snprintf(err, errlen, "the collector's certificate is not trusted: %s (fix: give the CA that signed it with --to-ca=FILE, or renew it)",
			 X509_verify_cert_error_string(v));
	} else if (SSL_get_error(ssl, ret) == SSL_ERROR_SYSCALL && !ERR_peek_error()) {
		snprintf(err, errlen, "TLS handshake failed: %s", saved ? strerror(saved) : "the collector closed the connection");
	} else {
		*fatal = 1;
		snprintf(err, errlen, "TLS handshake failed: %s (fix: is this a syslog-over-TLS port, RFC 5425?)",
			 ssl_reason("protocol error"));
	}
	ERR_clear_error();
	return -1;
}

ssize_t tls_write(SSL *ssl, const void *buf, size_t n, int *wanted, char *err, size_t errlen)
{
	size_t written = 0;
	int ret = SSL_write_ex(ssl, buf, n, &written), saved = errno;

	if (ret == 1)
		return (ssize_t)written;
	if ((*wanted = want(ssl, ret)) > 0)
		return 0;
	snprintf(err, errlen, "%s", SSL_get_error(ssl, ret) == SSL_ERROR_SYSCALL ?
		 strerror(saved ? saved : EPIPE) : ssl_reason("TLS error"));
	ERR_clear_error();
	return -1;
}

int tls_read_closed(SSL *ssl, char *err, size_t errlen)
{
	char buf[4096];
	size_t got;
	int ret;

	/* a collector sends no data: what it sends is TLS's own (a session
	 * ticket), or its end, perhaps with an alert saying why */
	while ((ret = SSL_read_ex(ssl, buf, sizeof(buf), &got)) == 1)
		;
	*err = '\0';
	if (want(ssl, ret) > 0)
		return 0;
	if (SSL_get_error(ssl, ret) == SSL_ERROR_SSL)
		snprintf(err, errlen, "%s", ssl_reason(""));
	ERR_clear_error();
	return -1;
}
