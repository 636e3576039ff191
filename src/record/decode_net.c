/* decode_net.c - sockets: addresses, families, socket types, options. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "record/decoders.h"
#include "record/text.h"
#include "record/value.h"
#include "record/xlat.h"

void decode_sockaddr(struct vout *o, const uint8_t *sa, size_t n)
{
	char ip[INET6_ADDRSTRLEN];
	uint16_t family, port;

	if (n < 2) {
		value_struct_begin(o);
		value_struct_end(o, 0);
		return;
	}
	memcpy(&family, sa, 2);
	value_sockaddr_begin(o, xlat_name(xlat_socket_families, family), family);
	if (family == AF_INET && n >= sizeof(struct sockaddr_in)) {
		memcpy(&port, sa + 2, 2);
		inet_ntop(AF_INET, sa + 4, ip, sizeof(ip));
		value_sockaddr_ip(o, ip, ntohs(port), 0);
	} else if (family == AF_INET6 && n >= sizeof(struct sockaddr_in6)) {
		memcpy(&port, sa + 2, 2);
		inet_ntop(AF_INET6, sa + 8, ip, sizeof(ip));
		value_sockaddr_ip(o, ip, ntohs(port), 1);
	} else if (family == AF_UNIX && n > 2) {
		/* abstract sockets start with a NUL: shown as @name, like ss(8) */
		if (sa[2] == '\0')
			value_sockaddr_path(o, sa + 3, n - 3, 1);
		else
			value_sockaddr_path(o, sa + 2, strnlen((const char *)sa + 2, n - 2), 0);
	}
	value_sockaddr_end(o);
}

void dec_sockaddr(struct vout *o, const struct arg *x)
{
	struct mem_item m;

	if (!x->v || !find_mem_item(x, &m))
		dec_pointer(o, x);
	else
		decode_sockaddr(o, m.p, m.len);
}

void dec_family(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_socket_families, x->i32);
}

/* SOCK_STREAM in the low four bits, SOCK_CLOEXEC and SOCK_NONBLOCK above */
void dec_socket_type(struct vout *o, const struct arg *x)
{
	value_xlat_flags(o, xlat_socket_types, 0xf, xlat_socket_type_flags, x->v);
}

/* accept4's flags: SOCK_CLOEXEC|SOCK_NONBLOCK, or 0 */
void dec_socket_flags(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_socket_type_flags, x->v);
}

void dec_shutdown_how(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_shutdown_how, x->i32);
}

/* send/recv flags: MSG_NOSIGNAL|MSG_DONTWAIT, or 0 */
void dec_msg_flags(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_msg_flags, (uint32_t)x->v);
}

/* socket's protocol: IPPROTO_TCP for the IP families, NETLINK_ROUTE for
 * netlink's, else a number */
void dec_ip_protocol(struct vout *o, const struct arg *x)
{
	int family = (int)x->r->args[0];

	if (family == AF_INET || family == AF_INET6)
		value_xlat(o, xlat_ip_protocols, x->i32);
	else if (family == AF_NETLINK)
		value_xlat(o, xlat_netlink_protocols, x->i32);
	else
		value_int(o, x->i32);
}

/* setsockopt's and getsockopt's level: SOL_SOCKET, SOL_TCP */
void dec_sockopt_level(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_socket_levels, x->i32);
}

/* The option, by the level before it: SO_REUSEADDR, TCP_NODELAY */
void dec_sockopt_name(struct vout *o, const struct arg *x)
{
	static const struct {
		int level;
		const struct xlat *names;
	} levels[] = {
		{ SOL_SOCKET, xlat_sockopts_socket }, { IPPROTO_TCP, xlat_sockopts_tcp }, { IPPROTO_IP, xlat_sockopts_ip },
		{ IPPROTO_IPV6, xlat_sockopts_ipv6 }, { 270 /* SOL_NETLINK */, xlat_sockopts_netlink },
	};
	int level = (int32_t)x->r->args[x->a - 1];
	size_t i;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (levels[i].level == level) {
			value_xlat(o, levels[i].names, x->i32);
			return;
		}
	value_int(o, x->i32);
}

/* An option's value as strace shows it: an int [1]; SO_LINGER's struct;
 * other lengths as their bytes ("cubic"). Its address when not read.
 * setsockopt's is the bytes its length says, getsockopt's as many as the
 * kernel said it wrote (decode.c's reads). */
void dec_sockopt_value(struct vout *o, const struct arg *x)
{
	int optname = (int32_t)x->r->args[2];
	struct mem_item m;
	int32_t v[2];

	if (!x->v || !find_mem_item(x, &m)) {
		dec_pointer(o, x);
		return;
	}
	if (m.len == 4) {
		memcpy(v, m.p, 4);
		value_array_begin(o);
		value_int(o, v[0]);
		value_array_end(o, 0);
	} else if (m.len == 8 && optname == SO_LINGER && (int32_t)x->r->args[1] == SOL_SOCKET) {
		memcpy(v, m.p, 8);
		value_struct_begin(o);
		value_field(o, "l_onoff");
		value_int(o, v[0]);
		value_field(o, "l_linger");
		value_int(o, v[1]);
		value_struct_end(o, 0);
	} else {
		value_str(o, m.p, m.len, m.flags & SNOOP_MEM_TRUNC);
	}
}


/* SOL_SOCKET's control messages: SCM_RIGHTS's fds [5, 6] (-y: the
 * sender's as it knows them; fds received are new, not known yet),
 * SCM_CREDENTIALS's {pid=1, uid=0, gid=0}; another's header, then "..." */
static void put_cmsg_data(struct vout *o, const struct arg *x, int received, int level, int type,
			  const uint8_t *d, size_t n)
{
	int32_t v[3];
	size_t k;

	if (level == SOL_SOCKET && type == SCM_RIGHTS && n >= 4) {
		value_field(o, "cmsg_data");
		value_array_begin(o);
		for (k = 0; k + 4 <= n; k += 4) {
			memcpy(v, d + k, 4);
			value_elem(o);
			if (received)
				value_int(o, v[0]);
			else
				value_fd_of(o, x, v[0]);
		}
		value_array_end(o, 0);
	} else if (level == SOL_SOCKET && type == SCM_CREDENTIALS && n >= sizeof(v)) {
		memcpy(v, d, sizeof(v));
		value_field(o, "cmsg_data");
		value_struct_begin(o);
		value_field(o, "pid");
		value_int(o, v[0]);
		value_field(o, "uid");
		value_uint(o, (uint32_t)v[1]);
		value_field(o, "gid");
		value_uint(o, (uint32_t)v[2]);
		value_struct_end(o, 0);
	}
}

/* msg_control's messages as strace shows them: [{cmsg_len=20,
 * cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5]}]: n bytes
 * kept of total; ", ..." when messages followed that were not kept, "..."
 * in one whose data was cut */
static void put_cmsgs(struct vout *o, const struct arg *x, int received, const uint8_t *p, size_t n,
		      uint64_t total)
{
	struct cmsghdr c;
	size_t k = 0, len;
	int short_data, cut = n < total;

	value_array_begin(o);
	while (k + sizeof(c) <= n) {
		memcpy(&c, p + k, sizeof(c));
		len = c.cmsg_len;
		value_elem(o);
		value_struct_begin(o);
		value_field(o, "cmsg_len");
		value_uint(o, len);
		value_field(o, "cmsg_level");
		value_xlat(o, xlat_socket_levels, c.cmsg_level);
		value_field(o, "cmsg_type");
		if (c.cmsg_level == SOL_SOCKET)
			value_xlat(o, xlat_scm_types, c.cmsg_type);
		else
			value_int(o, c.cmsg_type);
		if (len < sizeof(c)) {   /* damaged: its data not shown, nor what follows */
			value_struct_end(o, 1);
			cut = 1;
			break;
		}
		short_data = len > n - k;
		if (short_data) {        /* longer than what was kept: the data that was */
			cut = k + ((len + 7) & ~(size_t)7) < total;   /* more messages after it? */
			len = n - k;
		}
		put_cmsg_data(o, x, received, c.cmsg_level, c.cmsg_type, p + k + sizeof(c), len - sizeof(c));
		value_struct_end(o, short_data || !(c.cmsg_level == SOL_SOCKET &&
						    (c.cmsg_type == SCM_RIGHTS || c.cmsg_type == SCM_CREDENTIALS)));
		k += (len + 7) & ~(size_t)7;   /* CMSG_ALIGN */
	}
	value_array_end(o, cut);
}

/* sendmsg's and recvmsg's struct msghdr as strace shows it: {msg_name=
 * {AF_INET, 127.0.0.1:53}, msg_namelen=16, msg_iov=[{iov_base="...",
 * iov_len=40}], msg_iovlen=1, msg_control=[...], msg_controllen=24,
 * msg_flags=0}, msg_control only when msg_controllen is not 0. What was
 * not read (a name or control messages past bpf/snoop.h's caps, iovecs
 * that faulted) is its address. recvmsg's is as the call filled it (its
 * lengths the ones written back); a failed one's shows the name length it
 * was given, {msg_namelen=128}, as strace's. */
static void put_msghdr(struct vout *o, const struct arg *x, int received)
{
	struct mem_item m;
	struct snoop_msghdr h;
	const uint8_t *name, *control, *iov;
	uint32_t given, whole;

	if (!x->v || !find_mem_item(x, &m) || m.len < sizeof(h)) {
		dec_pointer(o, x);
		return;
	}
	memcpy(&h, m.p, sizeof(h));
	if (sizeof(h) + (size_t)h.iov_kept + h.name_kept + h.control_kept > m.len) {
		dec_pointer(o, x);   /* damaged */
		return;
	}
	iov = m.p + sizeof(h);
	name = iov + h.iov_kept;
	control = name + h.name_kept;
	value_struct_begin(o);
	if (received && x->r->ret < 0) {
		value_field(o, "msg_namelen");
		value_uint(o, h.namelen);
		value_struct_end(o, 0);
		return;
	}
	/* what recvmsg wrote of the name: no more than it was given room for */
	given = received && (x->r->flags & SNOOP_REC_NAMELEN) ? (uint32_t)x->r->args[5] : h.namelen;
	whole = h.namelen < given ? h.namelen : given;
	value_field(o, "msg_name");
	if (h.name && h.name_kept && h.name_kept == (whole < SNOOP_MSG_NAME_MAX ? whole : SNOOP_MSG_NAME_MAX))
		decode_sockaddr(o, name, h.name_kept);
	else
		value_pointer(o, h.name);
	value_field(o, "msg_namelen");
	if (given != h.namelen && !o->json) {   /* strace's 128 => 16; JSON the one after */
		value_uint(o, given);
		o->i += fmt_lit(vout_end(o), " => ");
	}
	value_uint(o, h.namelen);
	value_field(o, "msg_iov");
	if (h.iov && !(m.flags & SNOOP_MEM_PARTIAL))
		put_iov_entries(o, x->r, iov, h.iov_kept, received, m.flags & SNOOP_MEM_TRUNC);
	else
		value_pointer(o, h.iov);
	value_field(o, "msg_iovlen");
	value_uint(o, h.iovlen);
	if (h.controllen) {
		value_field(o, "msg_control");
		if (h.control && h.control_kept)
			put_cmsgs(o, x, received, control, h.control_kept, h.controllen);
		else
			value_pointer(o, h.control);
	}
	value_field(o, "msg_controllen");
	value_uint(o, h.controllen);
	value_field(o, "msg_flags");
	value_flags(o, xlat_msg_flags, (uint32_t)h.flags);
	value_struct_end(o, 0);
}

void dec_msghdr_sent(struct vout *o, const struct arg *x)
{
	put_msghdr(o, x, 0);
}

void dec_msghdr_received(struct vout *o, const struct arg *x)
{
	put_msghdr(o, x, 1);
}

/* sendmmsg's messages: the first one's msghdr, as sendmsg's (a struct
 * mmsghdr starts with it), then "..." for its msg_len, which is not read,
 * and ", ..." when more messages followed: [{msg_hdr={...}, ...}, ...] */
void dec_mmsghdr_sent(struct vout *o, const struct arg *x)
{
	struct mem_item m;

	if (!x->v || !find_mem_item(x, &m)) {
		dec_pointer(o, x);
		return;
	}
	value_array_begin(o);
	value_elem(o);
	value_struct_begin(o);
	value_field(o, "msg_hdr");
	put_msghdr(o, x, 0);
	value_struct_end(o, 1);
	value_array_end(o, (uint32_t)x->r->args[2] > 1);
}
