/* growth.h - the reader's loss and growth policy, as a pure function of
 * per-CPU statistics: what each CPU's buffer delivered since the last calm
 * moment (bytes, records, how long its buffer had records to read), what BPF
 * counted lost, and the reader's own timing (its wake-ups, its passes over
 * the buffers, a SIGCONT). From them it decides what to mark lost where,
 * whether the losses were snoop's own stall, and how far the buffers grow.
 *
 * No clock, no map, no kernel: the reader measures and applies; unit tests
 * feed it bursts, stalls and busy CPUs of their own making.
 */
#ifndef SNOOP_GROWTH_H
#define SNOOP_GROWTH_H

#include <stdint.h>

#define GROWTH_MAX_CPUS 1024        /* BPF.h's SBPF_MAX_CPUS */
#define GROWTH_DRAIN_MS 100         /* the reader reads every buffer at least this often */
#define GROWTH_MAX_PAGES 16384      /* growth stops at 64 MiB per CPU */
#define GROWTH_STEP 16              /* at most this factor at once */
#define GROWTH_STALL_MS 1000        /* a gap this long between wake-ups: snoop was stopped */
#define GROWTH_STALL_GRACE_MS 500   /* losses this soon after a stall are the stall's */

/* What one CPU's buffer delivered since the last calm moment (a check
 * that found no loss), and for how long: the time between two reads of
 * the buffer counts when the second found records. A burst that a CPU
 * hog moved to another CPU meanwhile left nothing to find, and its rate
 * is not diluted by that time. */
struct growth_window {
	uint64_t bytes, records;
	uint64_t busy_ns;
	uint64_t last_read_ns;   /* kept across windows */
	int found;               /* records since the last read */
};

struct growth {
	unsigned pages;               /* per CPU now */
	unsigned max_pages;
	int can_grow;                 /* 0: the buffer cannot grow (the BPF ring buffer) */
	uint64_t record_bytes;        /* a lost record's size when its CPU delivered none */
	unsigned target;              /* what the last burst needed: grown toward it a step a check */
	unsigned grown;               /* times the buffers grew */
	uint64_t stall_ns, stall_grace_until_ns;   /* the last stall, and losses blamed on it until then */
	uint64_t stall_lost, longest_stall_ns;     /* records lost to stalls */
	uint64_t lost[GROWTH_MAX_CPUS];            /* marked lost so far, per CPU */
	uint64_t window_lost[GROWTH_MAX_CPUS];     /* lost[] at the window's start */
	struct growth_window cpus[GROWTH_MAX_CPUS];
};

/* The reader's timing at a check. */
struct growth_times {
	uint64_t now_ns;
	uint64_t wake_gap_ns;   /* between the reader's last two wake-ups */
	uint64_t pass_gap_ns;   /* the longest pass over the buffers, or time between two, since the last check */
	uint64_t pass_end_ns;   /* the last pass ended (0: none yet) */
	int continued;          /* snoop got a SIGCONT since the last check */
};

/* What a check decided. */
struct growth_decision {
	uint64_t mark[GROWTH_MAX_CPUS];   /* records to mark lost on each CPU, now */
	int ncpus;                        /* mark[] is meaningful below this */
	uint64_t fresh;                   /* their sum */
	uint64_t stalled_ns;              /* not 0: they were lost to a stall this long */
	unsigned grow_to;                 /* not 0: grow every buffer to this many pages now */
};

void growth_init(struct growth *g, unsigned pages, unsigned max_pages, int can_grow, uint64_t record_bytes);

/* A record of bytes (with what its buffer adds) read from cpu's buffer:
 * the measure of the burst. */
static inline void growth_take(struct growth *g, int cpu, uint64_t bytes)
{
	struct growth_window *w = &g->cpus[cpu];

	w->records++;
	w->bytes += bytes;
	w->found = 1;
}

/* cpu's buffer has been read completely at read_ns (the time taken
 * before reading it). */
static inline void growth_read(struct growth *g, int cpu, uint64_t read_ns)
{
	struct growth_window *w = &g->cpus[cpu];

	if (w->found && w->last_read_ns && read_ns > w->last_read_ns)
		w->busy_ns += read_ns - w->last_read_ns;
	w->last_read_ns = read_ns;
	w->found = 0;
}

/* BPF's per-CPU loss counters (dropped[0..ncpus-1], as read now) and the
 * reader's timing: what to mark, whom to blame, how far to grow. */
void growth_check(struct growth *g, const struct growth_times *t, const uint64_t *dropped, int ncpus,
		  struct growth_decision *d);
/* The losses BPF counted up to now (the end: no policy, just the marks). */
void growth_account(struct growth *g, const uint64_t *dropped, int ncpus, struct growth_decision *d);
/* The growth d->grow_to asked for was made (ok), or refused by the kernel. */
void growth_done(struct growth *g, unsigned pages, int ok);

/* Pages the buffers grow to when a burst needed needed_bytes of buffer: a
 * power of two that holds it, at least twice pages, at most max. */
unsigned growth_pages(unsigned pages, unsigned max, uint64_t needed_bytes);
/* The bytes of buffer the worst CPU's burst needs for one drain interval. */
uint64_t growth_burst_bytes(const struct growth *g);

#endif
