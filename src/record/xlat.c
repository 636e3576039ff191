/* xlat.c - see xlat.h. The tables themselves are in build/xlat.c. */
#include "record/text.h"
#include "record/xlat.h"

const char *xlat_name(const struct xlat *x, uint64_t v)
{
	for (; x->name; x++)
		if (x->val == v)
			return x->name;
	return NULL;
}

size_t xlat_flags(char *dst, const struct xlat *x, uint64_t v)
{
	size_t i = 0;

	if (!v)
		return fmt_lit(dst, "0");
	for (; x->name; x++) {
		/* a zero-valued name would match anything */
		if (x->val && (v & x->val) == x->val) {
			if (i)
				dst[i++] = '|';
			i += fmt_str(dst + i, x->name, 0);
			v &= ~x->val;
		}
	}
	if (v) {
		if (i)
			dst[i++] = '|';
		i += fmt_hex(dst + i, v);
	}
	return i;
}

size_t xlat_value(char *dst, const struct xlat *x, int64_t v)
{
	const char *name = xlat_name(x, (uint64_t)v);

	return name ? fmt_str(dst, name, 0) : fmt_sdec(dst, v, 0);
}

size_t xlat_value_flags(char *dst, const struct xlat *values, uint64_t mask,
			const struct xlat *flags, uint64_t v)
{
	size_t i = xlat_value(dst, values, (int64_t)(v & mask));

	v &= ~mask;
	if (v) {
		dst[i++] = '|';
		i += xlat_flags(dst + i, flags, v);
	}
	return i;
}
