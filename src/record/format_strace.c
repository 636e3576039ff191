/* format_strace.c - see format_strace.h. */
#include <string.h>
#include <asm/unistd.h>
#include "record/decode.h"
#include "record/format.h"
#include "record/format_strace.h"

size_t fmt_call_args(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len, unsigned mode,
		     struct fdtable *fds)
{
	size_t i = 0;
	int a;

	if (!(mode & FMT_RAW))
		return decode_args_strace(dst, r, fds, data, len);
	dst[i++] = '(';
	for (a = 0; a < 6; a++) {
		if (a)
			i += fmt_lit(dst + i, ", ");
		i += fmt_hex(dst + i, r->args[a]);
	}
	dst[i++] = ')';
	return i;
}

/* The kernel's restart codes, which strace names with texts of its own
 * (libc has none for them) */
static const char *const restart_texts[] = {
	[512 - 512] = "To be restarted if SA_RESTART is set",   /* ERESTARTSYS */
	[513 - 512] = "To be restarted",                        /* ERESTARTNOINTR */
	[514 - 512] = "To be restarted if no handler",          /* ERESTARTNOHAND */
	[516 - 512] = "Interrupted by signal",                  /* ERESTART_RESTARTBLOCK */
};

const char *strace_errno_text(int64_t e)
{
	if (e >= 512 && e < 512 + (int64_t)(sizeof(restart_texts) / sizeof(restart_texts[0])))
		return restart_texts[e - 512];
	/* strerrordesc_np: the English text whatever the locale, as strace's */
	return e > 0 && e < 512 ? strerrordesc_np((int)e) : NULL;
}

/* "PID   TIME ": strace -f's pid column is the thread's id, left-aligned
 * in 5 columns (its "%-5d "). */
static size_t strace_leader(char *dst, uint32_t id, uint64_t ts_ns, const char *time_text)
{
	char num[24];
	size_t i;

	num[fmt_udec(num, id, 0, ' ')] = '\0';
	i = fmt_str(dst, num, 5);
	dst[i++] = ' ';
	i += time_text ? fmt_str(dst + i, time_text, 0) : fmt_timestamp(dst + i, ts_ns);
	dst[i++] = ' ';
	return i;
}

/* Does the call return an address, which strace shows in hex? */
static int returns_address(const struct snoop_record *r)
{
	if (r->flags & SNOOP_REC_IA32)
		return 0;
	return r->nr == __NR_mmap || r->nr == __NR_brk || r->nr == __NR_mremap || r->nr == __NR_shmat;
}

/* "= RET", "= -1 ENOENT (text)", "= ? ERESTARTSYS (text)", "= 1 (note)"
 * (poll's ready fds: decode_ret_note): at strace's column when the line
 * (its bytes so far) is shorter, else after a blank. */
static size_t strace_result(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
			    unsigned mode, size_t line)
{
	const char *text;
	size_t i = 0, n;
	int64_t e;

	while (line + i < STRACE_RET_COLUMN)
		dst[i++] = ' ';
	i += i ? fmt_lit(dst + i, "= ") : fmt_lit(dst + i, " = ");
	if ((r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_KILLED)) && !snoop_killed_restart(r))
		return i + fmt_lit(dst + i, "?");
	if (r->ret >= 0 && returns_address(r))
		return i + fmt_hex(dst + i, (uint64_t)r->ret);
	if (r->ret >= 0 || r->ret < -4095) {
		i += fmt_sdec(dst + i, r->ret, 0);
		if (!(mode & FMT_RAW) && (n = decode_ret_note(dst + i + 2, r, data, len))) {
			memcpy(dst + i, " (", 2);
			i += 2 + n;
			dst[i++] = ')';
		}
		return i;
	}
	e = -r->ret;
	/* a restart code never reaches the program: strace shows no return */
	i += e >= 512 && e <= 530 ? fmt_lit(dst + i, "? ") : fmt_lit(dst + i, "-1 ");
	i += fmt_errno_name(dst + i, r->ret);
	if ((text = strace_errno_text(e))) {
		i += fmt_lit(dst + i, " (");
		i += fmt_str(dst + i, text, 0);
		dst[i++] = ')';
	}
	return i;
}

/* A syscall's line. strace's forms for calls without both ends:
 * exit_group(0) = ?  (never returns); read(0, ... <unfinished ...>) = ?
 * (the thread died in it); read(0, ... <unfinished ...>  (still in it when
 * the trace stopped). A call whose entry was not seen has no <duration>. */
static size_t strace_call(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len,
			  unsigned mode, const char *time_text, struct fdtable *fds)
{
	size_t i = strace_leader(dst, record_tid(r, mode), r->ts_ns, time_text);

	i += fmt_syscall_name(dst + i, r);
	i += fmt_call_args(dst + i, r, data, len, mode, fds);
	/* the thread died in it; with the restart code strace saw, the whole call */
	if ((r->flags & (SNOOP_REC_UNFINISHED | SNOOP_REC_KILLED)) && !snoop_killed_restart(r)) {
		i--;   /* the arguments' ')' goes after the mark, as strace writes it */
		i += fmt_lit(dst + i, " <unfinished ...>");
		if (r->flags & SNOOP_REC_UNFINISHED)
			return i + fmt_lit(dst + i, "\n");
		dst[i++] = ')';
	}
	i += strace_result(dst + i, r, data, len, mode, i);
	if (!(r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_KILLED | SNOOP_REC_NOENTRY)) || snoop_killed_restart(r)) {
		i += fmt_lit(dst + i, " <");
		i += fmt_seconds(dst + i, r->duration_ns, 0);
		dst[i++] = '>';
	}
	dst[i++] = '\n';
	return i;
}

/* --- SIGCHLD {si_signo=...} ---, on the thread that got it; +++ exited
 * with N +++ and +++ killed by SIG +++ on the process's (its leader's) id,
 * where strace writes the end of the process. */
static size_t strace_event(char *dst, const struct snoop_record *r, unsigned mode, const char *time_text)
{
	size_t i;

	if (r->flags & SNOOP_REC_SIGNAL) {
		i = strace_leader(dst, record_tid(r, mode), r->ts_ns, time_text);
		i += fmt_lit(dst + i, "--- ");
		i += decode_signal(dst + i, r->nr);
		dst[i++] = ' ';
		i += decode_siginfo(dst + i, r);
		return i + fmt_lit(dst + i, " ---\n");
	}
	i = strace_leader(dst, record_pid(r, mode), r->ts_ns, time_text);
	i += fmt_lit(dst + i, "+++ ");
	i += fmt_process_end(dst + i, r);
	return i + fmt_lit(dst + i, " +++\n");
}

size_t fmt_strace_record(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len, unsigned mode,
			 const char *time_text, struct fdtable *fds)
{
	if (r->flags & (SNOOP_REC_SIGNAL | SNOOP_REC_EXIT))
		return strace_event(dst, r, mode, time_text);
	return strace_call(dst, r, data, len, mode, time_text, fds);
}
