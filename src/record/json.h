/* json.h - one argument as the text decoder writes it (strace's syntax)
 * made a typed JSON value. The text decoder stays the one source of what an
 * argument is; JSON output is this conversion of its text:
 *
 *   3, -1                    3, -1            (decimal integers)
 *   8192*1024                8388608          (strace's multiples of 1024)
 *   NULL                     null
 *   0x7ffd..., O_RDONLY|..., 0644, AT_FDCWD   the text as a string
 *   "a\nb", "abc"...         "a\u000ab", "abc" (the bytes; ... marks it cut)
 *   [a, b], [INT QUIT]       [a, b]           (a list's ", ..." tail: cut)
 *   ~[RTMIN RT_1]            "~[RTMIN RT_1]"
 *   {k=v, ...}               {"k": v}         (the trailing ... dropped)
 *   {AF_INET, 1.2.3.4:80}    {"family":"AF_INET","addr":"1.2.3.4","port":80}
 *   {AF_INET6, [::1]:80}     {"family":"AF_INET6","addr":"::1","port":80}
 *   {AF_UNIX, "/x"}          {"family":"AF_UNIX","path":"/x"}
 *   {AF_UNIX, @"x"}          {"family":"AF_UNIX","abstract":"x"}
 *   3</etc/hostname>         {"fd":3,"path":"/etc/hostname"}   (-y)
 *   a C comment              dropped
 *
 * Text it does not recognise (a wait status, unbalanced quotes or
 * brackets) becomes one JSON string of the whole text: the output is valid
 * JSON for any input. Strings go through fmt_json_char's UTF-8 rule.
 * No malloc, no stdio: the reader's record path runs through here.
 */
#ifndef SNOOP_JSON_H
#define SNOOP_JSON_H

#include <stddef.h>

/* Upper bound of json_from_text's output for n bytes of text: a byte of
 * text becomes at most 6 (an invalid byte's \udcXX), and the shortest
 * texts gain a few keys ("0<>" is {"fd":0,"path":""}). */
#define JSON_VALUE_MAX(n) (6 * (n) + 32)

/* The JSON of text[0..n) into dst; sets *cut when a string or a list in
 * it was cut (strace's "..." after a string, a list's "..." tail). */
size_t json_from_text(char *dst, const char *text, size_t n, int *cut);

#endif
