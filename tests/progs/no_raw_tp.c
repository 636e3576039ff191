/* no_raw_tp: runs a command on which raw tracepoints cannot be attached,
 * as on a kernel before 4.17 or under a policy against them:
 * bpf(BPF_RAW_TRACEPOINT_OPEN) fails with EPERM (a seccomp filter, which
 * the command and its children inherit); every other call is as before.
 *   no_raw_tp COMMAND [ARG...] */
#include <linux/bpf.h>
#include "seccomp_exec.h"

int main(int argc, char **argv)
{
	struct sock_filter code[] = {
		SECCOMP_EXEC_THIS_ARCH,
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_bpf, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		/* bpf's first argument, the command: an int, the low half */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, BPF_RAW_TRACEPOINT_OPEN, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};

	return seccomp_exec("no_raw_tp", code, sizeof(code) / sizeof(code[0]), argc, argv);
}
