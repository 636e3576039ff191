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

#define SBPF_MAX_CPUS 1024

struct sbpf;
struct bpfobj;

/* Where a program is attached. */
enum sbpf_hook {
	SBPF_RAW_TP,       /* target: raw tracepoint name, "sys_enter" */
	SBPF_TP,           /* target: "category:name", "raw_syscalls:sys_enter" */
	SBPF_KPROBE,       /* target: kernel function, on entry */
	SBPF_KRETPROBE,    /* target: kernel function, on return */
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

/* Creates the maps of a compiled program (trace/bpfobj.h: from the
 * compiler or the cache, loaded the same way) and keeps its programs for
 * sbpf_attach to load. Takes obj's contents (obj is left empty). 0, or -1
 * with err. */
int sbpf_load(struct sbpf *b, struct bpfobj *obj, char *err, size_t errlen);
/* Every program is attached: their instructions are freed, and the
 * memory given back to the system. */
void sbpf_loading_done(struct sbpf *b);
int sbpf_map_fd(struct sbpf *b, const char *name);
/* Element access by map name: 0, or -1 with errno (ENOENT: no such key,
 * EBADF: no such map). */
int sbpf_map_update(struct sbpf *b, const char *map, const void *key, const void *val);
int sbpf_map_lookup(struct sbpf *b, const char *map, const void *key, void *val);
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

/* Map's memory (a BPF_F_MMAPABLE array) of bytes, shared with the BPF
 * side: the address, or NULL with errno. munmap it when done. */
void *sbpf_map_mmap(struct sbpf *b, const char *map, size_t bytes);

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
