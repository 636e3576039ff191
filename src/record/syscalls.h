/* syscalls.h - syscall and errno names of the build architecture.
 * The tables are generated at build time (src/tools/gen-*.sh); the lookups here
 * are the only way the rest of snoop reads them. */
#ifndef SNOOP_SYSCALLS_H
#define SNOOP_SYSCALLS_H

#include <stddef.h>

extern const int syscall_count;
extern const int syscall_name_width;
extern const char *const syscall_names[];
extern const int ia32_syscall_count;
extern const int ia32_syscall_name_width;
extern const char *const ia32_syscall_names[];
extern const int errno_count;
extern const char *const errno_names[];

/* Name of syscall nr, or NULL when the table has none (print sys_NNN). */
const char *syscall_name(long nr);
/* The same for ia32 call nr (SNOOP_REC_IA32 records). */
const char *ia32_syscall_name(long nr);
/* Number for a name ("openat") or a decimal number ("257"); -1 if unknown. */
long syscall_number(const char *name);
/* Name of errno value e (positive), or NULL. */
const char *errno_name(long e);

#endif
