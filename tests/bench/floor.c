/* floor - the cost every syscall tracer pays: empty BPF programs on the raw
 * tracepoints sys_enter and sys_exit, for all processes. Attaches, prints
 * "ready", and stays attached until stdin closes or it is killed.
 * Used by tests/bench/bench.py as the reference for snoop's overhead.
 *
 * floor --clock: the same programs, each reading the clock once into a
 * per-CPU slot, the exit subtracting the entry's: the least that any
 * tracer measuring a call's duration pays (snoop -c, strace -c -w). */
#include <stdio.h>
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

static int attach(void *mod, const char *fn, const char *tp)
{
	int fd = bcc_func_load(mod, BPF_PROG_TYPE_RAW_TRACEPOINT, fn, bpf_function_start(mod, fn),
			       (int)bpf_function_size(mod, fn), bpf_module_license(mod),
			       bpf_module_kern_version(mod), 0, NULL, 0, NULL, -1);

	return fd < 0 ? -1 : bpf_attach_raw_tracepoint(fd, tp);
}

int main(int argc, char **argv)
{
	int clock = argc > 1 && !strcmp(argv[1], "--clock");
	void *mod = bpf_module_create_c_from_string(clock ? clock_prog : prog, 0, NULL, 0, true, NULL);
	char c;

	if (!mod || attach(mod, "raw_tracepoint__sys_enter", "sys_enter") < 0 ||
	    attach(mod, "raw_tracepoint__sys_exit", "sys_exit") < 0) {
		fprintf(stderr, "floor: cannot load or attach the empty programs\n");
		return 1;
	}
	puts("ready");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
