/* argv.c - see argv.h. */
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include "progdesc.h"
#include "BPF.h"
#include "bpf/snoop.h"
#include "record/argv_whole.h"
#include "trace/argv.h"

#define JOINED_MAX (sizeof(struct snoop_record) + SNOOP_MEM_BYTES + ARGV_WHOLE_ITEM_MAX)

int argv_join_init(struct argv_join *j, struct sbpf *b)
{
	struct snoop_config cfg;
	__u32 zero = 0;

	memset(j, 0, sizeof(*j));
	j->strsize = sbpf_map_lookup(b, snoop_maps[SNOOP_MAP_CONFIG].name, &zero, &cfg) == 0 ? cfg.strsize : 32;
	j->value = malloc(sizeof(*j->value));
	j->buf = malloc(JOINED_MAX);
	if (j->value && j->buf)
		return 0;
	argv_join_free(j);
	return -1;
}

void argv_join_free(struct argv_join *j)
{
	free(j->value);
	free(j->buf);
	j->value = NULL;
	j->buf = NULL;
}

/* The thread's block, when it is this call's: the TID the call began on,
 * or its process's (a thread that execs takes the leader's TID). */
static int find_block(struct argv_join *j, struct sbpf *b, const struct snoop_record *r)
{
	__u32 keys[2] = { r->tid, r->pid };
	int k;

	for (k = 0; k < 2; k++)
		if (sbpf_map_lookup(b, snoop_maps[SNOOP_MAP_ARGV_STORE].name, &keys[k], j->value) == 0 && j->value->ts_ns == r->ts_ns) {
			sbpf_map_delete(b, snoop_maps[SNOOP_MAP_ARGV_STORE].name, &keys[k]);
			return 0;
		}
	return -1;
}

const void *argv_join(struct argv_join *j, struct sbpf *b, const void *data, size_t *size)
{
	struct snoop_record r;
	size_t item0, kept, n;
	int more;

	memcpy(&r, data, sizeof(r));   /* perf data is only 4-byte aligned */
	item0 = r.mem_len[0];
	if (!j->buf || *size < sizeof(r) + item0 + r.mem_len[1] || item0 > SNOOP_MEM_BYTES)
		return data;
	if (find_block(j, b, &r)) {
		j->missed++;
		r.flags &= ~SNOOP_REC_ARGV_WHOLE;
		memcpy(j->buf, &r, sizeof(r));
		memcpy(j->buf + sizeof(r), (const uint8_t *)data + sizeof(r), *size - sizeof(r));
		return j->buf;
	}
	kept = j->value->kept < SNOOP_ARGV_BLOCK ? j->value->kept : SNOOP_ARGV_BLOCK;
	n = argv_whole_item(j->buf + sizeof(r) + item0, ARGV_WHOLE_ITEM_MAX, j->value->data, kept,
			    j->value->len, j->value->argc, j->strsize, &more);
	r.mem_len[1] = (uint16_t)n;
	r.mem_flags[1] = SNOOP_MEM_DONE | (more ? SNOOP_MEM_TRUNC : 0);
	memcpy(j->buf, &r, sizeof(r));
	memcpy(j->buf + sizeof(r), (const uint8_t *)data + sizeof(r), item0);
	*size = sizeof(r) + item0 + n;
	return j->buf;
}
