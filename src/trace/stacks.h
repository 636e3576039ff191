/* stacks.h - -k: the user stack the BPF side took for a record (its id in
 * the record's flags), read from the stacks map and symbolised with
 * libbcc: each frame is a file's build id and an offset in it, so the
 * files are found from the process's maps while it lives, from snoop's
 * own (the C library) and from the -- command's path after it ended.
 * strace -k's lines, or a JSON array; the sink calls stacks_format()
 * through its stack hook. */
#ifndef SNOOP_STACKS_H
#define SNOOP_STACKS_H

#include <stddef.h>
#include <sys/types.h>
#include "BPF.h"
#include "bpf/snoop.h"

#define STACKS_MAX_PIDS 256   /* processes whose maps were read */

struct stacks {
	struct sbpf *b;
	void *by_build_id;        /* libbcc's build-id symbol cache */
	pid_t learnt[STACKS_MAX_PIDS];
	unsigned nlearnt;
	unsigned long missing;    /* records whose stack was not taken */
};

/* 0, or -1 out of memory. command: the -- command's path, or NULL. */
int stacks_init(struct stacks *s, struct sbpf *b, const char *command);
/* The record's stack into dst (at most room bytes): text lines
 * " > module(symbol+0xoff) [0xfile_offset]\n", or with json
 * ,"stack":[{"symbol":..,"offset":N,"module":..,"file_offset":N}]. */
size_t stacks_format(void *stacks, const struct snoop_record *r, char *dst, size_t room, int json);
/* -k for a run: stacks_init, and the sink writes each record's stack
 * through stacks_format. 0, or -1 after a one-line error. */
struct sink;
int stacks_start(struct stacks *s, struct sbpf *b, const char *command, struct sink *sink);
/* Frees s; with verbose, says how many records had no stack. */
void stacks_free(struct stacks *s, int verbose);

#endif
