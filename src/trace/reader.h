/* reader.h - the live reader: takes records out of the kernel's buffers
 * (one transport, trace/transport.h) and hands them to the sink in the
 * order the calls completed; marks what the buffers lost in the stream and
 * grows the buffers as the loss policy (trace/growth.h) decides; waits in
 * one epoll over the buffers, the command's pidfd and the caller's own fds
 * (its hook) until nothing is left to trace or snoop is told to stop.
 */
#ifndef SNOOP_READER_H
#define SNOOP_READER_H

#include <signal.h>
#include <stdint.h>
#include "BPF.h"
#include "record/merge.h"
#include "record/sink.h"
#include "trace/argv.h"
#include "trace/growth.h"
#include "trace/guard.h"
#include "trace/proc.h"
#include "trace/transport.h"

#define READER_DRAIN_MS GROWTH_DRAIN_MS   /* no record waits longer than this in a buffer */

/* The caller's fds, polled beside the buffers (--to's sockets). */
struct reader_hook {
	/* The fds to poll: how many, into fds. */
	int (*fds)(void *arg, int *fds, int max);
	/* After each wake-up's records are in the sink; ready: one of the
	 * fds was readable. */
	void (*ready)(void *arg, int ready);
	void *arg;
};

/* The buffers to open: those the program was compiled for. */
struct reader_buffers {
	enum transport_kind kind;
	unsigned pages;           /* per CPU, to start with */
	unsigned wakeup_events;   /* perf buffers, ring buffer: records per wake-up */
	unsigned max_pages;       /* the largest --buffer-pages, for the advice at exit */
	int lossless;             /* --lossless: processes wait for the reader (TRANSPORT_MAPPED) */
	/* the advice after a loss names --lossless, which would be accepted
	 * with rings of this many pages per CPU or more (0: never) */
	unsigned lossless_advice_pages;
};

#define READER_RESUMES 1024   /* processes waiting to be continued, at most */
/* how long a frame's stop may take to be queued (the signal_generate
 * tracepoint counts it) before snoop continues the process anyway */
#define READER_PAUSE_QUEUED_NS 100000000ull

struct reader {
	struct sbpf *b;
	struct sink *sink;
	int verbose;
	int until_stopped;              /* -n: run until a signal, targets or not */
	int until_command;              /* -a -- COMMAND: run until the command ends */
	const volatile sig_atomic_t *stop;   /* set by the signal handler */
	const volatile sig_atomic_t *continued;   /* SIGCONTs received, or NULL */
	sig_atomic_t continued_seen;
	struct transport t;
	struct growth growth;           /* the loss policy's statistics */
	struct growth_decision decision;
	unsigned max_pages;
	unsigned lossless_advice_pages;   /* reader_buffers', for TRANSPORT_MAPPED (else 0) */
	uint64_t short_samples;         /* samples too short to be records */
	uint64_t wakeups, reads;        /* -v: epoll wake-ups with events; reads of every buffer */
	uint64_t wake_gap_ns;           /* between the last two wake-ups */
	uint64_t pass_end_ns;           /* the last read of every buffer ended */
	uint64_t pass_gap_ns;           /* the longest pass, or time between two, since the last loss check */
	struct merge merge;             /* the CPUs' streams in completion order */
	struct argv_join argv;          /* execve's whole argv into its record */
	struct command *cmd;            /* the -- command, or NULL */
	/* --lossless: the processes whose pause frames the reads reached,
	 * to be continued (trace/reader.c's resume_paused) */
	struct reader_resume {
		uint32_t tgid, seq;     /* its last frame's pause number */
		uint64_t since_ns;      /* when that frame was read */
	} resume[READER_RESUMES];
	int nresume;
	uint64_t resumed;               /* SIGCONTs sent */
	/* the last pause number continued, per process: what the sweep at
	 * the end leaves be */
	struct reader_resume *continued_at;
	int ncontinued, continued_cap;
	uint64_t resumes_later;         /* not sent: the process had paused again since */
	struct guard guard;             /* continues them if snoop dies first */
	/* set by the caller once the programs are detached and the buffers
	 * drained: reader_close continues whatever is still stopped, and the
	 * guard has nothing to do; else the guard acts when snoop exits */
	int all_read;
	/* --interval: called at timer_at (CLOCK_MONOTONIC ns; 0: never) while
	 * reading; returns the time to be called again (0: never) */
	uint64_t (*timer)(void *arg, uint64_t now);
	void *timer_arg;
	uint64_t timer_at;
	int cmd_status;                 /* its exit status once reaped, else -1 */
	struct reader_hook hook;        /* the caller's fds, or none (fds NULL) */
};

/* Opens the buffers of cfg->kind on b. 0, or -1 with err. */
int reader_open(struct reader *rd, struct sbpf *b, struct sink *sink, const struct reader_buffers *cfg,
		char *err, size_t errlen);
/* Reads until every target is gone, *stop is set, or an output failed. */
int reader_run(struct reader *rd);
/* Reads everything still in the buffers, and the losses BPF counted. */
void reader_drain(struct reader *rd);
/* Frees what reader_open took. */
void reader_close(struct reader *rd);
/* At exit: what was lost, and the --buffer-pages to start with next time. */
void reader_report(const struct reader *rd);

#endif
