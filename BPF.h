/* BPF.h - the few libbcc_bpf services snoop uses, behind one opaque handle that
 * remembers every program loaded, every attachment and every buffer, so a
 * single sbpf_free() undoes them all in reverse order.
 *
 * The wrapper knows nothing of what the programs send: samples are bytes,
 * handed to the caller's callbacks with the caller's cookie.
 *
 * libbcc talks on stderr (clang diagnostics, verifier logs, attach
 * failures): its chatter is caught for the length of each call, the first
 * relevant line goes into err, and all of it is passed through only when the
 * handle was made verbose.
 */
#ifndef SNOOP_BPF_H
#define SNOOP_BPF_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>

#define SBPF_MAX_CPUS 1024

struct sbpf;

/* ---- a compiled program, as data ----
 * Its maps (what creating each one takes) and its programs (instructions
 * whose map references are relocations: "instruction i uses map m"), the
 * license and kernel version: what sbpf_load takes, whoever made it
 * (snoop's compile through libbcc, or its cache: src/trace/bpfobj.h
 * builds, stores and reads one). */
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

/* Inline, as those below, so that what builds and reads objects
 * (src/trace/bpfobj.c, its fuzzer) needs no libbcc. */
static inline void bpfobj_init(struct bpfobj *o)
{
	memset(o, 0, sizeof(*o));
}

/* Frees the programs only (the maps' descriptions stay). */
static inline void bpfobj_free_progs(struct bpfobj *o)
{
	uint32_t i;

	for (i = 0; i < o->nprogs; i++) {
		free(o->progs[i].insns);
		free(o->progs[i].relocs);
	}
	free(o->progs);
	o->progs = NULL;
	o->nprogs = 0;
}

/* Frees the programs and closes adopted fds. */
static inline void bpfobj_free(struct bpfobj *o)
{
	uint32_t i;

	bpfobj_free_progs(o);
	for (i = 0; i < o->nmaps; i++)
		if (o->maps[i].adopted_fd >= 0)
			close(o->maps[i].adopted_fd);
	bpfobj_init(o);
}

/* The program's instructions with each relocation's imm set to fds[map],
 * into out (ninsns of them). */
static inline void bpfobj_patch(const struct bpfobj_prog *p, const int *fds, struct bpf_insn *out)
{
	uint32_t r;

	memcpy(out, p->insns, sizeof(*out) * p->ninsns);
	for (r = 0; r < p->nrelocs; r++)
		out[p->relocs[r].insn].imm = fds[p->relocs[r].map];
}

/* The index of the element of an array of n (stride bytes apart, a name
 * at the start of each) called name, or -1. */
static inline int bpfobj_index_of(const void *first, size_t stride, uint32_t n, const char *name)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (strcmp((const char *)first + i * stride, name) == 0)
			return (int)i;
	return -1;
}

/* Index of the program or map called name, or -1. */
static inline int bpfobj_prog_index(const struct bpfobj *o, const char *name)
{
	return bpfobj_index_of(o->progs, sizeof(*o->progs), o->nprogs, name);
}

static inline int bpfobj_map_index(const struct bpfobj *o, const char *name)
{
	return bpfobj_index_of(o->maps, sizeof(*o->maps), o->nmaps, name);
}

/* A BTF blob for local-storage maps (they require one): type 1 is a 4-byte
 * signed int (the key), type 3 an array of value_size bytes (the value).
 * Its size (at most SBPF_BTF_MAX bytes into out). */
#define SBPF_BTF_MAX 128
#define SBPF_BTF_KEY_ID 1
#define SBPF_BTF_VALUE_ID 3
size_t sbpf_storage_btf(uint32_t value_size, unsigned char *out);

/* ---- hash maps' elements ----
 * A hash map is created with all its elements allocated (preallocated),
 * unless it says BPF_F_NO_PREALLOC. Tracing programs may only use the
 * latter safely since Linux 6.1, whose hash maps take their elements from
 * an allocator made for any context (bpf_mem_alloc); before it, an
 * insert could recurse into the page allocator it was tracing (and a
 * PREEMPT_RT kernel refuses the program). */
/* Whether a kernel release ("6.1.0-13-amd64") is major.minor or later:
 * 1 or 0; -1 for one that does not parse. */
int sbpf_release_at_least(const char *release, int major, int minor);
/* Whether the running kernel's tracing programs may use hash maps whose
 * elements are allocated as they are inserted (Linux 6.1+; by the
 * release, so a kernel with the allocator backported is not trusted). */
int sbpf_hashes_on_demand_safe(void);

/* ---- CPUs ----
 * The lists of /sys/devices/system/cpu ("0-3,5"): one perf buffer per
 * online CPU, one counter slot per possible CPU. */
#define SBPF_CPUS_ONLINE "/sys/devices/system/cpu/online"
#define SBPF_CPUS_POSSIBLE "/sys/devices/system/cpu/possible"
/* "0-3,5" into cpus[]; count, or -1 if it does not parse or exceeds max. */
int sbpf_cpus_parse(const char *s, int *cpus, int max);
/* The list in file path (SBPF_CPUS_ONLINE, SBPF_CPUS_POSSIBLE); count or -1. */
int sbpf_cpus_read(const char *path, int *cpus, int max);
/* Slots a per-CPU value has: the last possible CPU + 1, or -1. */
int sbpf_cpu_slots(void);

/* ---- libbcc's chatter ----
 * What libbcc says on fd 2 during one call (clang diagnostics, verifier
 * logs, attach failures), caught in a memfd so that the caller can report
 * its first relevant line in its own words and show all of it only when
 * verbose. fd 2 itself is pointed at the catch for the call's length (clang
 * writes to the fd, not through stdio): no other thread of the process may
 * write to fd 2 meanwhile. snoop's own messages go to a copy of the
 * original fd 2 (src/error.h) and its output writer has its own fd, so
 * nothing but libbcc's words lands in the catch. */
struct sbpf_chatter {
	int saved, fd;
	int saved_out;   /* stdout, when it is caught too; else -1 */
};
/* From here on, fd 2 goes into the catch. */
void sbpf_chatter_begin(struct sbpf_chatter *c);
/* Stdout too: libbcc's compiler says some things there (a missing kernel
 * header tree), where they would land among the records. */
void sbpf_chatter_begin_all(struct sbpf_chatter *c);
/* Restores fd 2 (and 1); puts the first line mentioning an error (else the
 * first line) in first (if not NULL); writes everything caught to stderr
 * when verbose. */
void sbpf_chatter_end(struct sbpf_chatter *c, int verbose, char *first, size_t len);


/* Where a program is attached. */
enum sbpf_hook {
	SBPF_RAW_TP,       /* target: raw tracepoint name, "sys_enter" */
	SBPF_TP,           /* target: "category:name", "raw_syscalls:sys_enter" */
	SBPF_KPROBE,       /* target: kernel function, on entry */
	SBPF_KRETPROBE,    /* target: kernel function, on return */
	SBPF_TP_BTF,       /* target: raw tracepoint name; the program is loaded
			    * for it (BTF-typed: its arguments' pointers can
			    * be read directly), with the id sbpf_tp_btf_id gave */
};

/* A perf buffer's callbacks; cookie(ctx, cpu) gives each CPU's own cookie. */
typedef void (*sbpf_sample_fn)(void *cookie, void *data, int size);
typedef void (*sbpf_lost_fn)(void *cookie, uint64_t lost);
typedef int (*sbpf_ring_fn)(void *ctx, void *data, size_t size);
struct sbpf_buffer_cb {
	sbpf_sample_fn sample;
	sbpf_lost_fn lost;
	void *(*cookie)(void *ctx, int cpu);
	void *ctx;
};

/* verbose: pass libbcc's messages through to stderr. NULL if out of memory. */
struct sbpf *sbpf_new(int verbose);
/* Detach all, close buffers and programs, free the module and b. */
void sbpf_free(struct sbpf *b);

/* From now on, b creates every plain hash map of a program
 * (BPF_MAP_TYPE_HASH) preallocated, BPF_F_NO_PREALLOC or not: for a
 * kernel where sbpf_hashes_on_demand_safe() says no. */
void sbpf_hashes_preallocated(struct sbpf *b);
/* Creates the maps of a compiled program (from the compiler or the
 * cache, loaded the same way) and keeps its programs for
 * sbpf_attach to load. Takes obj's contents (obj is left empty). 0, or -1
 * with err. */
int sbpf_load(struct sbpf *b, struct bpfobj *obj, char *err, size_t errlen);
/* Starts loading programs fns (n <= SBPF_AHEAD_MAX, of hook's type) each
 * in a thread of its own, so the kernel's verifier works on other CPUs while
 * the caller fills maps, opens buffers and attaches other programs.
 * sbpf_attach of one of them waits for it; one that failed there is
 * loaded again by sbpf_attach, which says why. */
#define SBPF_AHEAD_MAX 4
struct sbpf_load {
	enum sbpf_hook hook;
	const char *fn;
	const char *target;   /* SBPF_TP_BTF: the tracepoint it is loaded for */
};
void sbpf_load_ahead(struct sbpf *b, const struct sbpf_load *loads, int n);
/* The BTF id of raw tracepoint target's typedef (btf_trace_TARGET in the
 * kernel's BTF), which SBPF_TP_BTF programs for it are loaded with. 0, or
 * -1 when SBPF_BTF_TPS are given already. */
#define SBPF_BTF_TPS 4
int sbpf_tp_btf_id(struct sbpf *b, const char *target, uint32_t id);
/* Every program is attached: their instructions are freed, and the
 * memory given back to the system. */
void sbpf_loading_done(struct sbpf *b);
int sbpf_map_fd(struct sbpf *b, const char *name);
/* Element access by map name: 0, or -1 with errno (ENOENT: no such key,
 * EBADF: no such map). */
int sbpf_map_update(struct sbpf *b, const char *map, const void *key, const void *val);
int sbpf_map_lookup(struct sbpf *b, const char *map, const void *key, void *val);
/* n elements at once: keys[i] (u32) gets the i-th of vals (n values one
 * after the other), in one call where the kernel takes a batch (5.6 and
 * later; a map of maps then waits for its programs once, not n times),
 * else one by one: 0, or -1 with errno. */
int sbpf_map_update_many(struct sbpf *b, const char *map, const uint32_t *keys, const void *vals, uint32_t n);
/* An array map's elements 0..n-1 from vals, as sbpf_map_update_many. */
int sbpf_array_fill(struct sbpf *b, const char *map, const void *vals, uint32_t n);
int sbpf_map_delete(struct sbpf *b, const char *map, const void *key);
/* The map's first key into key (key_size bytes): 0, or -1 when it is empty. */
int sbpf_map_first_key(struct sbpf *b, const char *map, void *key, size_t key_size);
/* The key after key (NULL: the first) into next: 0, or -1 at the end. */
int sbpf_map_next_key(struct sbpf *b, const char *map, const void *key, void *next);
/* The map's BPF_MAP_TYPE_*, or -1 when the program has no such map. */
int sbpf_map_type(struct sbpf *b, const char *map);
/* Values of one key of a per-CPU array of u64, indexed by CPU; returns how
 * many (possible CPUs) or -1. */
int sbpf_percpu_u64(struct sbpf *b, const char *map, unsigned key, uint64_t *per_cpu, int max);

/* A BPF_MAP_TYPE_ARRAY of entries values of value_size bytes, with flags,
 * outside any program (an inner map to put in a map of maps): its fd, or -1
 * with err. */
int sbpf_array_create(const char *name, unsigned value_size, unsigned entries, unsigned flags, char *err,
		      size_t errlen);

/* Map's memory (a BPF_F_MMAPABLE array) of bytes, shared with the BPF
 * side: the address, or NULL with errno. munmap it when done. */
void *sbpf_map_mmap(struct sbpf *b, const char *map, size_t bytes);

/* Loads fn as a program of hook's type into program array prog_array at
 * index, for tail calls from programs of that type (SBPF_TP_BTF: loaded
 * for its caller's tracepoint, target): 0, or -1 with err. */
int sbpf_tail(struct sbpf *b, enum sbpf_hook hook, const char *fn, const char *target, const char *prog_array,
	      uint32_t index, char *err, size_t errlen);
/* Load function fn (once; attachments may share it) and attach it. */
int sbpf_attach(struct sbpf *b, enum sbpf_hook hook, const char *fn, const char *target,
		char *err, size_t errlen);
/* Program i's name and what the kernel's BPF statistics say of it (runs,
 * time in them; both 0 unless sysctl kernel.bpf_stats_enabled=1). 0, or
 * -1 past the last program. */
int sbpf_prog_stats(const struct sbpf *b, int i, const char **name, uint64_t *runs, uint64_t *ns);
/* Number of attachments made so far; sbpf_detach_from(b, n) undoes the later ones. */
int sbpf_attach_count(const struct sbpf *b);
void sbpf_detach_from(struct sbpf *b, int n);

/* One perf buffer per online CPU, placed in the PERF_EVENT_ARRAY map, waking
 * the reader once per wakeup_events samples of at least sample_bytes. */
int sbpf_open_buffers(struct sbpf *b, const char *map, int pages, int wakeup_events,
		      size_t sample_bytes, const struct sbpf_buffer_cb *cb, char *err, size_t errlen);
/* Replaces perf buffer i with one of pages: the map slot of its CPU is
 * switched to the new buffer, then the old one is drained and freed, so no
 * record is lost or reordered on the way. */
int sbpf_grow_buffer(struct sbpf *b, int i, int pages, char *err, size_t errlen);
int sbpf_buffer_count(const struct sbpf *b);
int sbpf_buffer_cpu(const struct sbpf *b, int i);
int sbpf_buffer_fd(const struct sbpf *b, int i);
/* Hands every sample waiting in buffer i to the sample callback. */
void sbpf_buffer_read(struct sbpf *b, int i);

/* Consume a ring buffer map through fn(ctx, ...). */
int sbpf_open_ringbuf(struct sbpf *b, const char *map, sbpf_ring_fn fn, void *ctx,
		      char *err, size_t errlen);
/* The ring buffer's fd (it polls ready when data is there), or -1. */
int sbpf_ringbuf_fd(const struct sbpf *b);
/* Reads everything in the ring buffer now. */
void sbpf_ringbuf_read(struct sbpf *b);

#endif
