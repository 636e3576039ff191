/* format.h - text of snoop's records, written into caller buffers.
 *
 * No stdio, no malloc, no locale: the record path formats integers with its
 * own code. Every function writes into dst and returns the number of bytes
 * written; callers guarantee room (FORMAT_RECORD_MAX for a record). See
 * docs/FORMAT.md for the grammar.
 */
#ifndef SNOOP_FORMAT_H
#define SNOOP_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "bpf/snoop.h"

/* Column widths (docs/FORMAT.md). A value wider than its column is printed
 * whole: it widens that line, it is never cut. */
#define FMT_W_PID 7       /* PID_MAX_LIMIT is 4194304: always fits */
#define FMT_W_NAME 16
#define FMT_W_RET 16      /* user-space pointers (47 bits) fit */
#define FMT_W_ERRNO 7
#define FMT_W_DUR 10      /* ns: up to ~10 s fits */

/* Upper bound of one record line, widest values included. */
#define FORMAT_RECORD_MAX 512

/* v right-aligned in width columns, padded with pad ('0' or ' '). */
size_t fmt_udec(char *dst, uint64_t v, unsigned width, char pad);
size_t fmt_sdec(char *dst, int64_t v, unsigned width);
/* "0x" then lowercase hex digits, no padding. */
size_t fmt_hex(char *dst, uint64_t v);
/* src padded with spaces to width (or whole, if longer). */
size_t fmt_str(char *dst, const char *src, unsigned width);
/* SSSSSSSSSS.NNNNNNNNN */
size_t fmt_timestamp(char *dst, uint64_t ns);
/* One line, '\n' included. */
size_t fmt_record(char *dst, const struct snoop_record *r);
/* "# lost N records on cpu C\n" */
size_t fmt_lost(char *dst, uint64_t lost, int cpu);

#endif
