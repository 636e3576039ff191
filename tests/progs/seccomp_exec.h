/* seccomp_exec.h - what the probes that run a command under a seccomp
 * filter share (no_raw_tp, no_unshare): the filter's architecture check
 * and the install-then-exec. Included by each (one file each, no library).
 * Root needs no PR_SET_NO_NEW_PRIVS for the filter, and gets none: the
 * command keeps its privileges. */
#ifndef SNOOP_PROBE_SECCOMP_EXEC_H
#define SNOOP_PROBE_SECCOMP_EXEC_H

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>

#if defined(__x86_64__)
#define SECCOMP_EXEC_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SECCOMP_EXEC_ARCH AUDIT_ARCH_AARCH64
#else
#error "seccomp_exec.h: unsupported architecture"
#endif

/* A filter's first three instructions: calls of another architecture pass. */
#define SECCOMP_EXEC_THIS_ARCH \
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)), \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SECCOMP_EXEC_ARCH, 1, 0), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

/* argv[1...] run under the filter code[n] (inherited by its children):
 * returns only on an error, with the exit status to give. */
static int seccomp_exec(const char *self, struct sock_filter *code, unsigned short n, int argc, char **argv)
{
	struct sock_fprog prog = { n, code };

	if (argc < 2) {
		fprintf(stderr, "usage: %s COMMAND [ARG...]\n", self);
		return 2;
	}
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
		fprintf(stderr, "%s: seccomp: %s\n", self, strerror(errno));
		return 2;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "%s: %s: %s\n", self, argv[1], strerror(errno));
	return 127;
}

#endif
