/* cachekey.h - what a compiled BPF program depends on, as the bytes the
 * cache compares (trace/bpfcache.h): the compiled text (bpf/snoop.h and
 * bpf/snoop.bpf.c as read, the header first), the compiler flags, the
 * kernel (release, version string, possible CPUs, the header tree libbcc
 * compiles against) and the compiler (libbcc.so.0).
 *
 * Nothing of where snoop is installed goes in: two installs of the same
 * sources (another PREFIX, a rebuilt binary) share one entry.
 */
#ifndef SNOOP_CACHEKEY_H
#define SNOOP_CACHEKEY_H

#include <stddef.h>

/* The key for text compiled with cflags (NULL-ended): malloc'd (*len
 * bytes), or NULL when out of memory. */
char *cachekey_make(const char *text, const char **cflags, size_t *len);
/* Appends "name=<length>:value\n" to the key being built in *key (*len
 * bytes). -1 when out of memory (*key is then freed and NULL). */
int cachekey_add(char **key, size_t *len, const char *name, const char *value);

#endif
