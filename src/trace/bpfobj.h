/* bpfobj.h - a compiled BPF program as data, without libbcc or the kernel:
 * its maps (what creating each one takes) and its programs (instructions
 * whose map references are relocations: "instruction i uses map m"), the
 * license and kernel version. libbcc's compile makes one (trace/compile.h),
 * the cache stores and reads it back (trace/bpfcache.h), and loading it is
 * the same either way (BPF.h's sbpf_load).
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

#define BPFOBJ_NAME_MAX 64
#define BPFOBJ_MAX_MAPS 256
#define BPFOBJ_MAX_PROGS 256
#define BPFOBJ_MAX_INSNS 1000000   /* the kernel's own limit */

/* name first in both: bpfobj.c looks them up by it */
struct bpfobj_map {
	char name[BPFOBJ_NAME_MAX];
	uint32_t type, key_size, value_size, max_entries, flags;
	int32_t inner;        /* of-maps: index of the inner map's template; else -1 */
	int adopted_fd;       /* >= 0: not described, this fd is the map (never cached) */
};

struct bpfobj_reloc {
	uint32_t insn;        /* an ld_imm64 whose imm is the map's fd */
	uint32_t map;
};

struct bpfobj_prog {
	char name[BPFOBJ_NAME_MAX];
	struct bpf_insn *insns;
	uint32_t ninsns;
	struct bpfobj_reloc *relocs;
	uint32_t nrelocs;
};

struct bpfobj {
	char license[128];
	uint32_t kern_version;
	struct bpfobj_map maps[BPFOBJ_MAX_MAPS];
	uint32_t nmaps;
	struct bpfobj_prog *progs;
	uint32_t nprogs;
	char uncacheable[256];   /* why it cannot be cached; "" when it can */
};

void bpfobj_init(struct bpfobj *o);
/* Frees the programs and closes adopted fds. */
void bpfobj_free(struct bpfobj *o);
/* Frees the programs only (the maps' descriptions stay). */
void bpfobj_free_progs(struct bpfobj *o);

/* Adds a map; its index, or -1 when there are too many. */
int bpfobj_add_map(struct bpfobj *o, const struct bpfobj_map *m);
/* Adds a program from instructions whose ld_imm64 map references hold
 * file descriptors: fds[i] is map i's (-1: none). A reference to an fd no
 * map has: -1 with err. */
int bpfobj_add_prog(struct bpfobj *o, const char *name, const struct bpf_insn *insns, size_t bytes,
		    const int *fds, char *err, size_t errlen);
/* The program's instructions with each relocation's imm set to fds[map],
 * into out (ninsns of them). */
void bpfobj_patch(const struct bpfobj_prog *p, const int *fds, struct bpf_insn *out);
/* Index of the program or map called name, or -1. */
int bpfobj_prog_index(const struct bpfobj *o, const char *name);
int bpfobj_map_index(const struct bpfobj *o, const char *name);

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

/* A BTF blob for local-storage maps (they require one): type 1 is a 4-byte
 * signed int (the key), type 3 an array of value_size bytes (the value).
 * Its size (at most BPFOBJ_BTF_MAX bytes into out). */
#define BPFOBJ_BTF_MAX 128
#define BPFOBJ_BTF_KEY_ID 1
#define BPFOBJ_BTF_VALUE_ID 3
size_t bpfobj_btf(uint32_t value_size, unsigned char *out);

#endif
