/* bpfobj.h - a compiled BPF program as data, without libbcc or the kernel:
 * its maps (what creating each one takes) and its programs (instructions
 * whose map references are relocations: "instruction i uses map m"), the
 * license and kernel version. libbcc's compile makes one (trace/compile.h),
 * the cache stores and reads it back (trace/bpfcache.h), and loading it is
 * the same either way (BPF.h's sbpf_load, whose header defines the
 * object).
 *
 * The entry format (native byte order: a cache is one machine's):
 *   "SNOOPOBJ" | u32 version | u32 key length | key | u32 license length |
 *   license | u32 kern_version | u32 maps | maps | u32 programs | programs |
 *   u64 checksum of every byte before it
 * a map: u32 name length | name | u32 type, key_size, value_size,
 *   max_entries, flags | s32 inner (the inner map's template, or -1)
 * a program: u32 name length | name | u32 instructions | instructions |
 *   u32 relocations | (u32 instruction, u32 map) each
 * The key is compared whole: a checksum or a file name proves no identity.
 */
#ifndef SNOOP_BPFOBJ_H
#define SNOOP_BPFOBJ_H

#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>
#include "BPF.h"

/* The object's types, and what loading needs of them, are BPF.h's. */

/* Adds a map; its index, or -1 when there are too many. */
int bpfobj_add_map(struct bpfobj *o, const struct bpfobj_map *m);
/* Adds a program from instructions whose ld_imm64 map references hold
 * file descriptors: fds[i] is map i's (-1: none). A reference to an fd no
 * map has: -1 with err. */
int bpfobj_add_prog(struct bpfobj *o, const char *name, const struct bpf_insn *insns, size_t bytes,
		    const int *fds, char *err, size_t errlen);
/* Moves b's programs into a: two parts of one compile (the same
 * declarations, each part with some of the programs), so their maps must
 * be the same; a program in both must be the same in both (one copy is
 * kept). The programs end in libbcc's order, by name. b is freed either
 * way. 0, or -1 with err (a then holds part of b: only to be freed). */
int bpfobj_merge(struct bpfobj *a, struct bpfobj *b, char *err, size_t errlen);
/* FNV-1a, 64 bits: catches damage, proves nothing (see the key above). */
uint64_t bpfobj_checksum(const void *data, size_t len, uint64_t seed);
#define BPFOBJ_SEED 0xcbf29ce484222325ull

/* The entry for key (a malloc'd buffer of *len bytes), or NULL (out of memory). */
void *bpfobj_encode(const struct bpfobj *o, const void *key, size_t keylen, size_t *len);
enum bpfobj_decoded { BPFOBJ_OK, BPFOBJ_OTHER_KEY, BPFOBJ_DAMAGED };
/* Reads an entry into o (bpfobj_init'd by it): OK when it is whole and for
 * key; OTHER_KEY (stale: made for another program, kernel or libbcc);
 * DAMAGED with why (truncated, checksum, a count or index out of range). */
enum bpfobj_decoded bpfobj_decode(const void *buf, size_t len, const void *key, size_t keylen,
				  struct bpfobj *o, char *why, size_t whylen);

#endif
