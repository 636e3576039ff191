/* decode_data.c - arguments whose contents snoop read from the traced
 * process: paths and other strings, read/write data, execve's argv. Shown
 * quoted when captured, as the address when they could not be read. */
#include <string.h>
#include "record/argv_whole.h"
#include "record/decoders.h"
#include "record/value.h"

int find_mem_item(const struct arg *x, struct mem_item *m)
{
	return record_mem_item(x->r, x->data, x->len, x->a, m);
}

int record_mem_item(const struct snoop_record *r, const uint8_t *data, size_t len, int a, struct mem_item *m)
{
	size_t off = 0;
	int i;

	for (i = 0; i < SNOOP_MEM_ITEMS; i++) {
		if (r->mem_arg[i] == a && (r->mem_flags[i] & (SNOOP_MEM_DONE | SNOOP_MEM_FAULT))) {
			if (off + r->mem_len[i] > len)
				return 0;   /* claims more than arrived: ignore */
			m->p = data + off;
			m->len = r->mem_len[i];
			m->flags = r->mem_flags[i];
			return !(m->flags & SNOOP_MEM_FAULT);
		}
		off += r->mem_len[i];
	}
	return 0;
}

const uint8_t *struct_of(const struct arg *x, size_t size)
{
	struct mem_item m;

	if (!x->v || !find_mem_item(x, &m) || m.len < size)
		return NULL;
	return m.p;
}

void dec_memory(struct vout *o, const struct arg *x)
{
	struct mem_item m;

	if (!x->v || !find_mem_item(x, &m))
		dec_pointer(o, x);
	else
		value_str(o, m.p, m.len, m.flags & SNOOP_MEM_TRUNC);
}

/* NUL-ended strings, one after the other: ["ls", "-l"]; a string cut at
 * SNOOP_ARGV_ENTRY - 1 bytes ends "...", and ", ..." closes a list of which
 * only the first SNOOP_ARGV_MAX strings were kept. A string that could not
 * be read (SNOOP_MEM_PARTIAL: its address ends the item) shows as that
 * address, as strace shows it, and ", ..." follows: what came after it
 * was not read. */
void dec_argv(struct vout *o, const struct arg *x)
{
	struct mem_item m;
	size_t k = 0, n, strings;
	uint64_t addr;
	int j;

	if (!x->v || !find_mem_item(x, &m)) {
		dec_pointer(o, x);
		return;
	}
	if (x->r->flags & SNOOP_REC_ARGV_WHOLE) {
		argv_whole_value(o, m.p, m.len, m.flags & SNOOP_MEM_TRUNC);
		return;
	}
	strings = m.len;
	if ((m.flags & SNOOP_MEM_PARTIAL) && m.len >= sizeof(addr))
		strings -= sizeof(addr);
	value_array_begin(o);
	for (j = 0; k < strings; j++) {
		n = strnlen((const char *)m.p + k, strings - k);
		value_elem(o);
		value_str(o, m.p + k, n, j < SNOOP_ARGV_MAX && (m.flags & SNOOP_MEM_ARGV_CUT(j)));
		k += n + 1;
	}
	if (strings < m.len) {
		memcpy(&addr, m.p + strings, sizeof(addr));
		value_elem(o);
		value_hex(o, addr);
	}
	value_array_end(o, strings < m.len || (m.flags & SNOOP_MEM_TRUNC));
}

