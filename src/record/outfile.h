/* outfile.h - an output file (-o, -w) opened where no other user could
 * have sent the trace.
 *
 * As root: every directory on the way reached without following another
 * user's link (safe_path.h); the file itself never a link; a new file
 * created 0600 whatever the umask (traces hold secrets); an existing
 * regular file only when it is ours with no other hard link; a FIFO,
 * socket or device only when root owns it, and a FIFO opened without
 * blocking (one nobody reads is an error, not a hang).
 */
#ifndef SNOOP_OUTFILE_H
#define SNOOP_OUTFILE_H

/* The fd, or -1 after a one-line error. *stale: a regular file with old
 * contents, to be truncated by its first write (output.h's
 * truncate_first), so a failed start leaves it whole. */
int outfile_open(const char *path, int *stale);

#endif
