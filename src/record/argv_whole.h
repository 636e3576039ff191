/* argv_whole.h - execve's whole argv (SNOOP_REC_ARGV_WHOLE): the block of
 * NUL-ended strings the BPF side copied from the new program's stack,
 * made into the record's argv item as strace shows argv (at most -s
 * strings, each of at most -s bytes), and that item as text.
 *
 * Pure: the reader (trace/) fetches the block, the decoders show it.
 */
#ifndef SNOOP_ARGV_WHOLE_H
#define SNOOP_ARGV_WHOLE_H

#include <stddef.h>
#include <stdint.h>

/* The item's room: -s strings (256 at most) of -s bytes with their tag and
 * NUL, cut to what a capture's frame holds with the record and its path
 * (record/capture.h's CAP_PAYLOAD_MAX). */
#define ARGV_WHOLE_ITEM_MAX (65536 - 128 - 256)
/* What a capture may hold: a version-1 capture's records were 16 bytes
 * shorter (112), their item as much longer */
#define ARGV_WHOLE_ITEM_READ_MAX (65536 - 112 - 256)
/* The text of one: a block of plain strings (32 KiB, and their quotes and
 * commas) fits; one that escapes every byte (\xNN, 4x) ends ", ..." here. */
#define ARGV_WHOLE_TEXT_MAX 40960

/* The item from the block (kept bytes of a block of len; argc strings)
 * into dst (room bytes), each string as SNOOP_ARGV_TAG_WHOLE or _CUT, its
 * first strsize bytes, a NUL; at most strsize strings. *more: strings
 * followed that the item does not hold (more than strsize, a block cut at
 * kept, or no room). Returns its length. */
size_t argv_whole_item(uint8_t *dst, size_t room, const uint8_t *block, size_t kept, size_t len,
		       uint64_t argc, unsigned strsize, int *more);

/* The item as a list of strings (record/value.h), ["a", "b"...] with
 * ", ..." for more, and for what would make its text longer than
 * ARGV_WHOLE_TEXT_MAX (the JSON stops where the text does); o has room
 * for that plus 64 (text), six times that (JSON). */
struct vout;
void argv_whole_value(struct vout *o, const uint8_t *item, size_t len, int more);

#endif
