/* value.h - a decoded value written once, in either of snoop's syntaxes:
 * strace's text or a typed JSON value. The decoders (decoders.h) say what
 * a value is by calling these; the writer's mode says how it reads:
 *
 *   value_int/uint       3, -1                    3, -1
 *   value_product        8192*1024                8388608
 *   value_null           NULL                     null
 *   value_hex            0x7ffd...                "0x7ffd..." (bits past 2^53)
 *   value_sym            O_RDONLY, AT_FDCWD       "O_RDONLY", "AT_FDCWD"
 *   value_text_begin/end O_RDONLY|O_CLOEXEC, 0644, ~[RTMIN RT_1], a wait
 *                        status: what is written between them, as it is
 *                                                 one string of that text
 *   value_str            "a\nb", "abc"...         "a\u000ab", "abc" (the
 *                                                 bytes; cut: vout.cut)
 *   value_array_*        [a, b], [INT QUIT]       [a,b]  (a ", ..." tail:
 *                                                 cut: vout.cut)
 *   value_struct_*       {k=v, ...}               {"k":v} (the ... dropped)
 *   value_struct_after   {k=v} => {k=v}           {"k":v,"after":{"k":v}}
 *   value_sockaddr_*     {AF_INET, 1.2.3.4:80}    {"family":"AF_INET",
 *                                                 "addr":"1.2.3.4","port":80}
 *                        {AF_INET6, [::1]:80}     ... "addr":"::1","port":80}
 *                        {AF_UNIX, "/x"}          ... "path":"/x"}
 *                        {AF_UNIX, @"x"}          ... "abstract":"x"}
 *   value_fd             3</etc/hostname> (-y)    {"fd":3,"path":"/etc/hostname"}
 *   value_cwd            AT_FDCWD</tmp> (-y)      {"fd":"AT_FDCWD","path":"/tmp"}
 *
 * Strings go through fmt_json_char's UTF-8 rule (text.h). docs/FORMAT.md
 * and docs/snoop.schema.json describe the JSON. No malloc, no stdio: the
 * reader's record path runs through here; the caller guarantees room
 * (decode.h's bounds).
 */
#ifndef SNOOP_VALUE_H
#define SNOOP_VALUE_H

#include <stddef.h>
#include <stdint.h>

struct vout {
	char *dst;
	size_t i;      /* bytes written at dst */
	int json;      /* JSON, else text */
	int cut;       /* a string or a list written was cut (JSON's "cut") */
	int strace;    /* text as strace's own lines have it: what a call wrote
			* back that strace shows after the return value (poll's
			* revents) is left out of the argument (decode.h's
			* decode_ret_note writes it) */
};

static inline struct vout vout_at(char *dst, int json)
{
	return (struct vout){ .dst = dst, .json = json };
}

/* Where the next byte goes: for the raw writers (fmt_*, xlat_*) between
 * value_text_begin and value_text_end. */
static inline char *vout_end(const struct vout *o)
{
	return o->dst + o->i;
}

void value_int(struct vout *o, int64_t v);
void value_uint(struct vout *o, uint64_t v);
/* a*b, strace's way with multiples of 1024 (a*b fits 64 bits) */
void value_product(struct vout *o, uint64_t a, uint64_t b);
void value_null(struct vout *o);
void value_hex(struct vout *o, uint64_t v);
/* NULL for 0, else the address in hex */
void value_pointer(struct vout *o, uint64_t v);
/* A name: a constant, a flag, a signal's. */
void value_sym(struct vout *o, const char *name);
/* A text made of names, numbers and punctuation, written in between by
 * the raw writers at vout_end (o->i += ...): it must need no JSON escape
 * (no '"', '\\' or control bytes). */
void value_text_begin(struct vout *o);
void value_text_end(struct vout *o);
/* n bytes quoted; cut: more followed that was not kept (text's "...") */
void value_str(struct vout *o, const uint8_t *s, size_t n, int cut);
/* an fd and the path or socket -y knows it by (n bytes) */
void value_fd(struct vout *o, int64_t fd, const char *path, size_t n);
/* AT_FDCWD and the working directory -y knows (n bytes) */
void value_cwd(struct vout *o, const char *path, size_t n);

void value_array_begin(struct vout *o);
/* before an element: the separator, unless it is the first */
void value_elem(struct vout *o);
/* ... a signal set's, a blank in text */
void value_elem_blank(struct vout *o);
/* cut: elements followed that were not kept (text's ", ..." tail) */
void value_array_end(struct vout *o, int cut);

void value_struct_begin(struct vout *o);
/* before a field's value: the separator unless it is the first, its name */
void value_field(struct vout *o, const char *name);
/* more: fields left out, as strace without -v (text's ", ...") */
void value_struct_end(struct vout *o, int more);
/* What the call wrote back into a struct, after its fields: strace's
 * "{...} => {parent_tid=[7456]}"; in JSON an object "after" within the
 * struct ({..., "after":{"parent_tid":[7456]}}). Its fields, then
 * value_struct_after_end, which closes both. */
void value_struct_after(struct vout *o);
void value_struct_after_end(struct vout *o);

/* A socket address: its family (begin: a name or a number), then at
 * most one address, then the end. */
void value_sockaddr_begin(struct vout *o, const char *family_name, int64_t family);
void value_sockaddr_ip(struct vout *o, const char *addr, uint16_t port, int v6);
void value_sockaddr_path(struct vout *o, const uint8_t *path, size_t n, int abstract);
void value_sockaddr_end(struct vout *o);

#endif
