/* value.c - see value.h. Each primitive writes its text or its JSON; the
 * separators look at the byte before them to know a first element (no
 * value ends in "[" or "{"). */
#include <string.h>
#include "record/text.h"
#include "record/value.h"

static void put(struct vout *o, const char *s, size_t n)
{
	memcpy(o->dst + o->i, s, n);
	o->i += n;
}

#define put_lit(o, lit) put((o), (lit), sizeof(lit) - 1)

static void put_json_str(struct vout *o, const uint8_t *s, size_t n)
{
	o->i += fmt_json_bytes(o->dst + o->i, s, n);
}

void value_int(struct vout *o, int64_t v)
{
	o->i += fmt_sdec(o->dst + o->i, v, 0);
}

void value_uint(struct vout *o, uint64_t v)
{
	o->i += fmt_udec(o->dst + o->i, v, 0, ' ');
}

void value_product(struct vout *o, uint64_t a, uint64_t b)
{
	if (o->json) {
		value_uint(o, a * b);
		return;
	}
	value_uint(o, a);
	put_lit(o, "*");
	value_uint(o, b);
}

void value_null(struct vout *o)
{
	if (o->json)
		put_lit(o, "null");
	else
		put_lit(o, "NULL");
}

void value_hex(struct vout *o, uint64_t v)
{
	value_text_begin(o);
	o->i += fmt_hex(o->dst + o->i, v);
	value_text_end(o);
}

void value_pointer(struct vout *o, uint64_t v)
{
	if (v)
		value_hex(o, v);
	else
		value_null(o);
}

void value_sym(struct vout *o, const char *name)
{
	value_text_begin(o);
	o->i += fmt_str(o->dst + o->i, name, 0);
	value_text_end(o);
}

void value_text_begin(struct vout *o)
{
	if (o->json)
		o->dst[o->i++] = '"';
}

void value_text_end(struct vout *o)
{
	if (o->json)
		o->dst[o->i++] = '"';
}

void value_str(struct vout *o, const uint8_t *s, size_t n, int cut)
{
	if (o->json) {
		put_json_str(o, s, n);
		o->cut |= cut;
		return;
	}
	put_lit(o, "\"");
	o->i += fmt_escape(o->dst + o->i, s, n);
	put_lit(o, "\"");
	if (cut)
		put_lit(o, "...");
}

/* fd: a number, or the name AT_FDCWD (sym). A file gone from its
 * directory, as /proc/PID/fd names it ("/x (deleted)"), is written in
 * text as strace -y writes it: 3</x>(deleted). */
static void fd_with_path(struct vout *o, int64_t fd, const char *sym, const char *path, size_t n)
{
	static const char deleted[] = " (deleted)";
	size_t d = sizeof(deleted) - 1;
	int gone = n > d && memcmp(path + n - d, deleted, d) == 0;

	if (o->json)
		put_lit(o, "{\"fd\":");
	if (sym)
		value_sym(o, sym);
	else
		value_int(o, fd);
	if (o->json) {
		put_lit(o, ",\"path\":");
		put_json_str(o, (const uint8_t *)path, n);
		put_lit(o, "}");
		return;
	}
	put_lit(o, "<");
	o->i += fmt_escape(o->dst + o->i, (const uint8_t *)path, gone ? n - d : n);
	put_lit(o, ">");
	if (gone)
		put_lit(o, "(deleted)");
}

void value_fd(struct vout *o, int64_t fd, const char *path, size_t n)
{
	fd_with_path(o, fd, NULL, path, n);
}

void value_cwd(struct vout *o, const char *path, size_t n)
{
	fd_with_path(o, 0, "AT_FDCWD", path, n);
}

void value_array_begin(struct vout *o)
{
	put_lit(o, "[");
}

void value_elem(struct vout *o)
{
	if (o->dst[o->i - 1] == '[')
		return;
	if (o->json)
		put_lit(o, ",");
	else
		put_lit(o, ", ");
}

void value_elem_blank(struct vout *o)
{
	if (o->dst[o->i - 1] != '[')
		put(o, o->json ? "," : " ", 1);
}

void value_array_end(struct vout *o, int cut)
{
	if (cut && o->json)
		o->cut = 1;
	else if (cut && o->dst[o->i - 1] == '[')
		put_lit(o, "...");
	else if (cut)
		put_lit(o, ", ...");
	put_lit(o, "]");
}

void value_struct_begin(struct vout *o)
{
	put_lit(o, "{");
}

void value_field(struct vout *o, const char *name)
{
	int first = o->dst[o->i - 1] == '{';

	if (o->json) {
		put(o, first ? "\"" : ",\"", first ? 1 : 2);
		o->i += fmt_str(o->dst + o->i, name, 0);
		put_lit(o, "\":");
		return;
	}
	if (!first)
		put_lit(o, ", ");
	o->i += fmt_str(o->dst + o->i, name, 0);
	put_lit(o, "=");
}

void value_struct_end(struct vout *o, int more)
{
	if (more && !o->json)
		put_lit(o, ", ...");
	put_lit(o, "}");
}

void value_struct_after(struct vout *o)
{
	if (o->json)
		put_lit(o, ",\"after\":{");
	else
		put_lit(o, "} => {");
}

void value_struct_after_end(struct vout *o)
{
	if (o->json)
		put_lit(o, "}}");
	else
		put_lit(o, "}");
}

void value_sockaddr_begin(struct vout *o, const char *family_name, int64_t family)
{
	if (o->json)
		put_lit(o, "{\"family\":");
	else
		put_lit(o, "{");
	if (family_name)
		value_sym(o, family_name);
	else
		value_int(o, family);
}

void value_sockaddr_ip(struct vout *o, const char *addr, uint16_t port, int v6)
{
	if (o->json) {
		put_lit(o, ",\"addr\":");
		put_json_str(o, (const uint8_t *)addr, strlen(addr));
		put_lit(o, ",\"port\":");
	} else if (v6) {
		put_lit(o, ", [");
		o->i += fmt_str(o->dst + o->i, addr, 0);
		put_lit(o, "]:");
	} else {
		put_lit(o, ", ");
		o->i += fmt_str(o->dst + o->i, addr, 0);
		put_lit(o, ":");
	}
	value_uint(o, port);
}

void value_sockaddr_path(struct vout *o, const uint8_t *path, size_t n, int abstract)
{
	if (o->json) {
		if (abstract)
			put_lit(o, ",\"abstract\":");
		else
			put_lit(o, ",\"path\":");
	} else {
		put(o, ", @", abstract ? 3 : 2);
	}
	value_str(o, path, n, 0);
}

void value_sockaddr_end(struct vout *o)
{
	put_lit(o, "}");
}
