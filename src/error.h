/* error.h - one-line diagnostics: "snoop: <what>: <why>". */
#ifndef SNOOP_ERROR_H
#define SNOOP_ERROR_H

#define ATTR_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* From here on the messages go to a copy of fd 2 as it is now: BPF.h's
 * chatter catch points fd 2 elsewhere during libbcc's calls, and a message
 * of another thread (--to's) then still reaches the user. Without it (unit
 * tests, fuzzers), to stderr as it is at each message. 0, or -1 (stderr). */
int error_init(void);
void error_msg(const char *fmt, ...) ATTR_PRINTF(1, 2);
/* appends ": strerror(errno)" */
void perror_msg(const char *fmt, ...) ATTR_PRINTF(1, 2);
/* only when on (-v): what was chosen, how long it took */
void verbose_msg(int on, const char *fmt, ...) ATTR_PRINTF(2, 3);

#endif
