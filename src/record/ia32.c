/* ia32.c - see ia32.h. Its own translation unit: the ia32 __NR_ names of
 * <asm/unistd_32.h> clash with the x86_64 ones everywhere else. */
#include <stddef.h>
#include <asm/unistd_32.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "record/decoders.h"
#include "record/ia32.h"

/* Calls x86_64 does not have, which 32-bit programs make all the time.
 * Only kinds whose layout is the same in both ABIs (see ia32_kind). */
#define SIG32(name, args) [__NR_##name] = args
static const char *const own[SNOOP_MAX_SYSCALLS] = {
	SIG32(mmap2, "purMfx"), SIG32(_llseek, "fddpw"), SIG32(fstat64, "fp"), SIG32(stat64, "Sp"),
	SIG32(lstat64, "Sp"), SIG32(fstatat64, "DSpA"), SIG32(fcntl64, "fF#"), SIG32(waitpid, "dpW"),
	SIG32(ugetrlimit, "$p"), SIG32(set_thread_area, "p"), SIG32(socketcall, "dp"),
	SIG32(clock_gettime64, "Cp"), SIG32(clock_nanosleep_time64, "C%pp"), SIG32(statfs64, "Sup"),
	SIG32(fstatfs64, "fup"), SIG32(getdents, "fpu"), SIG32(sigreturn, ""), SIG32(rt_sigreturn, ""),
	/* a 64-bit value in two registers, low half first: one value, as strace shows it */
	SIG32(fallocate, "f?" S_LOHI "x" S_LOHI "x"), SIG32(pread64, "fbu" S_LOHI "x"), SIG32(pwrite64, "fBu" S_LOHI "x"),
	SIG32(readahead, "f" S_LOHI "xu"), SIG32(sync_file_range, "f" S_LOHI "x" S_LOHI "x?"),
	SIG32(preadv, "fpd" S_LOHI "x"), SIG32(pwritev, "fpd" S_LOHI "x"),
	SIG32(preadv2, "fpd" S_LOHI "x?"), SIG32(pwritev2, "fpd" S_LOHI "x?"),
	SIG32(fanotify_mark, "f?" S_LOHI "xDS"),   /* the mask's halves (FAN_* by name: a follow-up) */
	SIG32(getresuid, "ppp"), SIG32(getresgid, "ppp"),   /* 16-bit ids: 'y' would read 4 bytes */
	SIG32(getresuid32, "yyy"), SIG32(getresgid32, "yyy"), SIG32(setfsuid32, S_UID), SIG32(setfsgid32, S_UID),
};
#undef SIG32

long ia32_native(long nr)
{
	return nr >= 0 && nr < ia32_native_count ? ia32_native_nrs[nr] : -1;
}

long record_native_nr(const struct snoop_record *r)
{
	return r->flags & SNOOP_REC_IA32 ? ia32_native(r->nr) : r->nr;
}

int record_in_set(const uint64_t *bits, const struct snoop_record *r)
{
	long nr = record_native_nr(r);

	return nr >= 0 && nr < SNOOP_MAX_SYSCALLS && ((bits[nr / 64] >> (nr % 64)) & 1);
}

const char *ia32_own_signature(long nr)
{
	return nr >= 0 && nr < SNOOP_MAX_SYSCALLS ? own[nr] : NULL;
}

/* Structures whose ia32 layout differs (32-bit pointers, longs or
 * time_t) are shown as their address; a 64-bit value is a 32-bit one. */
char ia32_kind(char kind)
{
	switch (kind) {
	case 'l':
		return 'd';
	case 'v': case 'e': case 'K': case 'Y': case 'n': case 'N': case 'g': case 'G': case 'q': case 'Q':
	case '<': case '>': case '[': case ']': case '_': case '0': case '6':
	case K_MSGHDR_SENT: case K_MSGHDR_RECEIVED: case K_MMSGHDR_SENT:   /* 32-bit pointers in the struct */
	case K_NODEMASK_IN: case K_NODEMASK_OUT:       /* 32-bit words */
	case K_ITIMERSPEC_IN: case K_ITIMERSPEC_OUT:   /* 32-bit timespecs (the _time64 calls have their own numbers) */
	case K_SIGEVENT:                               /* a 32-bit sigval and pointers */
	case K_PTR_OUT: case K_ULONG_OUT:              /* 32-bit longs */
	case K_GIDS_IN: case K_GIDS_OUT:               /* 16-bit gids (getgroups32's are not mapped) */
	case K_UTIMES:                                 /* 32-bit timespecs */
		return 'p';
	case K_PRCTL_FPROG:   /* a 32-bit sock_fprog: its address, not read */
		return K_PRCTL_ARG;
	case K_FCNTL_ARG:     /* a 32-bit struct flock: its address, not read */
		return '#';
	default:
		return kind;
	}
}
