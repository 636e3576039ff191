/* format_strace.h - records as strace -f -ttt -T writes them, for the
 * people who read strace's lines and the scripts and importers that parse
 * them (--format=strace; docs/FORMAT.md "strace lines"):
 *
 *   7052  1795305777.351427 openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3 <0.000012>
 *   7052  1795305777.351502 openat(AT_FDCWD, "/nope", O_RDONLY) = -1 ENOENT (No such file or directory) <0.000009>
 *   7052  1795305777.352001 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---
 *   7052  1795305777.352100 +++ exited with 0 +++
 *
 * The arguments are the decoder's text (record/decode.h), the same as
 * snoop's own lines. No stdio, no malloc, no locale: the record path.
 */
#ifndef SNOOP_FORMAT_STRACE_H
#define SNOOP_FORMAT_STRACE_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "bpf/snoop.h"

/* strace's column for " = RET" (its -a default): shorter calls are padded to it */
#define STRACE_RET_COLUMN 40

struct fdtable;
/* "(a, b)": the decoded arguments (-y's fds from fds), or with FMT_RAW
 * the six registers "(0x1, 0x2, ...)". */
size_t fmt_call_args(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len, unsigned mode,
		     struct fdtable *fds);
/* One line, '\n' included, at most FORMAT_RECORD_MAX bytes. time_text:
 * the time column (-ttt's epoch seconds unless -t or -tt chose another),
 * NULL for the raw monotonic time. mode: FMT_RAW. */
size_t fmt_strace_record(char *dst, const struct snoop_record *r, const uint8_t *data, size_t len, unsigned mode,
			 const char *time_text, struct fdtable *fds);
/* strace's text of an error number: "No such file or directory", NULL
 * for a number without one. */
const char *strace_errno_text(int64_t e);

#endif
