/* kernel_abi.h - constants of the x86_64 kernel ABI that the C library's
 * headers leave out (they live in <asm/...> headers that clash with the
 * C library's). Included by the generated xlat tables. */
#ifndef SNOOP_KERNEL_ABI_H
#define SNOOP_KERNEL_ABI_H

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000   /* asm/signal.h: sa_restorer is set (always, by the C library) */
#endif

/* asm-generic/fcntl.h: the C library defines O_LARGEFILE as 0 on 64-bit
 * ABIs, but the kernel sets this bit on every open there, F_GETFL returns
 * it and programs hand it back to F_SETFL (arm64's is 0400000) */
#define KERNEL_O_LARGEFILE 0100000

#endif
