/* floor - the cost every syscall tracer pays: empty BPF programs on the raw
 * tracepoints sys_enter and sys_exit, for all processes. Attaches, prints
 * "ready", and stays attached until stdin closes or it is killed.
 * Used by tests/bench/bench.py as the reference for snoop's overhead.
 *
 * floor --clock: the same programs, each reading the clock once into a
 * per-CPU slot, the exit subtracting the entry's: the least that any
 * tracer measuring a call's duration pays (snoop -c, strace -c -w).
 *
 * floor --record: the least that a tracer writing a record per call pays:
 * --clock's programs, and at the exit a 128-byte record (entry time,
 * duration, ids, number, return value; no arguments, no filter: every
 * process but the floor's own) in a BPF ring buffer that this process
 * reads every millisecond. A record is the size snoop's is; a real tracer
 * also filters, reads arguments and orders records, so this is a lower
 * bound on any tracer built on that ring, not a design. The records read
 * and any the full ring dropped are said on stderr at the end.
 *
 * floor --stores: --clock's programs, and at the exit the same record's
 * fields stored in this CPU's part of an array, the next of 4,096 slots
 * round and round: no ring protocol, no reader, nothing filtered or read
 * but the call's own numbers. The least the kernel side of any tracer
 * that keeps a timed record per call pays, whatever carries the records
 * out (a reader's taking the lines from another CPU costs more). */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bcc/bcc_common.h>
#include <bcc/libbpf.h>

static const char prog[] =
	"RAW_TRACEPOINT_PROBE(sys_enter) { return 0; }\n"
	"RAW_TRACEPOINT_PROBE(sys_exit) { return 0; }\n";

static const char clock_prog[] =
	"BPF_PERCPU_ARRAY(at, u64, 1);\n"
	"RAW_TRACEPOINT_PROBE(sys_enter) {\n"
	"	int zero = 0; u64 *t = at.lookup(&zero);\n"
	"	if (t) *t = bpf_ktime_get_ns();\n"
	"	return 0;\n"
	"}\n"
	"RAW_TRACEPOINT_PROBE(sys_exit) {\n"
	"	int zero = 0; u64 *t = at.lookup(&zero);\n"
	"	if (t) *t = bpf_ktime_get_ns() - *t;\n"
	"	return 0;\n"
	"}\n";

/* --record's and --stores' record, and their entry: the clock read into
 * this CPU's slot with the call's number (next: --stores' place). The
 * rest of a record's fields are filled as any tracer fills them. */
#define TIMED_ENTRY \
	"struct rec { u64 ts, dur, pid_tgid, nr; s64 ret; u64 pad[11]; };\n" \
	"struct slot { u64 ts, nr; u32 next; };\n" \
	"BPF_PERCPU_ARRAY(at, struct slot, 1);\n" \
	"RAW_TRACEPOINT_PROBE(sys_enter) {\n" \
	"	int zero = 0; struct slot *s = at.lookup(&zero);\n" \
	"	if (s) { s->ts = bpf_ktime_get_ns(); s->nr = ctx->args[1]; }\n" \
	"	return 0;\n" \
	"}\n"

/* SELF comes as a -D flag */
static const char record_prog[] =
	TIMED_ENTRY
	"BPF_ARRAY(dropped, u64, 1);\n"
	"BPF_RINGBUF_OUTPUT(records, 16384);\n"
	"RAW_TRACEPOINT_PROBE(sys_exit) {\n"
	"	int zero = 0; struct slot *s = at.lookup(&zero);\n"
	"	u64 id = bpf_get_current_pid_tgid(), *d;\n"
	"	struct rec *r;\n"
	"	if (!s || id >> 32 == SELF) return 0;\n"
	"	r = records.ringbuf_reserve(sizeof(*r));\n"
	"	if (!r) { d = dropped.lookup(&zero); if (d) __sync_fetch_and_add(d, 1); return 0; }\n"
	"	r->dur = bpf_ktime_get_ns() - s->ts;\n"
	"	r->ts = s->ts; r->nr = s->nr; r->pid_tgid = id; r->ret = ctx->args[1];\n"
	"	records.ringbuf_submit(r, BPF_RB_NO_WAKEUP);\n"
	"	return 0;\n"
	"}\n";

/* --stores: NCPUS (the possible CPUs) and SELF come as -D flags */
static const char stores_prog[] =
	TIMED_ENTRY
	"BPF_ARRAY(records, struct rec, NCPUS * 4096);\n"
	"RAW_TRACEPOINT_PROBE(sys_exit) {\n"
	"	int zero = 0; struct slot *s = at.lookup(&zero);\n"
	"	u64 id = bpf_get_current_pid_tgid();\n"
	"	struct rec *r; u32 i;\n"
	"	if (!s || id >> 32 == SELF) return 0;\n"
	"	i = bpf_get_smp_processor_id() * 4096 + (s->next++ & 4095);\n"
	"	r = records.lookup(&i);\n"
	"	if (!r) return 0;\n"
	"	r->dur = bpf_ktime_get_ns() - s->ts;\n"
	"	r->ts = s->ts; r->nr = s->nr; r->pid_tgid = id; r->ret = ctx->args[1];\n"
	"	return 0;\n"
	"}\n";

static unsigned long long records_read;
static volatile sig_atomic_t stopped;

static void stop(int sig)
{
	(void)sig;
	stopped = 1;
}

static int count_record(void *ctx, void *data, size_t size)
{
	(void)ctx;
	(void)data;
	(void)size;
	records_read++;
	return 0;
}

static int attach(void *mod, const char *fn, const char *tp)
{
	int fd = bcc_func_load(mod, BPF_PROG_TYPE_RAW_TRACEPOINT, fn, bpf_function_start(mod, fn),
			       (int)bpf_function_size(mod, fn), bpf_module_license(mod),
			       bpf_module_kern_version(mod), 0, NULL, 0, NULL, -1);

	return fd < 0 ? -1 : bpf_attach_raw_tracepoint(fd, tp);
}

/* --record's reader: the ring every millisecond until stdin closes or
 * SIGINT comes (bench.py's end of an attached tool). */
static int read_records(void *mod)
{
	void *rb = bpf_new_ringbuf(bpf_table_fd(mod, "records"), count_record, NULL);
	struct pollfd in = { .fd = 0, .events = POLLIN };
	unsigned long long lost = 0;
	int zero = 0;
	char c;

	if (!rb) {
		fprintf(stderr, "floor: cannot read the ring buffer\n");
		return 1;
	}
	signal(SIGINT, stop);
	while (!stopped) {
		bpf_consume_ringbuf(rb);
		if (poll(&in, 1, 1) > 0 && read(0, &c, 1) <= 0)
			break;
	}
	bpf_consume_ringbuf(rb);
	if (bpf_lookup_elem(bpf_table_fd(mod, "dropped"), &zero, &lost) < 0) {
		fprintf(stderr, "floor: cannot read the dropped count\n");
		return 1;
	}
	fprintf(stderr, "floor: %llu records read, %llu dropped\n", records_read, lost);
	return 0;
}

/* The CPUs the kernel may number (bpf_get_smp_processor_id's range):
 * the highest in /sys/devices/system/cpu/possible ("0-1", "0-3,8-11"),
 * plus one. */
static long possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	long n, last = -1;
	int sep;

	while (f && fscanf(f, "%ld", &n) == 1) {
		last = n;
		sep = fgetc(f);
		if (sep != '-' && sep != ',')
			break;
	}
	if (f)
		fclose(f);
	return last >= 0 ? last + 1 : sysconf(_SC_NPROCESSORS_CONF);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int record = !strcmp(mode, "--record");
	const char *text = record ? record_prog : !strcmp(mode, "--stores") ? stores_prog :
			   !strcmp(mode, "--clock") ? clock_prog : prog;
	char self[64], ncpus[64], c;
	const char *cflags[] = { self, ncpus };
	void *mod;

	snprintf(self, sizeof(self), "-DSELF=%d", (int)getpid());
	snprintf(ncpus, sizeof(ncpus), "-DNCPUS=%ld", possible_cpus());
	mod = bpf_module_create_c_from_string(text, 0, cflags, 2, true, NULL);
	if (!mod || attach(mod, "raw_tracepoint__sys_enter", "sys_enter") < 0 ||
	    attach(mod, "raw_tracepoint__sys_exit", "sys_exit") < 0) {
		fprintf(stderr, "floor: cannot load or attach the programs\n");
		return 1;
	}
	puts("ready");
	fflush(stdout);
	if (record)
		return read_records(mod);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
