/* cgtable.c - see cgtable.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "record/cgtable.h"

static const struct cgtable *in_use;

static int copy_field(char *dst, size_t size, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= size)
		return -1;
	memcpy(dst, src ? src : "", n + 1);
	return 0;
}

int cgtable_add(struct cgtable *t, uint64_t id, const char *path, const char *ctr_id, const char *ctr_name,
		const char *runtime)
{
	struct cg_entry *e;

	if (cgtable_find(t, id))
		return 0;
	if (t->n >= CGTABLE_MAX)
		return -1;
	e = &t->e[t->n];
	memset(e, 0, sizeof(*e));
	e->id = id;
	if (copy_field(e->path, sizeof(e->path), path) || copy_field(e->ctr_id, sizeof(e->ctr_id), ctr_id) ||
	    copy_field(e->ctr_name, sizeof(e->ctr_name), ctr_name) ||
	    copy_field(e->runtime, sizeof(e->runtime), runtime))
		return -1;
	t->n++;
	t->sorted = 0;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	uint64_t x = ((const struct cg_entry *)a)->id, y = ((const struct cg_entry *)b)->id;

	return x < y ? -1 : x > y;
}

void cgtable_sort(struct cgtable *t)
{
	qsort(t->e, (size_t)t->n, sizeof(t->e[0]), by_id);
	t->sorted = 1;
}

const struct cg_entry *cgtable_find(const struct cgtable *t, uint64_t id)
{
	struct cg_entry key;
	int i;

	if (!t || !id)
		return NULL;
	if (t->sorted) {
		key.id = id;
		return bsearch(&key, t->e, (size_t)t->n, sizeof(t->e[0]), by_id);
	}
	for (i = 0; i < t->n; i++)
		if (t->e[i].id == id)
			return &t->e[i];
	return NULL;
}

int cgtable_path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

void cgtable_relative(const char *dir, const char *mount, char *out, size_t len)
{
	size_t m = mount ? strlen(mount) : 0;

	if (m > 1 && strncmp(dir, mount, m) == 0 && (dir[m] == '/' || dir[m] == '\0'))
		dir += m;
	snprintf(out, len, "%s%s", dir[0] == '/' ? "" : "/", dir);
}

int cgtable_is_container(const struct cg_entry *e, const char *ref)
{
	size_t n = strlen(ref);

	if (!e->ctr_id[0] || !n)
		return 0;
	return strcmp(e->ctr_name, ref) == 0 || strncmp(e->ctr_id, ref, n) == 0;
}

size_t cg_container_label(char *dst, const struct cg_entry *e)
{
	const char *src = e->ctr_name[0] ? e->ctr_name : e->ctr_id;
	size_t i, n = e->ctr_name[0] ? strlen(src) : strnlen(src, 12);

	for (i = 0; i < n && i < CG_CTR_NAME_MAX - 1; i++) {
		char c = src[i];

		dst[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			 c == '_' || c == '.' || c == '-' ? c : '?';
	}
	return i;
}

/* ---- the header's text ---- */

static int plain(unsigned char c)
{
	return c > ' ' && c < 0x7f && c != '%' && c != ',' && c != ':';
}

/* src as a field into dst (room: len); its length, or len when it does
 * not fit */
static size_t put_field(char *dst, size_t len, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;

	for (; *src; src++) {
		unsigned char c = (unsigned char)*src;

		if (i + 3 >= len)
			return len;
		if (plain(c)) {
			dst[i++] = (char)c;
		} else {
			dst[i++] = '%';
			dst[i++] = hex[c >> 4];
			dst[i++] = hex[c & 15];
		}
	}
	return i;
}

static size_t put_entry(char *dst, size_t len, const struct cg_entry *e)
{
	const char *fields[4] = { e->path, e->runtime, e->ctr_id, e->ctr_name };
	int k, n = e->ctr_id[0] ? 4 : 1;
	size_t i = (size_t)snprintf(dst, len, "%llu", (unsigned long long)e->id), w;

	for (k = 0; k < n && i < len; k++) {
		dst[i++] = ':';
		w = put_field(dst + i, len - i, fields[k]);
		if (w >= len - i)
			return len;
		i += w;
	}
	return i;
}

size_t cgtable_text(const struct cgtable *t, char *dst, size_t len)
{
	size_t used = 0, w;
	int i;

	if (!len)
		return 0;
	dst[0] = '\0';
	for (i = 0; t && i < t->n; i++) {
		char *at = dst + used + (used ? 1 : 0);
		size_t room = len - used - (used ? 1 : 0);

		if (used + 2 >= len)
			break;
		w = put_entry(at, room, &t->e[i]);
		if (w >= room)
			break;
		if (used)
			dst[used] = ',';
		used = (size_t)(at - dst) + w;
	}
	dst[used] = '\0';
	return used;
}

static int unhex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* One field of text (up to ':', ',' or the end) into dst; the text after
 * it, or NULL when it does not fit or is damaged. */
static const char *get_field(const char *p, char *dst, size_t size)
{
	size_t i = 0;

	for (; *p && *p != ':' && *p != ','; p++) {
		int c = (unsigned char)*p;

		if (c == '%') {
			if (unhex(p[1]) < 0 || unhex(p[2]) < 0)
				return NULL;
			c = unhex(p[1]) << 4 | unhex(p[2]);
			p += 2;
		}
		if (i + 1 >= size || c == 0)
			return NULL;
		dst[i++] = (char)c;
	}
	dst[i] = '\0';
	return p;
}

static const char *parse_entry(struct cgtable *t, const char *p)
{
	struct cg_entry e = { 0 };
	char *end;

	e.id = strtoull(p, &end, 10);
	if (end == p || *end != ':' || !(p = get_field(end + 1, e.path, sizeof(e.path))))
		return NULL;
	if (*p == ':' && (!(p = get_field(p + 1, e.runtime, sizeof(e.runtime))) || *p != ':' ||
			  !(p = get_field(p + 1, e.ctr_id, sizeof(e.ctr_id))) || *p != ':' ||
			  !(p = get_field(p + 1, e.ctr_name, sizeof(e.ctr_name)))))
		return NULL;
	if (*p && *p != ',')
		return NULL;
	cgtable_add(t, e.id, e.path, e.ctr_id, e.ctr_name, e.runtime);
	return p;
}

void cgtable_parse(struct cgtable *t, const char *text)
{
	const char *p = text, *next;

	memset(t, 0, sizeof(*t));
	while (p && *p) {
		next = parse_entry(t, p);
		p = next ? next : strchr(p, ',');
		if (p && *p == ',')
			p++;
	}
	cgtable_sort(t);
}

void cgtable_use(const struct cgtable *t)
{
	in_use = t;
}

const struct cgtable *cgtable_used(void)
{
	return in_use;
}
