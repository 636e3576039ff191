/* xlat.c - see xlat.h. The tables themselves are in build/xlat.c. */
#include "record/text.h"
#include "record/value.h"
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

void value_flags(struct vout *o, const struct xlat *x, uint64_t v)
{
	if (!v) {
		value_uint(o, 0);
		return;
	}
	value_text_begin(o);
	o->i += xlat_flags(vout_end(o), x, v);
	value_text_end(o);
}

void value_xlat(struct vout *o, const struct xlat *x, int64_t v)
{
	const char *name = xlat_name(x, (uint64_t)v);

	if (name)
		value_sym(o, name);
	else
		value_int(o, v);
}

void value_xlat_flags(struct vout *o, const struct xlat *values, uint64_t mask,
		      const struct xlat *flags, uint64_t v)
{
	if (!(v & ~mask)) {
		value_xlat(o, values, (int64_t)(v & mask));
		return;
	}
	value_text_begin(o);
	o->i += xlat_value_flags(vout_end(o), values, mask, flags, v);
	value_text_end(o);
}
