/* ktypes.c - see ktypes.h.
 *
 * The BPF type section is read in order, a window at a time, and given up
 * as soon as every wanted field is found: the structs snoop asks for come
 * early (task_struct is about the hundredth type of 6.18's 5 MiB), so a
 * start reads tens of KiB, not the file. Names are read through a window
 * on the string section: a type's name is mostly just after the last
 * one's, so most names are in the window already (a pread per name was
 * ~4,000 reads, ~8 ms of a start here; now ~450). The window is a page:
 * what sysfs gives a pread, and all a jump back to a member's name
 * costs. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/btf.h>
#include "trace/ktypes.h"

#define WINDOW (64 * 1024)
#define NAMES_WINDOW 4096
#define NAME_MAX_LEN 64

/* The bytes after a type's struct btf_type, by kind; -1: a kind this
 * reader does not know, whose size it cannot skip. */
static long type_extra(const struct btf_type *t)
{
	uint32_t vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case 1:  /* INT */
	case 14: /* VAR */
	case 17: /* DECL_TAG */
		return 4;
	case 2: case 7: case 8: case 9: case 10: case 11: case 12: case 16: case 18:
		return 0;   /* PTR, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FLOAT, TYPE_TAG */
	case 3:  /* ARRAY */
		return (long)sizeof(struct btf_array);
	case 4: case 5: /* STRUCT, UNION */
		return (long)vlen * (long)sizeof(struct btf_member);
	case 6:  /* ENUM */
		return (long)vlen * (long)sizeof(struct btf_enum);
	case 13: /* FUNC_PROTO */
		return (long)vlen * (long)sizeof(struct btf_param);
	case 15: /* DATASEC */
		return (long)vlen * (long)sizeof(struct btf_var_secinfo);
	case 19: /* ENUM64 */
		return (long)vlen * 12;
	default:
		return -1;
	}
}

struct btf_file {
	int fd;
	off_t strings;     /* file offset of the string section */
	uint32_t str_len;
	char names[NAMES_WINDOW];   /* bytes [names_at, names_at + names_have) of the string section */
	uint32_t names_at, names_have;
};

/* The string at off of the string section into buf (NAME_MAX_LEN + 1
 * bytes); "" when it is not there or longer than any name wanted. */
static const char *name_at(struct btf_file *f, uint32_t off, char *buf)
{
	size_t want = NAME_MAX_LEN + 1;
	ssize_t got;

	buf[0] = '\0';
	if (off >= f->str_len)
		return buf;
	if (f->str_len - off < want)
		want = f->str_len - off;
	if (off < f->names_at || off - f->names_at + want > f->names_have) {
		got = pread(f->fd, f->names, sizeof(f->names), f->strings + off);
		f->names_at = off;
		f->names_have = got > 0 ? (uint32_t)got : 0;
		if (want > f->names_have)
			return buf;
	}
	memcpy(buf, f->names + (off - f->names_at), want);
	if (!memchr(buf, '\0', want))
		buf[0] = '\0';
	return buf;
}

/* The members of struct t (they follow it in mem) against the wanted
 * fields; how many were found. */
static int match_members(struct btf_file *f, const struct btf_type *t, const unsigned char *mem,
			 struct kfield *want, int n)
{
	const struct btf_member *m = (const struct btf_member *)(const void *)mem;
	uint32_t vlen = BTF_INFO_VLEN(t->info), i, bits;
	char name[NAME_MAX_LEN + 1], member[NAME_MAX_LEN + 1];
	int k, found = 0;

	name_at(f, t->name_off, name);
	for (k = 0; k < n; k++) {
		if (want[k].offset || strcmp(name, want[k].type) != 0)
			continue;
		for (i = 0; i < vlen; i++) {
			if (!m[i].name_off || strcmp(name_at(f, m[i].name_off, member), want[k].member) != 0)
				continue;
			bits = BTF_INFO_KFLAG(t->info) ? BTF_MEMBER_BIT_OFFSET(m[i].offset) : m[i].offset;
			if (bits % 8 == 0 && bits / 8 > 0) {
				want[k].offset = bits / 8;
				found++;
			}
			break;
		}
	}
	return found;
}

/* A window on the type section: buf holds bytes [done, done + have) of it,
 * at the type not yet parsed (at) onwards. */
struct window {
	unsigned char *buf;
	size_t cap, have, at;
	uint32_t done;   /* bytes of the type section parsed */
};

/* Moves what is left to the window's start and reads on after it: the
 * bytes read, 0 at the section's end or on an error. */
static ssize_t refill(struct window *w, struct btf_file *f, off_t types)
{
	ssize_t got;

	memmove(w->buf, w->buf + w->at, w->have - w->at);
	w->have -= w->at;
	w->at = 0;
	got = pread(f->fd, w->buf + w->have, w->cap - w->have, types + (off_t)w->done + (off_t)w->have);
	if (got > 0)
		w->have += (size_t)got;
	return got > 0 ? got : 0;
}

/* What a scan looks for: visit() is shown each type (its id, its struct
 * btf_type and the bytes after it) and says how many wanted things it
 * found there; the scan ends when all left are found. */
struct scan {
	int (*visit)(struct btf_file *f, uint32_t id, const struct btf_type *t, const unsigned char *extra,
		     void *want, int n);
	void *want;
	int n;
};

static int scan_types(struct btf_file *f, off_t types, uint32_t type_len, const struct scan *sc,
		      char *why, size_t whylen)
{
	struct window w = { .buf = malloc(WINDOW), .cap = WINDOW };
	int left = sc->n;
	uint32_t id = 1;   /* 0 is void */
	struct btf_type t;
	long extra;

	if (!w.buf)
		return snprintf(why, whylen, "out of memory"), -1;
	while (left > 0 && w.done < type_len) {
		if (w.have - w.at < sizeof(t)) {
			/* the window is used up: the next one starts at the type not yet parsed */
			if (!refill(&w, f, types))
				break;
			continue;
		}
		memcpy(&t, w.buf + w.at, sizeof(t));
		if ((extra = type_extra(&t)) < 0) {
			snprintf(why, whylen, "a BTF type of kind %u this snoop does not know", BTF_INFO_KIND(t.info));
			free(w.buf);
			return -1;
		}
		if (w.have - w.at < sizeof(t) + (size_t)extra) {
			if (w.at == 0 && w.cap < sizeof(t) + (size_t)extra) {
				unsigned char *bigger = realloc(w.buf, sizeof(t) + (size_t)extra);

				if (!bigger)
					return free(w.buf), snprintf(why, whylen, "out of memory"), -1;
				w.buf = bigger;
				w.cap = sizeof(t) + (size_t)extra;
			}
			if (!refill(&w, f, types))
				break;
			continue;
		}
		left -= sc->visit(f, id++, &t, w.buf + w.at + sizeof(t), sc->want, sc->n);
		w.at += sizeof(t) + (size_t)extra;
		w.done += (uint32_t)(sizeof(t) + (size_t)extra);
	}
	free(w.buf);
	return 0;
}

static int visit_struct(struct btf_file *f, uint32_t id, const struct btf_type *t, const unsigned char *extra,
			void *want, int n)
{
	(void)id;
	if (BTF_INFO_KIND(t->info) != BTF_KIND_STRUCT || !t->name_off)
		return 0;
	return match_members(f, t, extra, want, n);
}

static int visit_named(struct btf_file *f, uint32_t id, const struct btf_type *t, const unsigned char *extra,
		       void *want, int n)
{
	struct ktype *k = want;
	char name[NAME_MAX_LEN + 1];
	int i, found = 0;

	(void)extra;
	if (!t->name_off)
		return 0;
	name_at(f, t->name_off, name);
	for (i = 0; i < n; i++)
		if (!k[i].id && BTF_INFO_KIND(t->info) == k[i].kind && strcmp(name, k[i].name) == 0) {
			k[i].id = id;
			found++;
		}
	return found;
}

/* f's header read, its sections located: 0, or -1 with why */
static int open_btf(const char *path, struct btf_file *f, struct btf_header *h, char *why, size_t whylen)
{
	if ((f->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return snprintf(why, whylen, "%s: %s", path, strerror(errno)), -1;
	if (pread(f->fd, h, sizeof(*h), 0) != (ssize_t)sizeof(*h) || h->magic != BTF_MAGIC || h->hdr_len < sizeof(*h)) {
		snprintf(why, whylen, "%s: no BTF header (of this machine's byte order)", path);
		close(f->fd);
		return -1;
	}
	f->strings = (off_t)h->hdr_len + (off_t)h->str_off;
	f->str_len = h->str_len;
	return 0;
}

/* The types of the BTF file at path, shown to sc. */
static int scan_file(const char *path, const struct scan *sc, char *why, size_t whylen)
{
	struct btf_header h;
	struct btf_file *f = calloc(1, sizeof(*f));
	int rc;

	if (!f)
		return snprintf(why, whylen, "out of memory"), -1;
	if (open_btf(path, f, &h, why, whylen))
		return free(f), -1;
	rc = scan_types(f, (off_t)h.hdr_len + (off_t)h.type_off, h.type_len, sc, why, whylen);
	close(f->fd);
	free(f);
	return rc;
}

int ktypes_find(const char *path, struct kfield *want, int n, char *why, size_t whylen)
{
	struct scan sc = { visit_struct, want, n };
	int k, rc;

	for (k = 0; k < n; k++)
		want[k].offset = 0;
	rc = scan_file(path, &sc, why, whylen);
	for (k = 0; rc == 0 && k < n; k++)
		if (!want[k].offset) {
			snprintf(why, whylen, "%s.%s is not in its BTF", want[k].type, want[k].member);
			rc = -1;
		}
	return rc;
}

int ktypes_syscall_tracepoints(unsigned *sys_enter, unsigned *sys_exit, char *why, size_t whylen)
{
	struct ktype want[] = { { BTF_KIND_TYPEDEF, "btf_trace_sys_enter", 0 },
				{ BTF_KIND_TYPEDEF, "btf_trace_sys_exit", 0 } };

	*sys_enter = *sys_exit = 0;
	if (ktypes_ids(KTYPES_BTF, want, 2, why, whylen))
		return -1;
	*sys_enter = want[0].id;
	*sys_exit = want[1].id;
	return 0;
}

int ktypes_ids(const char *path, struct ktype *want, int n, char *why, size_t whylen)
{
	struct scan sc = { visit_named, want, n };
	int k, rc;

	for (k = 0; k < n; k++)
		want[k].id = 0;
	rc = scan_file(path, &sc, why, whylen);
	for (k = 0; rc == 0 && k < n; k++)
		if (!want[k].id) {
			snprintf(why, whylen, "%s is not in its BTF", want[k].name);
			rc = -1;
		}
	return rc;
}

int ktypes_lifecycle_offsets(unsigned *task_pid_off, unsigned *task_tgid_off, unsigned *bprm_filename_off, char *why,
			     size_t whylen)
{
	struct kfield want[] = { { "task_struct", "pid", 0 }, { "task_struct", "tgid", 0 },
				 { "linux_binprm", "filename", 0 } };

	*task_pid_off = *task_tgid_off = *bprm_filename_off = 0;
	if (ktypes_find(KTYPES_BTF, want, 3, why, whylen))
		return -1;
	*task_pid_off = want[0].offset;
	*task_tgid_off = want[1].offset;
	*bprm_filename_off = want[2].offset;
	return 0;
}
