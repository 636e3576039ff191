/* decode_net.c - sockets: addresses, families, socket types. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "record/decoders.h"
#include "record/text.h"
#include "record/xlat.h"

size_t decode_sockaddr(char *dst, const uint8_t *sa, size_t n)
{
	char ip[INET6_ADDRSTRLEN];
	uint16_t family, port;
	size_t i = 0, pathlen;

	if (n < 2)
		return fmt_lit(dst, "{}");
	memcpy(&family, sa, 2);
	dst[i++] = '{';
	i += xlat_value(dst + i, xlat_socket_families, family);
	if (family == AF_INET && n >= sizeof(struct sockaddr_in)) {
		memcpy(&port, sa + 2, 2);
		inet_ntop(AF_INET, sa + 4, ip, sizeof(ip));
		i += fmt_lit(dst + i, ", ");
		i += fmt_str(dst + i, ip, 0);
		dst[i++] = ':';
		i += fmt_udec(dst + i, ntohs(port), 0, ' ');
	} else if (family == AF_INET6 && n >= sizeof(struct sockaddr_in6)) {
		memcpy(&port, sa + 2, 2);
		inet_ntop(AF_INET6, sa + 8, ip, sizeof(ip));
		i += fmt_lit(dst + i, ", [");
		i += fmt_str(dst + i, ip, 0);
		i += fmt_lit(dst + i, "]:");
		i += fmt_udec(dst + i, ntohs(port), 0, ' ');
	} else if (family == AF_UNIX && n > 2) {
		/* abstract sockets start with a NUL: shown as @name, like ss(8) */
		i += fmt_lit(dst + i, ", ");
		if (sa[2] == '\0') {
			dst[i++] = '@';
			i += put_quoted(dst + i, sa + 3, n - 3, 0);
		} else {
			pathlen = strnlen((const char *)sa + 2, n - 2);
			i += put_quoted(dst + i, sa + 2, pathlen, 0);
		}
	}
	dst[i++] = '}';
	return i;
}

size_t dec_sockaddr(char *dst, const struct arg *x)
{
	struct mem_item m;

	if (!x->v || !find_mem_item(x, &m))
		return dec_pointer(dst, x);
	return decode_sockaddr(dst, m.p, m.len);
}

size_t dec_family(char *dst, const struct arg *x)
{
	return xlat_value(dst, xlat_socket_families, x->i32);
}

/* SOCK_STREAM in the low four bits, SOCK_CLOEXEC and SOCK_NONBLOCK above */
size_t dec_socket_type(char *dst, const struct arg *x)
{
	return xlat_value_flags(dst, xlat_socket_types, 0xf, xlat_socket_type_flags, x->v);
}

/* accept4's flags: SOCK_CLOEXEC|SOCK_NONBLOCK, or 0 */
size_t dec_socket_flags(char *dst, const struct arg *x)
{
	return xlat_flags(dst, xlat_socket_type_flags, x->v);
}

size_t dec_shutdown_how(char *dst, const struct arg *x)
{
	return xlat_value(dst, xlat_shutdown_how, x->i32);
}

/* send/recv flags: MSG_NOSIGNAL|MSG_DONTWAIT, or 0 */
size_t dec_msg_flags(char *dst, const struct arg *x)
{
	return xlat_flags(dst, xlat_msg_flags, (uint32_t)x->v);
}

/* socket's protocol: IPPROTO_TCP for the IP families, else a number */
size_t dec_ip_protocol(char *dst, const struct arg *x)
{
	int family = (int)x->r->args[0];

	if (family == AF_INET || family == AF_INET6)
		return xlat_value(dst, xlat_ip_protocols, x->i32);
	return fmt_sdec(dst, x->i32, 0);
}
