/* bpfobj.c - see bpfobj.h. Pure: no libbcc, no kernel, no files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "trace/bpfobj.h"

#define MAGIC "SNOOPOBJ"
#define VERSION 1
#define LD_IMM64 (BPF_LD | BPF_DW | BPF_IMM)

int bpfobj_add_map(struct bpfobj *o, const struct bpfobj_map *m)
{
	if (o->nmaps >= BPFOBJ_MAX_MAPS)
		return -1;
	o->maps[o->nmaps] = *m;
	return (int)o->nmaps++;
}

static int is_map_ref(const struct bpf_insn *in)
{
	return in->code == LD_IMM64 && (in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_VALUE);
}

static int map_of_fd(const struct bpfobj *o, const int *fds, int fd)
{
	uint32_t m;

	for (m = 0; m < o->nmaps; m++)
		if (fds[m] >= 0 && fds[m] == fd)
			return (int)m;
	return -1;
}

int bpfobj_add_prog(struct bpfobj *o, const char *name, const struct bpf_insn *insns, size_t bytes,
		    const int *fds, char *err, size_t errlen)
{
	size_t n = bytes / sizeof(*insns), i, nrel = 0;
	struct bpfobj_prog *p, *ps;
	int m;

	if (n == 0 || n > BPFOBJ_MAX_INSNS || bytes % sizeof(*insns) || o->nprogs >= BPFOBJ_MAX_PROGS ||
	    strlen(name) >= BPFOBJ_NAME_MAX) {
		snprintf(err, errlen, "program %s: %zu bytes of instructions, or too many programs", name, bytes);
		return -1;
	}
	if (!(ps = realloc(o->progs, sizeof(*ps) * (o->nprogs + 1))))
		return snprintf(err, errlen, "out of memory"), -1;
	o->progs = ps;
	p = &ps[o->nprogs];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->insns = malloc(bytes);
	p->relocs = malloc(sizeof(*p->relocs) * (n / 2 + 1));   /* an ld_imm64 takes two slots */
	if (!p->insns || !p->relocs) {
		free(p->insns);
		free(p->relocs);
		return snprintf(err, errlen, "out of memory"), -1;
	}
	memcpy(p->insns, insns, bytes);
	for (i = 0; i + 1 < n; i++) {
		if (!is_map_ref(&insns[i]))
			continue;
		if ((m = map_of_fd(o, fds, insns[i].imm)) < 0) {
			snprintf(err, errlen, "program %s: instruction %zu uses fd %d, which is none of the maps", name, i, insns[i].imm);
			free(p->insns);
			free(p->relocs);
			return -1;
		}
		p->relocs[nrel].insn = (uint32_t)i;
		p->relocs[nrel++].map = (uint32_t)m;
		p->insns[i].imm = 0;   /* no fd of this process stays in the object */
		i++;
	}
	p->ninsns = (uint32_t)n;
	p->nrelocs = (uint32_t)nrel;
	o->nprogs++;
	return 0;
}

uint64_t bpfobj_checksum(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed;

	while (len--) {
		h ^= *p++;
		h *= 0x100000001b3ull;
	}
	return h;
}

/* ---- writing: into buf when it is given, else only counting ---- */

struct out {
	unsigned char *buf;
	size_t len;
};

static void put(struct out *w, const void *data, size_t n)
{
	if (w->buf && n)
		memcpy(w->buf + w->len, data, n);
	w->len += n;
}

static void put_u32(struct out *w, uint32_t v)
{
	put(w, &v, sizeof(v));
}

static void put_bytes(struct out *w, const void *data, size_t n)
{
	put_u32(w, (uint32_t)n);
	put(w, data, n);
}

static void put_object(struct out *w, const struct bpfobj *o, const void *key, size_t keylen)
{
	const struct bpfobj_map *m;
	const struct bpfobj_prog *p;
	uint32_t i, r;

	put(w, MAGIC, 8);
	put_u32(w, VERSION);
	put_bytes(w, key, keylen);
	put_bytes(w, o->license, strlen(o->license));
	put_u32(w, o->kern_version);
	put_u32(w, o->nmaps);
	for (m = o->maps; m < o->maps + o->nmaps; m++) {
		put_bytes(w, m->name, strlen(m->name));
		put_u32(w, m->type);
		put_u32(w, m->key_size);
		put_u32(w, m->value_size);
		put_u32(w, m->max_entries);
		put_u32(w, m->flags);
		put_u32(w, (uint32_t)m->inner);
	}
	put_u32(w, o->nprogs);
	for (i = 0; i < o->nprogs; i++) {
		p = &o->progs[i];
		put_bytes(w, p->name, strlen(p->name));
		put_bytes(w, p->insns, sizeof(*p->insns) * p->ninsns);
		put_u32(w, p->nrelocs);
		for (r = 0; r < p->nrelocs; r++) {
			put_u32(w, p->relocs[r].insn);
			put_u32(w, p->relocs[r].map);
		}
	}
}

void *bpfobj_encode(const struct bpfobj *o, const void *key, size_t keylen, size_t *len)
{
	struct out w = { NULL, 0 };
	uint64_t sum;

	put_object(&w, o, key, keylen);
	if (!(w.buf = malloc(w.len + sizeof(sum))))
		return NULL;
	*len = w.len + sizeof(sum);
	w.len = 0;
	put_object(&w, o, key, keylen);
	sum = bpfobj_checksum(w.buf, w.len, BPFOBJ_SEED);
	memcpy(w.buf + w.len, &sum, sizeof(sum));
	return w.buf;
}

/* ---- reading: every length checked against what is left ---- */

struct in {
	const unsigned char *p, *end;
	int bad;
};

static const void *take(struct in *r, size_t n)
{
	const unsigned char *at = r->p;

	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return NULL;
	}
	r->p += n;
	return at;
}

static uint32_t get_u32(struct in *r)
{
	const void *at = take(r, 4);
	uint32_t v = 0;

	if (at)
		memcpy(&v, at, 4);
	return v;
}

/* A counted string into dst (size bytes with its NUL); r->bad when longer
 * or holding a NUL. */
static void get_name(struct in *r, char *dst, size_t size)
{
	uint32_t n = get_u32(r);
	const void *at = n < size ? take(r, n) : (r->bad = 1, NULL);

	dst[0] = '\0';
	if (at && memchr(at, '\0', n))
		r->bad = 1;
	else if (at) {
		memcpy(dst, at, n);
		dst[n] = '\0';
	}
}

static int get_map(struct in *r, struct bpfobj_map *m, uint32_t nmaps)
{
	memset(m, 0, sizeof(*m));
	get_name(r, m->name, sizeof(m->name));
	m->type = get_u32(r);
	m->key_size = get_u32(r);
	m->value_size = get_u32(r);
	m->max_entries = get_u32(r);
	m->flags = get_u32(r);
	m->inner = (int32_t)get_u32(r);
	m->adopted_fd = -1;
	return r->bad || m->inner < -1 || m->inner >= (int32_t)nmaps ? -1 : 0;
}

static int get_prog(struct in *r, struct bpfobj_prog *p, uint32_t nmaps)
{
	uint32_t bytes, k;
	const void *at;

	get_name(r, p->name, sizeof(p->name));
	bytes = get_u32(r);
	p->ninsns = bytes / sizeof(*p->insns);
	if (bytes % sizeof(*p->insns) || p->ninsns == 0 || p->ninsns > BPFOBJ_MAX_INSNS || !(at = take(r, bytes)))
		return -1;
	p->nrelocs = get_u32(r);
	if (r->bad || p->nrelocs > p->ninsns || !(p->insns = malloc(bytes)) ||
	    !(p->relocs = malloc(sizeof(*p->relocs) * (p->nrelocs + 1))))
		return -1;
	memcpy(p->insns, at, bytes);
	for (k = 0; k < p->nrelocs; k++) {
		p->relocs[k].insn = get_u32(r);
		p->relocs[k].map = get_u32(r);
		/* only where an ld_imm64 names a map, and both its slots are there */
		if (r->bad || p->relocs[k].map >= nmaps || p->relocs[k].insn >= p->ninsns - 1 ||
		    !is_map_ref(&p->insns[p->relocs[k].insn]))
			return -1;
	}
	return 0;
}

static const char *get_object(struct in *r, struct bpfobj *o)
{
	struct bpfobj_map m;
	uint32_t n, i;

	get_name(r, o->license, sizeof(o->license));
	o->kern_version = get_u32(r);
	n = get_u32(r);
	if (r->bad || n > BPFOBJ_MAX_MAPS)
		return "bad map count";
	for (i = 0; i < n; i++)
		if (get_map(r, &m, n) || bpfobj_add_map(o, &m) < 0)
			return "bad map";
	n = get_u32(r);
	if (r->bad || n > BPFOBJ_MAX_PROGS || !(o->progs = calloc(n + 1, sizeof(*o->progs))))
		return "bad program count";
	for (i = 0; i < n; i++) {
		o->nprogs = i + 1;   /* so that bpfobj_free frees what this one got */
		if (get_prog(r, &o->progs[i], o->nmaps))
			return "bad program";
	}
	return r->p == r->end ? NULL : "bytes after the programs";
}

enum bpfobj_decoded bpfobj_decode(const void *buf, size_t len, const void *key, size_t keylen,
				  struct bpfobj *o, char *why, size_t whylen)
{
	struct in r = { buf, (const unsigned char *)buf + len, 0 };
	uint64_t sum;
	const char *bad;
	const void *k;
	uint32_t n;

	bpfobj_init(o);
	if (len < 8 + 4 + 8 || memcmp(buf, MAGIC, 8)) {
		snprintf(why, whylen, len < 8 + 4 + 8 ? "truncated (%zu bytes)" : "not a snoop cache entry", len);
		return BPFOBJ_DAMAGED;
	}
	memcpy(&sum, r.end - 8, 8);
	if (bpfobj_checksum(buf, len - 8, BPFOBJ_SEED) != sum) {
		snprintf(why, whylen, "checksum mismatch (damaged or truncated, %zu bytes)", len);
		return BPFOBJ_DAMAGED;
	}
	r.end -= 8;
	take(&r, 8);
	if (get_u32(&r) != VERSION) {
		snprintf(why, whylen, "written by another version of snoop");
		return BPFOBJ_OTHER_KEY;
	}
	n = get_u32(&r);
	k = take(&r, n);
	if (!k || n != keylen || memcmp(k, key, keylen)) {
		snprintf(why, whylen, k ? "made for another program, kernel or libbcc" : "truncated key");
		return k ? BPFOBJ_OTHER_KEY : BPFOBJ_DAMAGED;
	}
	if ((bad = get_object(&r, o))) {
		bpfobj_free(o);
		snprintf(why, whylen, "%s", bad);
		return BPFOBJ_DAMAGED;
	}
	return BPFOBJ_OK;
}

static int same_maps(const struct bpfobj *a, const struct bpfobj *b)
{
	const struct bpfobj_map *m, *n;
	uint32_t i;

	if (a->nmaps != b->nmaps)
		return 0;
	for (i = 0; i < a->nmaps; i++) {
		m = &a->maps[i];
		n = &b->maps[i];
		if (strcmp(m->name, n->name) || m->type != n->type || m->key_size != n->key_size ||
		    m->value_size != n->value_size || m->max_entries != n->max_entries || m->flags != n->flags ||
		    m->inner != n->inner || m->adopted_fd >= 0 || n->adopted_fd >= 0)
			return 0;
	}
	return 1;
}

static int same_prog(const struct bpfobj_prog *p, const struct bpfobj_prog *q)
{
	return p->ninsns == q->ninsns && p->nrelocs == q->nrelocs &&
	       memcmp(p->insns, q->insns, sizeof(*p->insns) * p->ninsns) == 0 &&
	       (!p->nrelocs || memcmp(p->relocs, q->relocs, sizeof(*p->relocs) * p->nrelocs) == 0);
}

static int by_name(const void *x, const void *y)
{
	return strcmp(((const struct bpfobj_prog *)x)->name, ((const struct bpfobj_prog *)y)->name);
}

static void drop_prog(struct bpfobj_prog *p)
{
	free(p->insns);
	free(p->relocs);
	p->insns = NULL;
	p->relocs = NULL;
}

int bpfobj_merge(struct bpfobj *a, struct bpfobj *b, char *err, size_t errlen)
{
	struct bpfobj_prog *grown;
	uint32_t i;
	int rc = -1, at;

	if (strcmp(a->license, b->license) || a->kern_version != b->kern_version || !same_maps(a, b)) {
		snprintf(err, errlen, "the parts' maps, license or kernel version differ");
		goto out;
	}
	if (!(grown = realloc(a->progs, sizeof(*grown) * ((size_t)a->nprogs + b->nprogs + 1)))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	a->progs = grown;
	for (i = 0; i < b->nprogs; i++) {
		at = bpfobj_prog_index(a, b->progs[i].name);
		if (at >= 0 && !same_prog(&a->progs[at], &b->progs[i])) {
			snprintf(err, errlen, "program %s is in both parts, compiled differently", b->progs[i].name);
			goto out;
		}
		if (at >= 0) {
			drop_prog(&b->progs[i]);   /* in both parts (not split): one copy */
			continue;
		}
		a->progs[a->nprogs++] = b->progs[i];
		b->progs[i].insns = NULL;
		b->progs[i].relocs = NULL;
	}
	/* libbcc lists its functions by name: a split compile's object is a
	 * whole one's, byte for byte */
	qsort(a->progs, a->nprogs, sizeof(*a->progs), by_name);
	rc = 0;
out:
	bpfobj_free(b);
	return rc;
}
