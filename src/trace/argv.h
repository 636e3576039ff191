/* argv.h - execve's whole argv, from the BPF side's argv_store into its
 * record (SNOOP_REC_ARGV_WHOLE, bpf/snoop.h).
 *
 * The BPF side copies the block at sched_process_exec, before the call's
 * record is written; the reader joins it to the record as the record comes
 * out of its buffer, before the merge, so everything after (the capture,
 * -r, the formats) sees one record with the argv item record/argv_whole.h
 * lays out.
 */
#ifndef SNOOP_ARGV_H
#define SNOOP_ARGV_H

#include <stddef.h>
#include <stdint.h>

struct sbpf;
struct snoop_argv;

struct argv_join {
	struct snoop_argv *value;   /* argv_store's entry, as looked up */
	uint8_t *buf;               /* the joined record */
	unsigned strsize;           /* -s: strings shown, and bytes of each */
	uint64_t missed;            /* records whose block was gone (-v) */
};

/* 0, or -1 when out of memory. */
int argv_join_init(struct argv_join *j, struct sbpf *b);
void argv_join_free(struct argv_join *j);
/* The record (size bytes at data, SNOOP_REC_ARGV_WHOLE set) with its whole
 * argv, in j->buf; when its block is gone (another execve of the thread
 * took its place first) the record as it came, the flag cleared: the
 * strings entry kept. *size is the result's. */
const void *argv_join(struct argv_join *j, struct sbpf *b, const void *data, size_t *size);

#endif
