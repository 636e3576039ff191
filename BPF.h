/* BPF.h - the few libbcc services snoop uses, behind one struct that
 * remembers every program loaded, every attach and every perf buffer, so a
 * single sbpf_close() undoes them all in reverse order.
 *
 * libbcc talks on stderr (clang diagnostics, verifier logs, attach failures);
 * these calls capture it, return the first relevant line in err, and pass it
 * all through only with -v (error.h: verbose).
 */
#ifndef SNOOP_BPF_H
#define SNOOP_BPF_H

#include <stddef.h>
#include <stdint.h>
#include <bcc/libbpf.h>

#define SBPF_MAX_CPUS 1024

struct sbpf_attach;
struct sbpf_prog;

struct sbpf {
	void *mod;                      /* libbcc module */
	struct sbpf_prog *progs;        /* loaded programs, by function name */
	int nprogs;
	struct sbpf_attach *att;        /* in attach order */
	int natt, catt;
	struct perf_reader *readers[SBPF_MAX_CPUS];
	int reader_cpu[SBPF_MAX_CPUS];
	int nreaders;
	void *ringbuf;                  /* libbpf ring_buffer, when the map is one */
	int ringbuf_fd;
};

/* Compile C text with cflags (NULL-ended); err gets the compiler's first error. */
int sbpf_compile(struct sbpf *b, const char *text, const char **cflags, char *err, size_t errlen);
int sbpf_map_fd(struct sbpf *b, const char *name);

int sbpf_attach_raw_tp(struct sbpf *b, const char *fn, const char *tp, char *err, size_t errlen);
int sbpf_attach_tp(struct sbpf *b, const char *fn, const char *category, const char *tp,
		   char *err, size_t errlen);
/* retprobe: 0 = kprobe on entry, 1 = kretprobe */
int sbpf_attach_kprobe(struct sbpf *b, const char *fn, const char *kfunc, int retprobe,
		       char *err, size_t errlen);
/* Number of attachments made so far; sbpf_detach_from(b, n) undoes the later ones. */
int sbpf_attach_count(const struct sbpf *b);
void sbpf_detach_from(struct sbpf *b, int n);

/* One perf buffer per online CPU, placed in the PERF_EVENT_ARRAY map.
 * cookie(cpu) is passed to the callbacks. */
int sbpf_open_buffers(struct sbpf *b, const char *map, int pages, int wakeup_events,
		      perf_reader_raw_cb raw_cb, perf_reader_lost_cb lost_cb,
		      void *(*cookie)(int cpu), char *err, size_t errlen);
/* Values of one key of a per-CPU array of u64, indexed by CPU; returns how
 * many (possible CPUs) or -1. */
int sbpf_percpu_u64(struct sbpf *b, const char *map, unsigned key, uint64_t *per_cpu, int max);
/* Is map a BPF ring buffer (rather than a perf event array)? */
int sbpf_map_is_ringbuf(struct sbpf *b, const char *map);
/* Consume a ring buffer map through cb; its fd (for epoll) in b->ringbuf_fd. */
int sbpf_open_ringbuf(struct sbpf *b, const char *map, int (*cb)(void *ctx, void *data, size_t size),
		      char *err, size_t errlen);
/* Reads everything in the ring buffer now. */
void sbpf_ringbuf_read(struct sbpf *b);
/* Replaces every perf buffer with one of pages: the map slot of each CPU is
 * switched to the new buffer, then the old one is drained and freed, so no
 * record is lost or reordered on the way. */
int sbpf_grow_buffers(struct sbpf *b, const char *map, int pages, int wakeup_events,
		      perf_reader_raw_cb raw_cb, perf_reader_lost_cb lost_cb,
		      void *(*cookie)(int cpu), char *err, size_t errlen);
int sbpf_reader_fd(struct sbpf *b, int i);
void sbpf_reader_read(struct sbpf *b, int i);

/* Detach all, close buffers and programs, free the module. Safe to repeat. */
void sbpf_close(struct sbpf *b);

/* "0-3,5" (as in /sys/devices/system/cpu/online) into cpus[]; count or -1. */
int parse_cpu_list(const char *s, int *cpus, int max);

#endif
