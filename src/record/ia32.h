/* ia32.h - 32-bit x86 calls of processes on x86_64 (gcc -m32 programs):
 * records with SNOOP_REC_IA32 carry ia32 syscall numbers and 32-bit
 * registers. They are named from the ia32 table and decoded with the
 * signature of the x86_64 call of the same name (or one of their own),
 * reading only what has the same layout in both ABIs. */
#ifndef SNOOP_IA32_H
#define SNOOP_IA32_H

#include <stdint.h>

extern const int ia32_native_count;
extern const short ia32_native_nrs[];

/* The x86_64 number of ia32 call nr; -1 if x86_64 has no such call. */
long ia32_native(long nr);
/* The signature of an ia32 call x86_64 lacks (see decode.c), NULL for
 * the others (decoded as their x86_64 namesake). Read through ia32_kind. */
const char *ia32_own_signature(long nr);
struct snoop_record;
/* The x86_64 number of the record's call (an ia32 call's namesake; -1 if
 * none): what -e sets and the fd table go by. */
long record_native_nr(const struct snoop_record *r);
/* Is the record's call in bits (a -e set of x86_64 numbers)? */
int record_in_set(const uint64_t *bits, const struct snoop_record *r);
/* The kind an argument of an ia32 call is shown as. */
char ia32_kind(char kind);

#endif
