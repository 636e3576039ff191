/* chatter.h - what a library says on stderr during one call (libbcc: clang
 * diagnostics, verifier logs, attach failures), caught in a memfd so that
 * snoop can report its first relevant line in its own words and show all
 * of it only with -v. */
#ifndef SNOOP_CHATTER_H
#define SNOOP_CHATTER_H

#include <stddef.h>

struct chatter {
	int saved, fd;
	int saved_out;   /* stdout, when it is caught too; else -1 */
};

/* From here on, stderr goes into the catch. */
void chatter_begin(struct chatter *c);
/* Stdout too: libbcc's compiler says some things there (a missing kernel
 * header tree), where they would land among the records. */
void chatter_begin_all(struct chatter *c);
/* Restores stderr; puts the first line mentioning an error (else the first
 * line) in first (if not NULL); writes everything caught to stderr when
 * verbose. */
void chatter_end(struct chatter *c, int verbose, char *first, size_t len);

#endif
