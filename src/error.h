/* error.h - one-line diagnostics: "snoop: <what>: <why>". */
#ifndef SNOOP_ERROR_H
#define SNOOP_ERROR_H

#define ATTR_PRINTF(a, b) __attribute__((format(printf, a, b)))

void error_msg(const char *fmt, ...) ATTR_PRINTF(1, 2);
/* appends ": strerror(errno)" */
void perror_msg(const char *fmt, ...) ATTR_PRINTF(1, 2);
/* only when on (-v): what was chosen, how long it took */
void verbose_msg(int on, const char *fmt, ...) ATTR_PRINTF(2, 3);

#endif
