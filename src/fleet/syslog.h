/* syslog.h - the network form of snoop's records (--to): destination URLs,
 * RFC 5424 messages, RFC 6587 octet-counting frames, datagrams cut to a
 * safe size. Pure: no I/O, no malloc, no locale, no localtime; everything
 * writes into a caller's buffer and is unit-tested (tests/unit/test_syslog.c).
 *
 *   <14>1 2026-11-22T07:15:02.123456Z vm snoop 7052 openat
 *     [snoop@32473 type="syscall" time="0000001274.057130535" pid="7052" ...]
 *     0000001274.057130535    7052    7052 openat   3 -   6804 (AT_FDCWD, ...)
 *
 * (one line on the wire). docs/FLEET.md describes every field.
 */
#ifndef SNOOP_SYSLOG_H
#define SNOOP_SYSLOG_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "record/format.h"

/* SD-ID of the structured data: "name@PEN". 32473 is the enterprise
 * number RFC 5612 reserves for examples and documentation. */
#define SYSLOG_SDID "snoop@32473"
#define SYSLOG_APP "snoop"
/* PRI: facility user (1); severity info (6) for records, warning (4) for
 * the notes that records were lost or dropped */
#define SYSLOG_PRI_INFO 14
#define SYSLOG_PRI_WARNING 12
/* A datagram never fragmented on an Ethernet path (MTU 1500), IPv4 or
 * IPv6: 1500 - 40 - 8. RFC 5426 asks receivers for 480 at least, 2048
 * should. */
#define SYSLOG_UDP_MAX 1452
/* Upper bound of one message (record line of n bytes): each parameter
 * value can double when escaped, and the line comes once more as MSG. */
#define SYSLOG_MAX(n) (3 * (n) + 2048)
#define SYSLOG_FRAME_HEAD 12    /* "NNNNNNNNNN " */

enum fleet_proto { FLEET_TCP, FLEET_UDP, FLEET_TLS };

/* A --to destination. */
struct fleet_url {
	enum fleet_proto proto;
	char host[256];           /* a name, an IPv4 address, or an IPv6 one without [] */
	char port[6];
};

/* tcp://HOST[:PORT], udp://HOST[:PORT], tls://HOST[:PORT]; an IPv6 HOST
 * in brackets. Without a port: 514 (tcp, udp) or 6514 (tls, RFC 5425).
 * 0, or -1 with the reason in err. */
int fleet_url_parse(const char *url, struct fleet_url *u, char *err, size_t errlen);

/* One SD-PARAM: name="value" (value: len bytes). */
struct sd_param {
	const char *name;
	const char *value;
	size_t len;
};

/* What every message of a run has in common. */
struct syslog_origin {
	char host[256];      /* HOSTNAME: printable ASCII, no space; "-" when none */
	char pid[16];        /* snoop's PID: PROCID of the notes */
	uint64_t boot_ns;    /* wall-clock ns at monotonic time zero */
};

/* The origin from a header (the live run's, or a replayed capture's). */
void syslog_origin_init(struct syslog_origin *o, const struct run_info *ri);

/* RFC 3339 UTC with microseconds: "2026-11-22T07:15:02.123456Z" (27
 * bytes), by arithmetic (no localtime, no gmtime). */
size_t syslog_time(char *dst, uint64_t wall_ns);
/* A PARAM-VALUE's bytes with '"', '\' and ']' escaped by a backslash. */
size_t syslog_escape(char *dst, const char *s, size_t n);

/* A whole message: <PRI>1 TIMESTAMP HOSTNAME snoop PROCID MSGID
 * [snoop@32473 params] MSG. When it would be longer than max (a
 * datagram), the values are cut to 256 bytes, a cut="true" parameter is
 * added and MSG is cut to what room is left, ending in "...". */
size_t syslog_message(char *dst, size_t max, int pri, uint64_t wall_ns, const struct syslog_origin *o,
		      const char *procid, const char *msgid, const struct sd_param *p, int np,
		      const char *msg, size_t msglen);

/* A record: MSGID its syscall (field 4 of its line), its signal's name
 * (SIGCHLD), or "exited"/"killed" for a process end; the parameters are
 * type, comm and the line's fields where spans (fmt_record_at's) says
 * they are: time, pid, tid, and syscall, nr, ret, errno, duration, args;
 * or signal, siginfo; or status or killed_by. MSG its text line (line, n
 * bytes, '\n' not sent). */
size_t syslog_record(char *dst, size_t max, const struct syslog_origin *o, const struct snoop_record *r,
		     const char *line, size_t n, const struct fmt_spans *spans);
/* MSGID "header": the run's header fields, MSG its "# snoop" line. */
size_t syslog_header(char *dst, size_t max, const struct syslog_origin *o, const struct run_info *ri,
		     unsigned mode, uint64_t wall_ns);
/* MSGID "lost" (records the kernel buffers lost) or "dropped" (records
 * this destination could not take), with count and cpu or to; or
 * "untraced" or "unkept" (what the kernel's tables could not store), with
 * count alone (where_key NULL); MSG the text output's "#" line. */
size_t syslog_note(char *dst, const struct syslog_origin *o, uint64_t wall_ns, const char *msgid,
		   uint64_t count, const char *where_key, const char *where, const char *line, size_t n);

/* RFC 6587 octet counting: "LEN " before a message of n bytes. */
size_t syslog_frame_head(char *dst, size_t n);

/* The JSON record line (JSON Lines over --to-format=json) for a datagram:
 * line itself when it fits in max, else the record without "args" (its
 * registers are in "raw_args") and with "datagram_cut":true. */
size_t fleet_json_datagram(char *dst, size_t max, const struct snoop_record *r, const char *line, size_t n);

#endif
