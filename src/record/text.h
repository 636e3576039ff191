/* text.h - the primitives every record writer is made of: integers, hex,
 * padded strings, C and JSON string escapes, written into caller buffers.
 *
 * No stdio, no malloc, no locale: the reader formats millions of records a
 * second with these. Each writes into dst and returns the bytes written;
 * callers guarantee room. A leaf: it includes no other part of snoop.
 */
#ifndef SNOOP_TEXT_H
#define SNOOP_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* v right-aligned in width columns, padded with pad ('0' or ' '). */
size_t fmt_udec(char *dst, uint64_t v, unsigned width, char pad);
size_t fmt_sdec(char *dst, int64_t v, unsigned width);
/* "0x" then lowercase hex digits, no padding. */
size_t fmt_hex(char *dst, uint64_t v);
/* src padded with spaces to width (or whole, if longer). */
size_t fmt_str(char *dst, const char *src, unsigned width);
/* SSSSSSSSSS.NNNNNNNNN: seconds zero-padded to 10 digits, nanoseconds to 9 */
size_t fmt_timestamp(char *dst, uint64_t ns);
/* ns as seconds with 6 decimals ("0.000012", strace -T's precision),
 * right-aligned in width. */
size_t fmt_seconds(char *dst, uint64_t ns, unsigned width);
/* n bytes as in a C string literal, without quotes: \" \\ \n \t \r, other
 * bytes outside printable ASCII as \xNN (always two digits). */
/* How long fmt_escape makes s[0..n). */
size_t fmt_escaped_len(const uint8_t *s, size_t n);
size_t fmt_escape(char *dst, const uint8_t *s, size_t n);
/* How many bytes the valid UTF-8 sequence at s has (n bytes there): 1-4,
 * or 0 when s[0] starts none: a stray continuation byte, an overlong form,
 * a surrogate (U+D800-U+DFFF), a code point past U+10FFFF, a cut sequence. */
size_t utf8_seq_len(const uint8_t *s, size_t n);
/* The character at s (n > 0 bytes there) inside a JSON string: valid UTF-8
 * as it is, " and \ escaped, control bytes and 0x7f as \u00XX, and a byte
 * that starts no valid sequence as the lone surrogate \udcXX (U+DC80 +
 * byte: Python's "surrogateescape", PEP 383, gives the byte back). *used:
 * the bytes it stood for. At most 6 bytes written per byte used. */
size_t fmt_json_char(char *dst, const uint8_t *s, size_t n, size_t *used);
/* n bytes as a quoted JSON string, character by character as above. */
size_t fmt_json_bytes(char *dst, const uint8_t *s, size_t n);
/* s (at most max bytes, or to its NUL) as a quoted JSON string. */
size_t fmt_json_str(char *dst, const char *s, size_t max);

/* A string literal: its length is known when compiling, the copy inlined. */
#define fmt_lit(dst, lit) (memcpy((dst), (lit), sizeof(lit) - 1), sizeof(lit) - 1)

#endif
