/* decode_mem.c - memory mappings: protections and mmap flags. */
#include "record/decoders.h"
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
