/* decode_mem.c - memory mappings: protections and mmap flags. */
#include "record/decoders.h"
#include "record/text.h"
#include "record/xlat.h"

size_t dec_prot(char *dst, const struct arg *x)
{
	return x->v ? xlat_flags(dst, xlat_mmap_prot, x->v) : fmt_lit(dst, "PROT_NONE");
}

/* the mapping type (MAP_PRIVATE, MAP_SHARED) in the low bits, flags above */
size_t dec_mmap_flags(char *dst, const struct arg *x)
{
	return xlat_value_flags(dst, xlat_mmap_types, 0xf, xlat_mmap_flags, x->v);
}

size_t dec_madvise(char *dst, const struct arg *x)
{
	return xlat_value(dst, xlat_madvise_advice, x->i32);
}

size_t dec_getrandom_flags(char *dst, const struct arg *x)
{
	return xlat_flags(dst, xlat_getrandom_flags, x->v);
}
