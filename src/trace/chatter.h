/* chatter.h - what a library says on stderr during one call (libbcc: clang
 * diagnostics, verifier logs, attach failures), caught in a memfd so that
 * snoop can report its first relevant line in its own words and show all
 * of it only with -v. */
#ifndef SNOOP_CHATTER_H
#define SNOOP_CHATTER_H

#include <stddef.h>

struct chatter {
	int saved, fd;
};

/* From here on, stderr goes into the catch. */
void chatter_begin(struct chatter *c);
/* Restores stderr; puts the first line mentioning an error (else the first
 * line) in first (if not NULL); writes everything caught to stderr when
 * verbose. */
void chatter_end(struct chatter *c, int verbose, char *first, size_t len);

#endif
