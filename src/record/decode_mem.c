/* decode_mem.c - memory mappings: protections and mmap flags; memory
 * policies (mbind, set_mempolicy, get_mempolicy) and protection keys. */
#include <string.h>
#include <linux/mempolicy.h>
#include "record/decoders.h"
#include "record/text.h"
#include "record/value.h"
#include "record/xlat.h"

void dec_prot(struct vout *o, const struct arg *x)
{
	if (x->v)
		value_flags(o, xlat_mmap_prot, x->v);
	else
		value_sym(o, "PROT_NONE");
}

/* the mapping type (MAP_PRIVATE, MAP_SHARED) in the low bits, flags above */
void dec_mmap_flags(struct vout *o, const struct arg *x)
{
	value_xlat_flags(o, xlat_mmap_types, 0xf, xlat_mmap_flags, x->v);
}

void dec_madvise(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_madvise_advice, x->i32);
}

void dec_getrandom_flags(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_getrandom_flags, x->v);
}

/* A memory policy mode and its flags: MPOL_BIND,
 * MPOL_PREFERRED_MANY|MPOL_F_STATIC_NODES; an unknown mode with flags as
 * flags alone (strace's) */
void dec_mpol_mode(struct vout *o, const struct arg *x)
{
	uint32_t v = (uint32_t)x->v, flags = v & MPOL_MODE_FLAGS, mode = v & ~MPOL_MODE_FLAGS;
	const char *name = xlat_name(xlat_mpol_modes, mode);

	if (!flags) {
		value_xlat(o, xlat_mpol_modes, mode);
	} else if (!name) {
		value_flags(o, xlat_mpol_mode_flags, v);
	} else {
		value_text_begin(o);
		o->i += fmt_str(vout_end(o), name, 0);
		o->dst[o->i++] = '|';
		o->i += xlat_flags(vout_end(o), xlat_mpol_mode_flags, flags);
		value_text_end(o);
	}
}

/* get_mempolicy's mode, the int it filled: [MPOL_DEFAULT] */
void dec_mpol_mode_out(struct vout *o, const struct arg *x)
{
	const uint8_t *p = struct_of(x, sizeof(int32_t));
	int32_t mode;

	if (!p) {
		dec_pointer(o, x);
		return;
	}
	memcpy(&mode, p, sizeof(mode));
	value_array_begin(o);
	value_elem(o);
	value_xlat(o, xlat_mpol_modes, mode);
	value_array_end(o, 0);
}

/* strace's "%#016lx": 0 as 16 zeros, else 0x and at least 14 digits */
static size_t nodemask_word(char *dst, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	size_t digits = 1, width, i;
	uint64_t t;

	if (!v) {
		memset(dst, '0', 16);
		return 16;
	}
	for (t = v >> 4; t; t >>= 4)
		digits++;
	width = digits < 14 ? 14 : digits;
	dst[0] = '0';
	dst[1] = 'x';
	for (i = 0; i < width; i++)
		dst[2 + width - 1 - i] = i < 16 ? hex[(v >> (4 * i)) & 15] : '0';
	return 2 + width;
}

/* A node mask of the next argument's maxnode bits, as strace shows it:
 * (maxnode + 62) / 64 longs, each "%#016lx" ([0x00000000000001,
 * 0000000000000000]); the first NODEMASK_READ_BYTES / 8 (read whole,
 * whatever maxnode is: near a mapping's end the read faults, and shows the
 * address), then ", ..." */
void dec_nodemask(struct vout *o, const struct arg *x)
{
	uint64_t maxnode = x->r->args[x->a + 1], n = (maxnode + 62) / 64, v, i;
	struct mem_item m;

	if (!x->v || n < maxnode / 64 || (maxnode && !n)) {
		dec_pointer(o, x);
		return;
	}
	if (!n) {   /* no words: strace's [] without reading */
		value_array_begin(o);
		value_array_end(o, 0);
		return;
	}
	if (!find_mem_item(x, &m)) {
		dec_pointer(o, x);
		return;
	}
	value_array_begin(o);
	for (i = 0; i < n && (i + 1) * 8 <= m.len; i++) {
		memcpy(&v, m.p + i * 8, 8);
		value_elem(o);
		if (o->json) {
			value_hex(o, v);
			continue;
		}
		value_text_begin(o);
		o->i += nodemask_word(vout_end(o), v);
		value_text_end(o);
	}
	value_array_end(o, i < n);
}

void dec_mpol_get_flags(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_get_mempolicy_flags, x->v);
}

void dec_mbind_flags(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_mbind_flags, (uint32_t)x->v);
}

void dec_pkey_access(struct vout *o, const struct arg *x)
{
	value_flags(o, xlat_pkey_access, x->v);
}
