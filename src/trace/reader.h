/* reader.h - the live reader: takes records out of the kernel's buffers and
 * hands them to the sink; counts what the buffers lost, marks it in the
 * stream and grows the buffers; waits in one epoll over every CPU's buffer
 * and the command's pidfd until nothing is left to trace or snoop is told
 * to stop.
 *
 * libbcc's callbacks reach the reader through their cookie: one
 * struct reader_cpu per CPU, which points back at its reader.
 */
#ifndef SNOOP_READER_H
#define SNOOP_READER_H

#include <signal.h>
#include <stdint.h>
#include "BPF.h"
#include "record/merge.h"
#include "trace/argv.h"
#include "record/sink.h"
#include "trace/proc.h"
#include "trace/rings.h"

struct fleet;   /* --to (fleet/fleet.h): serviced by the reader loop */

#define READER_DRAIN_MS 100        /* no record waits longer than this in a buffer */
#define READER_GROW_MAX_PAGES 16384   /* growth stops at 64 MiB per CPU */
#define READER_GROW_STEP 16        /* at most this factor at once */
#define READER_STALL_MS 1000       /* a gap this long between wake-ups: snoop was stopped */
#define READER_STALL_GRACE_MS 500  /* losses this soon after a stall are the stall's */

struct reader;

/* One CPU's buffer, as its callbacks see it. What it delivered since the
 * last calm moment (an accounting that found no loss), and over what span
 * of the records' times, sizes the growth. */
struct reader_cpu {
	struct reader *rd;
	int cpu;
	uint64_t window_bytes, window_records;
	uint64_t window_first_ns, window_last_ns;
};

struct reader {
	struct sbpf *b;
	struct sink *sink;
	int verbose;
	int ring;                       /* one BPF ring buffer: cannot grow */
	struct rings *rings;            /* --buffer=mapped: the rings, else NULL */
	int old_streams;                /* merge stream of cpu's retired ring - cpu */
	int reserved_streams;           /* merge queues given memory ahead */
	int until_stopped;              /* -n: run until a signal, targets or not */
	const volatile sig_atomic_t *stop;   /* set by the signal handler */
	const volatile sig_atomic_t *continued;   /* SIGCONTs received, or NULL */
	sig_atomic_t continued_seen;
	uint64_t stall_ns, stall_grace_until_ns;   /* the last stall, and losses blamed on it until then */
	unsigned pages;                 /* current per-CPU buffer (or ring) size */
	unsigned grown;                 /* times the buffers were grown */
	unsigned grow_target;           /* what the last burst needed: grown toward a step a tick */
	int loss_seen;                  /* perf reported a loss: account and grow */
	uint64_t short_samples;         /* samples too short to be records */
	uint64_t wakeups, reads, bells; /* -v: epoll wake-ups with events; reads of every buffer; doorbells */
	uint64_t stalled_ns;            /* snoop itself could not run this long (SIGSTOP) */
	uint64_t pass_end_ns;           /* the last read of every buffer ended */
	uint64_t gap_ns;                /* the longest pass, or time between two, since the last loss check */
	uint64_t stall_lost, longest_stall_ns;   /* records lost to such stalls */
	uint64_t lost[SBPF_MAX_CPUS];   /* losses marked in the stream so far, per CPU */
	uint64_t window_lost[SBPF_MAX_CPUS];  /* lost[] at the window's start */
	uint64_t dropped[SBPF_MAX_CPUS];      /* BPF's counters, as last read */
	struct reader_cpu cpus[SBPF_MAX_CPUS];
	struct merge merge;             /* perf buffers: the CPUs' streams in order */
	struct argv_join argv;          /* execve's whole argv into its record */
	struct command *cmd;            /* the -- command, or NULL */
	void (*every)(void *arg);       /* --interval: called each every_ns while reading */
	void *every_arg;
	uint64_t every_ns;
	int cmd_status;                 /* its exit status once reaped, else -1 */
	struct fleet *fleet;            /* --to: its sockets polled and serviced here, or NULL */
};

/* Opens the buffers the program was compiled with: perf buffers of pages
 * per CPU on b's "events" map, the ring buffer, or rings of pages per CPU
 * that snoop maps (with "events" as their doorbell). 0, or -1 with err. */
int reader_open(struct reader *rd, struct sbpf *b, struct sink *sink, unsigned pages,
		unsigned wakeup_events, char *err, size_t errlen);
/* Reads until every target is gone, *stop is set, or an output failed. */
int reader_run(struct reader *rd);
/* Reads everything still in the buffers, and the losses BPF counted. */
void reader_drain(struct reader *rd);
/* Frees what reader_open took (the perf buffers are b's). */
void reader_close(struct reader *rd);
/* At exit: what was lost, and the --buffer-pages to start with next time. */
void reader_report(const struct reader *rd);

/* Pages the buffers grow to when a burst needed needed_bytes of buffer: a
 * power of two that holds it, at least twice pages, at most max. */
unsigned reader_grow_pages(unsigned pages, unsigned max, uint64_t needed_bytes);

/* ---- between reader.c (reading) and losses.c (loss accounting, growth) ---- */
#define PERF_SAMPLE_HEAD 8       /* what a perf buffer adds to each sample */
uint64_t reader_now_ns(void);
/* Reads every buffer, then writes what the merge can release (force:
 * everything held). */
void reader_read_all(struct reader *rd, int force);
/* A retired ring's record (rings.h's ring_record_fn), into its stream. */
void reader_take_old(void *ctx, int cpu, const void *rec, size_t size);
/* Frees the retired rings due by now (UINT64_MAX: all) and ends their streams. */
void reader_reap_rings(struct reader *rd, uint64_t now);
/* Marks what BPF counted lost since the last call; returns how many. */
uint64_t reader_account_losses(struct reader *rd);
/* Accounts the losses and grows the buffers if they were the cause: 1 if
 * new perf buffers were made (the caller polls them), else 0. */
int reader_check_losses(struct reader *rd);


#endif
