/* decode_data.c - arguments whose contents snoop read from the traced
 * process: paths and other strings, read/write data, execve's argv. Shown
 * quoted when captured, as the address when they could not be read. */
#include <string.h>
#include "record/argv_whole.h"
#include "record/decoders.h"
#include "record/text.h"

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

size_t put_quoted(char *dst, const uint8_t *s, size_t n, int trunc)
{
	size_t i = 0;

	dst[i++] = '"';
	i += fmt_escape(dst + i, s, n);
	dst[i++] = '"';
	if (trunc)
		i += fmt_lit(dst + i, "...");
	return i;
}

size_t dec_memory(char *dst, const struct arg *x)
{
	struct mem_item m;

	if (!x->v || !find_mem_item(x, &m))
		return dec_pointer(dst, x);
	return put_quoted(dst, m.p, m.len, m.flags & SNOOP_MEM_TRUNC);
}

/* NUL-ended strings, one after the other: ["ls", "-l"]; a string cut at
 * SNOOP_ARGV_ENTRY - 1 bytes ends "...", and ", ..." closes a list of which
 * only the first SNOOP_ARGV_MAX strings were kept. A string that could not
 * be read (SNOOP_MEM_PARTIAL: its address ends the item) shows as that
 * address, as strace shows it, and ", ..." follows: what came after it
 * was not read. */
size_t dec_argv(char *dst, const struct arg *x)
{
	struct mem_item m;
	size_t i = 0, k = 0, n, strings;
	uint64_t addr;
	int j;

	if (!x->v || !find_mem_item(x, &m))
		return dec_pointer(dst, x);
	if (x->r->flags & SNOOP_REC_ARGV_WHOLE)
		return argv_whole_text(dst, m.p, m.len, m.flags & SNOOP_MEM_TRUNC);
	strings = m.len;
	if ((m.flags & SNOOP_MEM_PARTIAL) && m.len >= sizeof(addr))
		strings -= sizeof(addr);
	dst[i++] = '[';
	for (j = 0; k < strings; j++) {
		n = strnlen((const char *)m.p + k, strings - k);
		if (k)
			i += fmt_lit(dst + i, ", ");
		i += put_quoted(dst + i, m.p + k, n, j < SNOOP_ARGV_MAX && (m.flags & SNOOP_MEM_ARGV_CUT(j)));
		k += n + 1;
	}
	if (strings < m.len) {
		memcpy(&addr, m.p + strings, sizeof(addr));
		if (k)
			i += fmt_lit(dst + i, ", ");
		i += fmt_hex(dst + i, addr);
		i += fmt_lit(dst + i, ", ...");
	} else if (m.flags & SNOOP_MEM_TRUNC) {
		i += k ? fmt_lit(dst + i, ", ...") : fmt_lit(dst + i, "...");
	}
	dst[i++] = ']';
	return i;
}

/* pipe/pipe2/socketpair: the two fds the call wrote, as strace shows them */
size_t dec_fd_pair(char *dst, const struct arg *x)
{
	struct mem_item m;
	int32_t fd[2];
	size_t i = 0;

	if (!x->v || !find_mem_item(x, &m) || m.len != sizeof(fd))
		return dec_pointer(dst, x);
	memcpy(fd, m.p, sizeof(fd));
	dst[i++] = '[';
	i += fmt_sdec(dst + i, fd[0], 0);
	i += fmt_lit(dst + i, ", ");
	i += fmt_sdec(dst + i, fd[1], 0);
	dst[i++] = ']';
	return i;
}
