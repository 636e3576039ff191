/* capture.h - the binary capture written with -w and read with -r.
 *
 *   file   = header frame*
 *   header = "SNOOPCAP" | u32 version | u32 n | n bytes of text header
 *   frame  = u32 len | u32 type | u64 seq | payload      (len counts type..payload)
 *   type 1 = one record: struct snoop_record + its captured bytes (version
 *            1: the record's first CAP_RECORD_V1 bytes, without cgroup_id,
 *            ns_pid and ns_tid, which a reader takes as 0)
 *   type 2 = lost records: u64 count | u32 cpu | u32 0
 *   type 3 = what the kernel side could not store (version 3): u64 count |
 *            u32 kind (SNOOP_UNSTORED_*: processes untraced, ends unkept) | u32 0
 *   type 4 = a traced process forked a new one (version 4): u64 time
 *            of the fork | u32 parent's PID | u32 child's PID. Placed before
 *            every record of the child: what -y's fd table copies from
 * Little-endian, as the records the kernel hands over on x86_64/arm64. seq
 * counts frames from 0, so a missing frame is seen. docs/FORMAT.md has it.
 */
#ifndef SNOOP_CAPTURE_H
#define SNOOP_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#define CAP_MAGIC "SNOOPCAP"
#define CAP_VERSION 4
#define CAP_RECORD_V1 112            /* a version-1 record's bytes */
#define CAP_HEADER_FIXED 16          /* magic + version + text length */
#define CAP_FRAME_HEAD 16            /* len + type + seq */
#define CAP_TEXT_MAX 65536           /* a header text larger is damage */
#define CAP_PAYLOAD_MAX 65536        /* a frame larger is damage */

enum { CAP_RECORD = 1, CAP_LOST = 2, CAP_UNSTORED = 3, CAP_FORK = 4 };

struct cap_lost {
	uint64_t count;
	uint32_t cpu, pad;
};

struct cap_unstored {
	uint64_t count;
	uint32_t kind, pad;   /* a kind this snoop does not know is skipped */
};
struct cap_fork {
	uint64_t ts_ns;
	uint32_t parent, child;
};
_Static_assert(sizeof(struct cap_lost) == 16 && sizeof(struct cap_unstored) == 16 && sizeof(struct cap_fork) == 16,
	       "frames of 16 bytes on disk");

struct cap_frame {
	uint32_t type;
	uint64_t seq;
	uint64_t offset;       /* byte offset of the frame in the file (cap_reader_next) */
	const uint8_t *payload;
	size_t len;
};

/* Writers: bytes into dst (room: CAP_HEADER_FIXED + textlen). The frame
 * head is followed by payload_len bytes the caller copies. */
size_t cap_put_header(uint8_t *dst, const char *text, size_t textlen);
size_t cap_put_frame_head(uint8_t *dst, uint32_t type, uint64_t seq, size_t payload_len);

/* Parsers over bytes in memory. Return the bytes used, 0 when more bytes
 * are needed, -1 when the bytes are damaged (err says why). */
long cap_parse_header(const uint8_t *buf, size_t n, const char **text, size_t *textlen,
		      char *err, size_t errlen);
long cap_parse_frame(const uint8_t *buf, size_t n, uint64_t want_seq, struct cap_frame *f,
		     char *err, size_t errlen);

/* A capture read from a file descriptor, frame after frame. */
struct cap_reader {
	int fd;
	uint8_t *buf;
	size_t cap, len, pos;
	uint64_t offset;       /* file offset of buf[0] */
	uint64_t next_seq;
	int eof;
	uint32_t version;      /* the capture's format version */
	char *text;            /* the header text, NUL-ended */
};
/* The bytes of a record frame that are its struct snoop_record, in r's
 * capture (112 in version 1, sizeof(struct snoop_record) since) */
size_t cap_record_size(const struct cap_reader *r);

int cap_reader_open(struct cap_reader *r, int fd, char *err, size_t errlen);
/* 1 and *f, 0 at a clean end, -1 with err naming the byte offset of damage. */
int cap_reader_next(struct cap_reader *r, struct cap_frame *f, char *err, size_t errlen);
void cap_reader_close(struct cap_reader *r);

#endif
