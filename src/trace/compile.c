/* compile.c - see compile.h. */
#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bcc/bcc_common.h>
#include <bcc/libbpf.h>
#include "trace/compile.h"

/* libbcc.so.0's compiler side, typed as its header declares it. */
struct libbcc {
	__typeof__(bpf_module_create_c_from_string) *create;
	__typeof__(bpf_module_destroy) *destroy;
	__typeof__(bpf_module_license) *license;
	__typeof__(bpf_module_kern_version) *kern_version;
	__typeof__(bpf_num_functions) *num_functions;
	__typeof__(bpf_function_name) *function_name;
	__typeof__(bpf_function_start_id) *function_start;
	__typeof__(bpf_function_size_id) *function_size;
	__typeof__(bpf_num_tables) *num_tables;
	__typeof__(bpf_table_name) *table_name;
	__typeof__(bpf_table_fd_id) *table_fd;
	__typeof__(bpf_table_type_id) *table_type;
	__typeof__(bpf_table_key_size_id) *key_size;
	__typeof__(bpf_table_leaf_size_id) *leaf_size;
	__typeof__(bpf_table_max_entries_id) *max_entries;
	__typeof__(bpf_table_flags_id) *flags;
};

#define SYM(field, name) { offsetof(struct libbcc, field), #name }

static int open_libbcc(struct libbcc *l, char *err, size_t errlen)
{
	static const struct { size_t at; const char *name; } syms[] = {
		SYM(create, bpf_module_create_c_from_string), SYM(destroy, bpf_module_destroy),
		SYM(license, bpf_module_license), SYM(kern_version, bpf_module_kern_version),
		SYM(num_functions, bpf_num_functions), SYM(function_name, bpf_function_name),
		SYM(function_start, bpf_function_start_id), SYM(function_size, bpf_function_size_id),
		SYM(num_tables, bpf_num_tables), SYM(table_name, bpf_table_name), SYM(table_fd, bpf_table_fd_id),
		SYM(table_type, bpf_table_type_id), SYM(key_size, bpf_table_key_size_id),
		SYM(leaf_size, bpf_table_leaf_size_id), SYM(max_entries, bpf_table_max_entries_id),
		SYM(flags, bpf_table_flags_id),
	};
	void *h = dlopen(COMPILE_LIBBCC, RTLD_NOW | RTLD_LOCAL);
	size_t i;
	void *f;

	/* never closed: LLVM's static state does not survive an unload */
	if (!h) {
		snprintf(err, errlen, "cannot load %s, which compiles the BPF program (fix: apt-get install libbpfcc): %s",
			 COMPILE_LIBBCC, dlerror());
		return -1;
	}
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		if (!(f = dlsym(h, syms[i].name))) {
			snprintf(err, errlen, "%s has no %s: libbcc too old (fix: apt-get install libbpfcc)",
				 COMPILE_LIBBCC, syms[i].name);
			return -1;
		}
		memcpy((char *)l + syms[i].at, &f, sizeof(f));
	}
	return 0;
}

int compile_libbcc_version(int *major, int *minor, char *why, size_t whylen)
{
	void *h = dlopen(COMPILE_LIBBCC, RTLD_NOW | RTLD_LOCAL);   /* the compile's own: kept */
	struct link_map *lm = NULL;
	char real[PATH_MAX];
	const char *base;

	if (!h)
		return snprintf(why, whylen, "cannot load %s: %s", COMPILE_LIBBCC, dlerror()), -1;
	if (dlinfo(h, RTLD_DI_LINKMAP, &lm) || !lm || !lm->l_name || !realpath(lm->l_name, real))
		return snprintf(why, whylen, "%s: its file is not known", COMPILE_LIBBCC), -1;
	base = strrchr(real, '/') ? strrchr(real, '/') + 1 : real;
	if (sscanf(base, "libbcc.so.%d.%d.", major, minor) != 2)
		return snprintf(why, whylen, "%s: its version is not in its name", real), -1;
	return 0;
}

int compile_map_describable(uint32_t type)
{
	switch (type) {
	case BPF_MAP_TYPE_HASH: case BPF_MAP_TYPE_ARRAY: case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY: case BPF_MAP_TYPE_LRU_HASH: case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY: case BPF_MAP_TYPE_RINGBUF: case BPF_MAP_TYPE_STACK_TRACE:
	case BPF_MAP_TYPE_TASK_STORAGE: case BPF_MAP_TYPE_ARRAY_OF_MAPS: case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_PROG_ARRAY: case BPF_MAP_TYPE_CGROUP_ARRAY:
		return 1;
	default:
		return 0;
	}
}

/* libbcc's C API does not say which map is an of-maps map's inner
 * template: the kernel does. The first map it accepts as an element has
 * the template's type, sizes, flags (and, for arrays, max_entries), which
 * is all a template gives. The outer map is new and no program is loaded. */
static int inner_template(const struct bpfobj *o, const int *fds, uint32_t outer)
{
	unsigned char key[512] = { 0 };
	uint32_t i;
	int fd;

	if (o->maps[outer].key_size > sizeof(key))
		return -1;
	for (i = 0; i < o->nmaps; i++) {
		fd = fds[i];
		if (i != outer && fds[i] >= 0 && bpf_update_elem(fds[outer], key, &fd, 0) == 0) {
			bpf_delete_elem(fds[outer], key);
			return (int)i;
		}
	}
	return -1;
}

/* A map that cannot be described: this process keeps libbcc's map. */
static void adopt(struct bpfobj *o, uint32_t i, int fd, const char *why)
{
	o->maps[i].adopted_fd = fd >= 0 ? dup(fd) : -1;
	if (!o->uncacheable[0])
		snprintf(o->uncacheable, sizeof(o->uncacheable), "map %s: %s", o->maps[i].name, why);
}

static int describe_maps(const struct libbcc *l, void *mod, struct bpfobj *o, int *fds, char *err, size_t errlen)
{
	size_t n = l->num_tables(mod), i;
	struct bpfobj_map m;

	if (n > BPFOBJ_MAX_MAPS)
		return snprintf(err, errlen, "the BPF program has %zu maps (snoop handles %d)", n, BPFOBJ_MAX_MAPS), -1;
	for (i = 0; i < n; i++) {
		memset(&m, 0, sizeof(m));
		snprintf(m.name, sizeof(m.name), "%s", l->table_name(mod, i));
		m.type = (uint32_t)l->table_type(mod, i);
		m.key_size = (uint32_t)l->key_size(mod, i);
		m.value_size = (uint32_t)l->leaf_size(mod, i);
		m.max_entries = (uint32_t)l->max_entries(mod, i);
		m.flags = (uint32_t)l->flags(mod, i);
		m.inner = -1;
		m.adopted_fd = -1;
		fds[i] = l->table_fd(mod, i);
		bpfobj_add_map(o, &m);
		if (fds[i] < 0)
			adopt(o, (uint32_t)i, -1, "libbcc made no map of it (extern or shared)");
		else if (!compile_map_describable(m.type))
			adopt(o, (uint32_t)i, fds[i], "its type is not one snoop can create again");
	}
	for (i = 0; i < n; i++) {
		if ((o->maps[i].type == BPF_MAP_TYPE_ARRAY_OF_MAPS || o->maps[i].type == BPF_MAP_TYPE_HASH_OF_MAPS) &&
		    o->maps[i].adopted_fd < 0 && (o->maps[i].inner = inner_template(o, fds, (uint32_t)i)) < 0)
			adopt(o, (uint32_t)i, fds[i], "no map of the program fits as its inner template");
	}
	return 0;
}

static int describe(const struct libbcc *l, void *mod, struct bpfobj *o, char *err, size_t errlen)
{
	int fds[BPFOBJ_MAX_MAPS];
	size_t i, n;

	snprintf(o->license, sizeof(o->license), "%s", l->license(mod) ? l->license(mod) : "");
	o->kern_version = l->kern_version(mod);
	if (describe_maps(l, mod, o, fds, err, errlen))
		return -1;
	n = l->num_functions(mod);
	for (i = 0; i < n; i++)
		if (bpfobj_add_prog(o, l->function_name(mod, i), l->function_start(mod, i),
				    l->function_size(mod, i), fds, err, errlen))
			return -1;
	return 0;
}

int compile_bpf(const char *text, const char **cflags, int verbose, struct bpfobj *o, char *err, size_t errlen)
{
	struct libbcc l;
	struct sbpf_chatter c;
	char first[1024];
	void *mod;
	int n = 0, rc;

	bpfobj_init(o);
	if (open_libbcc(&l, err, errlen))
		return -1;
	while (cflags && cflags[n])
		n++;
	sbpf_chatter_begin_all(&c);
	mod = l.create(text, 0, cflags, n, true, NULL);
	sbpf_chatter_end(&c, verbose, first, sizeof(first));
	if (!mod) {
		snprintf(err, errlen, "BPF compile failed: %s", first[0] ? first : "no diagnostic (run with -v)");
		return -1;
	}
	rc = describe(&l, mod, o, err, errlen);
	l.destroy(mod);
	if (rc)
		bpfobj_free(o);
	return rc;
}
