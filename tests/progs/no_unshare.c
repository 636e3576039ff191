/* no_unshare: runs a command that cannot make a namespace, as in a
 * container without CAP_SYS_ADMIN or under a policy against it: unshare
 * fails with EPERM (a seccomp filter, which the command and its children
 * inherit); every other call is as before.
 *   no_unshare COMMAND [ARG...] */
#include "seccomp_exec.h"

int main(int argc, char **argv)
{
	struct sock_filter code[] = {
		SECCOMP_EXEC_THIS_ARCH,
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_unshare, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};

	return seccomp_exec("no_unshare", code, sizeof(code) / sizeof(code[0]), argc, argv);
}
