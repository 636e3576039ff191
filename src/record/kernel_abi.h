/* kernel_abi.h - constants of the x86_64 kernel ABI that the C library's
 * headers leave out (they live in <asm/...> headers that clash with the
 * C library's). Included by the generated xlat tables. */
#ifndef SNOOP_KERNEL_ABI_H
#define SNOOP_KERNEL_ABI_H

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000   /* asm/signal.h: sa_restorer is set (always, by the C library) */
#endif

#endif
