/* decode.h - syscall arguments as people read them: strace-like text from a
 * record and the memory captured with it ("(AT_FDCWD, \"/etc\", O_RDONLY)").
 *
 * One signature per known syscall says what each argument is; the same
 * signature tells the BPF side which memory to capture (decode_argspec).
 * Syscalls without a signature print their six raw registers in hex.
 */
#ifndef SNOOP_DECODE_H
#define SNOOP_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "record/argv_whole.h"

/* Upper bound of decode_args() output: every captured byte escaped as \xNN,
 * quotes, separators and the widest constants (a msghdr's field names,
 * its flags and control message headers among them), -y's fd texts (six
 * fds, each escaped), and a whole execve argv (record/argv_whole.h). */
#define DECODE_MAX (SNOOP_MEM_ITEMS * SNOOP_MEM_BYTES * 4 + 2048 + 6 * 4 * 264 + ARGV_WHOLE_TEXT_MAX + 64)
/* ... and of decode_args_json(): an argument's JSON is at most 6 bytes
 * for each byte of its text (a byte text shows as \xNN can be \udcXX),
 * and 32 more ("0<>" is {"fd":0,"path":""}); then the list's brackets and
 * commas. */
#define DECODE_JSON_MAX (6 * DECODE_MAX + 6 * 32 + 8)

/* Signature of syscall nr: one character per argument (see decode.c), or
 * NULL when snoop does not know it. */
const char *decode_signature(long nr);
/* What BPF should capture for nr: SNOOP_SPEC items, 0 for nothing. */
uint32_t decode_argspec(long nr);
/* The same for ia32 call nr (bpf's argspec32). */
uint32_t decode_argspec_ia32(long nr);

/* A signal's name: SIGCHLD, SIGRTMIN+3, or its number. */
size_t decode_signal(char *dst, int64_t sig);
/* A signal's si_code: CLD_EXITED, SI_USER, or the number. */
size_t decode_si_code(char *dst, int sig, int64_t code);
/* The same two as values (record/value.h): a name is text (JSON: a
 * string), a number without one a number. */
struct vout;
void value_signal(struct vout *o, int64_t sig);
void value_si_code(struct vout *o, int sig, int64_t code);
/* The siginfo of a signal record (SNOOP_REC_SIGNAL), as strace shows it. */
size_t decode_siginfo(char *dst, const struct snoop_record *r);
/* A SIGCHLD record's child CPU times (si_utime, si_stime, in clock
 * ticks), when it holds them: 1 and *utime, *stime; else 0. */
int record_child_times(const struct snoop_record *r, uint32_t *utime, uint32_t *stime);
/* A fault's signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP from the kernel): 1 and
 * the address that faulted in *addr; else 0. */
int record_fault_addr(const struct snoop_record *r, uint64_t *addr);

struct fdtable;
/* "(arg, arg, ...)" into dst. data: the captured bytes, len: how many. */
size_t decode_args(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len);
/* The same with fds annotated from fds (-y; NULL: not). */
size_t decode_args_fds(char *dst, const struct snoop_record *r, struct fdtable *fds, const uint8_t *data,
		       size_t len);
/* The same as strace's own lines show them: without what a call wrote
 * back that strace shows after the return value instead (poll's revents,
 * ppoll's time left), which decode_ret_note gives: "Timeout",
 * "[{fd=3, revents=POLLIN}]" (0 bytes: none; at most DECODE_MAX). */
size_t decode_args_strace(char *dst, const struct snoop_record *r, struct fdtable *fds, const uint8_t *data,
			  size_t len);
size_t decode_ret_note(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len);
/* The same arguments as a JSON array of typed values (record/value.h):
 * ["AT_FDCWD","/etc",null]. *cut: a bit for each argument that holds a
 * cut string or list. */
size_t decode_args_json(char *dst, const struct snoop_record *r, struct fdtable *fds, const uint8_t *data,
			size_t len, unsigned *cut);

#endif
