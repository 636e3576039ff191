/* floor - the cost every syscall tracer pays: empty BPF programs on the raw
 * tracepoints sys_enter and sys_exit, for all processes. Attaches, prints
 * "ready", and stays attached until stdin closes or it is killed.
 * Used by tests/bench/bench.py as the reference for snoop's overhead. */
#include <stdio.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bcc/bcc_common.h>
#include <bcc/libbpf.h>

static const char prog[] =
	"RAW_TRACEPOINT_PROBE(sys_enter) { return 0; }\n"
	"RAW_TRACEPOINT_PROBE(sys_exit) { return 0; }\n";

static int attach(void *mod, const char *fn, const char *tp)
{
	int fd = bcc_func_load(mod, BPF_PROG_TYPE_RAW_TRACEPOINT, fn, bpf_function_start(mod, fn),
			       (int)bpf_function_size(mod, fn), bpf_module_license(mod),
			       bpf_module_kern_version(mod), 0, NULL, 0, NULL, -1);

	return fd < 0 ? -1 : bpf_attach_raw_tracepoint(fd, tp);
}

int main(void)
{
	void *mod = bpf_module_create_c_from_string(prog, 0, NULL, 0, true, NULL);
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
