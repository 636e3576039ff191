/* BPF.c - see BPF.h. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <malloc.h>
#include <bcc/libbpf.h>
#include <bcc/perf_reader.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <linux/btf.h>
#include "BPF.h"

struct sbpf_link {
	enum sbpf_hook hook;
	int fd;
	char a[64], b[96];   /* TP: category, name; kprobes: event name */
};

struct sbpf_prog {
	char name[64];
	int fd;
};

/* What a program is loaded as: its type, and for a BTF-typed raw
 * tracepoint the id of its tracepoint's typedef (btf_trace_NAME). */
struct load_as {
	enum bpf_prog_type type;
	uint32_t btf_id;
};

struct sbpf {
	int verbose;
	unsigned hash_flags_off;        /* taken from plain hash maps' flags at creation */
	struct bpfobj obj;              /* its maps; its programs until all are attached */
	int map_fds[BPFOBJ_MAX_MAPS];   /* the object's maps' fds, by index */
	struct sbpf_prog *progs;        /* loaded programs, by function name */
	int nprogs;
	struct sbpf_link *links;        /* attachments, in attach order */
	int nlinks, clinks;
	/* perf buffers, and what sbpf_grow_buffer needs to make new ones */
	struct perf_reader *readers[SBPF_MAX_CPUS];
	int reader_cpu[SBPF_MAX_CPUS];
	int nreaders;
	int buffer_map_fd, wakeup_events;
	size_t sample_bytes;
	struct sbpf_buffer_cb cb;
	void *ringbuf;                  /* libbpf ring_buffer, when the map is one */
	int ringbuf_fd;
	/* the BTF ids of the tracepoints SBPF_TP_BTF programs are loaded for */
	struct sbpf_btf_tp {
		char target[64];
		uint32_t id;
	} btf_tps[SBPF_BTF_TPS];
	int nbtf_tps;
	/* programs being loaded each by a thread of its own (sbpf_load_ahead) */
	int nahead;
	struct sbpf_ahead {
		struct sbpf *b;
		char name[BPFOBJ_NAME_MAX];
		struct load_as as;
		pthread_t thread;
		int running;
		int fd;                 /* -1: not loaded there (sbpf_attach loads it and says why) */
	} ahead[SBPF_AHEAD_MAX];
};

static void ahead_join(struct sbpf *b, int close_rest);

/* ---- maps ---- */

/* An INT of bytes, bits and encoding, named at name. */
static size_t btf_int(unsigned char *at, uint32_t name, uint32_t bytes, uint32_t bits, uint32_t encoding)
{
	struct btf_type t = { .name_off = name, .info = BTF_KIND_INT << 24, .size = bytes };
	uint32_t data = encoding << 24 | bits;

	memcpy(at, &t, sizeof(t));
	memcpy(at + sizeof(t), &data, sizeof(data));
	return sizeof(t) + sizeof(data);
}

size_t sbpf_storage_btf(uint32_t value_size, unsigned char *out)
{
	static const char strings[] = "\0int\0u8";   /* names at offsets 1 and 5 */
	struct btf_header h = { .magic = BTF_MAGIC, .version = 1, .hdr_len = sizeof(h) };
	struct btf_type array = { .info = BTF_KIND_ARRAY << 24 };
	struct btf_array of = { .type = 2, .index_type = SBPF_BTF_KEY_ID, .nelems = value_size };
	unsigned char *t = out + sizeof(h);

	t += btf_int(t, 1, 4, 32, BTF_INT_SIGNED);   /* [1] int, the key */
	t += btf_int(t, 5, 1, 8, 0);                 /* [2] u8 */
	memcpy(t, &array, sizeof(array));            /* [3] u8[value_size], the value */
	memcpy(t + sizeof(array), &of, sizeof(of));
	t += sizeof(array) + sizeof(of);
	h.type_len = (uint32_t)(t - out - sizeof(h));
	h.str_off = h.type_len;
	h.str_len = sizeof(strings);
	memcpy(t, strings, sizeof(strings));
	memcpy(out, &h, sizeof(h));
	return (size_t)(t - out) + sizeof(strings);
}

/* Loads a BTF blob; its fd, or -1 with errno. */
static int btf_load(const void *blob, size_t size)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.btf = (uint64_t)(uintptr_t)blob;
	attr.btf_size = (uint32_t)size;
	return (int)syscall(__NR_bpf, BPF_BTF_LOAD, &attr, sizeof(attr));
}

static int local_storage(uint32_t type)
{
	return type == BPF_MAP_TYPE_TASK_STORAGE || type == BPF_MAP_TYPE_INODE_STORAGE ||
	       type == BPF_MAP_TYPE_SK_STORAGE;
}

int sbpf_release_at_least(const char *release, int major, int minor)
{
	int got_major, got_minor;

	if (sscanf(release, "%d.%d", &got_major, &got_minor) != 2)
		return -1;
	return got_major > major || (got_major == major && got_minor >= minor);
}

int sbpf_hashes_on_demand_safe(void)
{
	struct utsname u;

	return !uname(&u) && sbpf_release_at_least(u.release, 6, 1) == 1;
}

static int create(const struct bpfobj_map *m, const int *fds, unsigned hash_flags_off, char *err, size_t errlen)
{
	struct bcc_create_map_attr attr = {
		.name = m->name, .map_type = m->type, .map_flags = m->flags, .key_size = m->key_size,
		.value_size = m->value_size, .max_entries = m->max_entries,
	};
	unsigned char btf[SBPF_BTF_MAX];
	int fd, btf_fd = -1, e;

	if (m->inner >= 0)
		attr.inner_map_fd = (uint32_t)fds[m->inner];
	if (m->type == BPF_MAP_TYPE_HASH)
		attr.map_flags &= ~hash_flags_off;
	/* the kernel wants a 4-byte int key and a value type of value_size */
	if (local_storage(m->type)) {
		if ((btf_fd = btf_load(btf, sbpf_storage_btf(m->value_size, btf))) < 0) {
			snprintf(err, errlen, "BPF map %s: loading its BTF: %s", m->name, strerror(errno));
			return -1;
		}
		attr.btf_fd = (uint32_t)btf_fd;
		attr.btf_key_type_id = SBPF_BTF_KEY_ID;
		attr.btf_value_type_id = SBPF_BTF_VALUE_ID;
	}
	fd = bcc_create_map_xattr(&attr, true);
	e = errno;
	if (btf_fd >= 0)
		close(btf_fd);   /* the map holds the BTF it needs */
	if (fd < 0)
		snprintf(err, errlen, "creating BPF map %s (type %u, %u entries): %s", m->name, m->type, attr.max_entries,
			 strerror(e));
	return fd;
}

static void maps_close(int *fds, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

static int maps_create(struct bpfobj *o, int *fds, unsigned hash_flags_off, char *err, size_t errlen)
{
	uint32_t i;
	int pass;

	for (i = 0; i < o->nmaps; i++)
		fds[i] = -1;
	/* of-maps maps last: their templates must exist */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < o->nmaps; i++) {
			struct bpfobj_map *m = &o->maps[i];

			if ((m->inner >= 0) != pass)
				continue;
			if (m->adopted_fd >= 0) {
				fds[i] = m->adopted_fd;
				m->adopted_fd = -1;
			} else if ((fds[i] = create(m, fds, hash_flags_off, err, errlen)) < 0) {
				maps_close(fds, o->nmaps);
				return -1;
			}
		}
	}
	return 0;
}

int sbpf_array_create(const char *name, unsigned value_size, unsigned entries, unsigned flags,
		      char *err, size_t errlen)
{
	int fd = bcc_create_map(BPF_MAP_TYPE_ARRAY, name, sizeof(__u32), (int)value_size, (int)entries,
				(int)flags);

	if (fd < 0)
		snprintf(err, errlen, "BPF map %s (%u x %u bytes): %s", name, entries, value_size,
			 strerror(errno));
	return fd;
}

/* ---- CPUs ---- */

int sbpf_cpus_parse(const char *s, int *cpus, int max)
{
	int n = 0, lo, hi, used;

	while (*s && *s != '\n') {
		if (sscanf(s, "%d%n", &lo, &used) != 1 || lo < 0)
			return -1;
		s += used;
		hi = lo;
		if (*s == '-') {
			if (sscanf(s + 1, "%d%n", &hi, &used) != 1 || hi < lo)
				return -1;
			s += 1 + used;
		}
		for (; lo <= hi; lo++) {
			if (n == max)
				return -1;
			cpus[n++] = lo;
		}
		if (*s == ',')
			s++;
		else if (*s && *s != '\n')
			return -1;
	}
	return n;
}

int sbpf_cpus_read(const char *path, int *cpus, int max)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return sbpf_cpus_parse(buf, cpus, max);
}

int sbpf_cpu_slots(void)
{
	int cpus[4096];
	int n = sbpf_cpus_read(SBPF_CPUS_POSSIBLE, cpus, 4096);

	return n <= 0 ? -1 : cpus[n - 1] + 1;
}

/* ---- libbcc's chatter ---- */

void sbpf_chatter_begin(struct sbpf_chatter *c)
{
	fflush(stderr);
	c->saved_out = -1;
	c->fd = memfd_create("snoop-libbcc", MFD_CLOEXEC);
	c->saved = c->fd >= 0 ? dup(STDERR_FILENO) : -1;
	if (c->saved >= 0)
		dup2(c->fd, STDERR_FILENO);
}

void sbpf_chatter_begin_all(struct sbpf_chatter *c)
{
	sbpf_chatter_begin(c);
	if (c->saved < 0)
		return;
	fflush(stdout);
	c->saved_out = dup(STDOUT_FILENO);
	if (c->saved_out >= 0)
		dup2(c->fd, STDOUT_FILENO);
}

void sbpf_chatter_end(struct sbpf_chatter *c, int verbose, char *first, size_t len)
{
	/* big enough for the verifier's whole log, whose end says why */
	size_t size = 1 << 22;
	char *buf = malloc(size), *line, *pick = NULL, *save = NULL;
	ssize_t n = 0;

	fflush(stderr);
	if (c->saved_out >= 0) {
		fflush(stdout);
		dup2(c->saved_out, STDOUT_FILENO);
		close(c->saved_out);
	}
	if (c->saved >= 0) {
		dup2(c->saved, STDERR_FILENO);
		close(c->saved);
		n = buf ? pread(c->fd, buf, size - 1, 0) : 0;
	}
	if (c->fd >= 0)
		close(c->fd);
	if (!buf)
		return;
	buf[n > 0 ? n : 0] = '\0';
	if (verbose && n > 0)
		fputs(buf, stderr);
	if (!first) {
		free(buf);
		return;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "error") || strstr(line, "Error") || strstr(line, "failed")) {
			pick = line;
			break;
		}
		if (!pick)
			pick = line;
	}
	snprintf(first, len, "%s", pick ? pick : "");
	free(buf);
}

/* ---- the handle ---- */

struct sbpf *sbpf_new(int verbose)
{
	struct sbpf *b = calloc(1, sizeof(*b));

	if (b) {
		b->verbose = verbose;
		b->ringbuf_fd = -1;
		b->buffer_map_fd = -1;
		bpfobj_init(&b->obj);
	}
	return b;
}

void sbpf_hashes_preallocated(struct sbpf *b)
{
	b->hash_flags_off = BPF_F_NO_PREALLOC;
}

int sbpf_load(struct sbpf *b, struct bpfobj *obj, char *err, size_t errlen)
{
	b->obj = *obj;
	bpfobj_init(obj);
	return maps_create(&b->obj, b->map_fds, b->hash_flags_off, err, errlen);
}

void sbpf_loading_done(struct sbpf *b)
{
	ahead_join(b, 1);   /* loaded for a method that was not used */
	bpfobj_free_progs(&b->obj);
	malloc_trim(0);   /* the compiler's or the cache's buffers: back to the system */
}

int sbpf_map_fd(struct sbpf *b, const char *name)
{
	int i = bpfobj_map_index(&b->obj, name);

	return i < 0 ? -1 : b->map_fds[i];
}

/* A missing map fails as a bad fd would. */
static int map_fd(struct sbpf *b, const char *map)
{
	int fd = sbpf_map_fd(b, map);

	if (fd < 0)
		errno = EBADF;
	return fd;
}

int sbpf_map_update(struct sbpf *b, const char *map, const void *key, const void *val)
{
	int fd = map_fd(b, map);

	return fd < 0 || bpf_update_elem(fd, (void *)key, (void *)val, 0) ? -1 : 0;
}

int sbpf_map_lookup(struct sbpf *b, const char *map, const void *key, void *val)
{
	int fd = map_fd(b, map);

	return fd < 0 || bpf_lookup_elem(fd, (void *)key, val) ? -1 : 0;
}

int sbpf_map_update_many(struct sbpf *b, const char *map, const uint32_t *keys, const void *vals, uint32_t n)
{
	int i = bpfobj_map_index(&b->obj, map), fd = map_fd(b, map);
	uint32_t k, done = n, size;

	if (fd < 0)
		return -1;
	size = b->obj.maps[i].value_size;   /* a map of maps': 4, the inner map's fd */
	if (n && bpf_update_batch(fd, (void *)keys, (void *)vals, &done) == 0 && done == n)
		return 0;
	for (k = 0; k < n; k++)
		if (bpf_update_elem(fd, (void *)&keys[k], (char *)vals + (size_t)k * size, 0))
			return -1;
	return 0;
}

int sbpf_array_fill(struct sbpf *b, const char *map, const void *vals, uint32_t n)
{
	uint32_t *keys = malloc(sizeof(*keys) * (n ? n : 1)), k;
	int rc;

	if (!keys)
		return -1;
	for (k = 0; k < n; k++)
		keys[k] = k;
	rc = sbpf_map_update_many(b, map, keys, vals, n);
	free(keys);
	return rc;
}

int sbpf_map_delete(struct sbpf *b, const char *map, const void *key)
{
	int fd = map_fd(b, map);

	return fd < 0 || bpf_delete_elem(fd, (void *)key) ? -1 : 0;
}

int sbpf_map_first_key(struct sbpf *b, const char *map, void *key, size_t key_size)
{
	int fd = map_fd(b, map);

	return fd < 0 || bpf_get_first_key(fd, key, key_size) ? -1 : 0;
}

int sbpf_map_type(struct sbpf *b, const char *map)
{
	int i = bpfobj_map_index(&b->obj, map);

	return i >= 0 ? (int)b->obj.maps[i].type : -1;
}

void *sbpf_map_mmap(struct sbpf *b, const char *map, size_t bytes)
{
	int fd = map_fd(b, map);
	void *p = fd < 0 ? MAP_FAILED : mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

static enum bpf_prog_type hook_type(enum sbpf_hook hook)
{
	static const enum bpf_prog_type type[] = { BPF_PROG_TYPE_RAW_TRACEPOINT, BPF_PROG_TYPE_TRACEPOINT,
						   BPF_PROG_TYPE_KPROBE, BPF_PROG_TYPE_KPROBE, BPF_PROG_TYPE_TRACING };

	return type[hook];
}

int sbpf_tp_btf_id(struct sbpf *b, const char *target, uint32_t id)
{
	struct sbpf_btf_tp *t;

	if (b->nbtf_tps == SBPF_BTF_TPS)
		return -1;
	t = &b->btf_tps[b->nbtf_tps++];
	snprintf(t->target, sizeof(t->target), "%s", target);
	t->id = id;
	return 0;
}

/* How fn, for hook at target, is loaded; a BTF-typed one whose
 * tracepoint's id was not given has id 0, which the kernel refuses. */
static struct load_as load_as(const struct sbpf *b, enum sbpf_hook hook, const char *target)
{
	struct load_as as = { hook_type(hook), 0 };
	int i;

	for (i = 0; hook == SBPF_TP_BTF && target && i < b->nbtf_tps; i++)
		if (strcmp(b->btf_tps[i].target, target) == 0)
			as.btf_id = b->btf_tps[i].id;
	return as;
}

/* Program k's instructions with its maps' fds in place: malloc'd, or NULL. */
static struct bpf_insn *patched(const struct sbpf *b, int k)
{
	struct bpf_insn *insns = malloc(sizeof(*insns) * (b->obj.progs[k].ninsns ? b->obj.progs[k].ninsns : 1));

	if (insns)
		bpfobj_patch(&b->obj.progs[k], b->map_fds, insns);
	return insns;
}

/* The name the kernel shows (bpftool, /proc/PID/fdinfo): bcc's, the
 * function's without its hook prefix, cut to the kernel's 15 bytes. */
static void kernel_name(const char *fn, char out[BPF_OBJ_NAME_LEN])
{
	static const char *const prefixes[] = { "raw_tracepoint__", "tracepoint__" };
	size_t i, n;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(fn, prefixes[i], n = strlen(prefixes[i])) == 0) {
			fn += n;
			break;
		}
	n = strlen(fn) < BPF_OBJ_NAME_LEN - 1 ? strlen(fn) : BPF_OBJ_NAME_LEN - 1;
	memcpy(out, fn, n);
	out[n] = '\0';
}

/* BPF_PROG_LOAD without libbcc, whose failures print the verifier's log
 * on stderr (a thread cannot catch that: the catch moves fd 2 for the
 * whole process), with the log at level (1: the whole walk, 4: its
 * statistics) when log is given. The fd, or -1. Threads may run it at
 * once: it only reads the object and the maps' fds. */
static int load_logged(const struct sbpf *b, int k, struct load_as as, char *log, size_t loglen, unsigned level)
{
	struct bpf_insn *insns = patched(b, k);
	union bpf_attr a;
	int fd;

	if (!insns)
		return -1;
	memset(&a, 0, sizeof(a));
	a.prog_type = as.type;
	if (as.type == BPF_PROG_TYPE_TRACING) {
		a.expected_attach_type = BPF_TRACE_RAW_TP;
		a.attach_btf_id = as.btf_id;
	}
	if (log && loglen) {
		log[0] = '\0';
		a.log_level = level;
		a.log_buf = (uint64_t)(uintptr_t)log;
		a.log_size = (uint32_t)loglen;
	}
	a.insns = (uint64_t)(uintptr_t)insns;
	a.insn_cnt = b->obj.progs[k].ninsns;
	a.license = (uint64_t)(uintptr_t)b->obj.license;
	a.kern_version = b->obj.kern_version;
	kernel_name(b->obj.progs[k].name, a.prog_name);
	fd = (int)syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	free(insns);
	return fd;
}

/* -v: what the verifier said of a program it accepted ("processed 23407
 * insns (limit 1000000) ..." and its time), from the log of its
 * statistics alone: what start-up pays for each program. */
static void verifier_stats(const char *fn, const char *log)
{
	const char *processed = strstr(log, "processed "), *time = strstr(log, "verification time ");
	int n = processed ? (int)strcspn(processed, "\n") : 0, t = time ? (int)strcspn(time, "\n") : 0;

	if (processed)
		fprintf(stderr, "snoop: BPF program %s: the verifier %.*s%s%.*s\n", fn, n, processed, time ? "; " : "",
			t, time ? time : "");
}

/* load_logged at level 1 when log is given; else, with -v, the verifier's
 * statistics said (a load that fails with them, as one whose log would
 * not fit them, is tried again without) */
static int quiet_load(const struct sbpf *b, int k, struct load_as as, char *log, size_t loglen)
{
	char stats[1024];
	int fd;

	if (!log && b->verbose && (fd = load_logged(b, k, as, stats, sizeof(stats), 4)) >= 0) {
		verifier_stats(b->obj.progs[k].name, stats);
		return fd;
	}
	return load_logged(b, k, as, log, loglen, 1);
}

/* Program k through libbcc's loader, with the verifier's statistics in
 * log when it is given */
static int bcc_load(const struct sbpf *b, const char *fn, struct load_as as, const struct bpf_insn *insns, int k, char *log,
		    size_t loglen)
{
	return bcc_prog_load(as.type, fn, insns, (int)(sizeof(*insns) * b->obj.progs[k].ninsns), b->obj.license,
			     b->obj.kern_version, log ? 4 : 0, log, log ? (unsigned)loglen : 0);
}

static void *load_ahead(void *arg)
{
	struct sbpf_ahead *a = arg;
	int k = bpfobj_prog_index(&a->b->obj, a->name);

	a->fd = k < 0 ? -1 : quiet_load(a->b, k, a->as, NULL, 0);
	return NULL;
}

void sbpf_load_ahead(struct sbpf *b, const struct sbpf_load *loads, int n)
{
	struct sbpf_ahead *a;
	int i;

	if (b->nahead || n > SBPF_AHEAD_MAX)
		return;
	for (i = 0; i < n; i++) {
		a = &b->ahead[b->nahead];
		a->b = b;
		snprintf(a->name, sizeof(a->name), "%s", loads[i].fn);
		a->as = load_as(b, loads[i].hook, loads[i].target);
		a->fd = -1;
		/* one that did not start loads when attached, as without */
		if ((a->running = pthread_create(&a->thread, NULL, load_ahead, a) == 0))
			b->nahead++;
	}
}

static void ahead_wait(struct sbpf_ahead *a)
{
	if (a->running) {
		pthread_join(a->thread, NULL);
		a->running = 0;
	}
}

/* The threads' work is done; fds they loaded that nobody took are closed
 * when close_rest. */
static void ahead_join(struct sbpf *b, int close_rest)
{
	int i;

	for (i = 0; i < b->nahead; i++) {
		ahead_wait(&b->ahead[i]);
		if (close_rest && b->ahead[i].fd >= 0) {
			close(b->ahead[i].fd);
			b->ahead[i].fd = -1;
		}
	}
}

/* fn as loaded ahead as as: its fd, taken from there; or -1. */
static int take_ahead(struct sbpf *b, const char *fn, struct load_as as)
{
	struct sbpf_ahead *a;
	int i, fd;

	for (i = 0; i < b->nahead; i++) {
		a = &b->ahead[i];
		if (strcmp(a->name, fn) || a->as.type != as.type || a->as.btf_id != as.btf_id)
			continue;
		ahead_wait(a);
		fd = a->fd;
		a->fd = -1;
		return fd;
	}
	return -1;
}

static int remember_prog(struct sbpf *b, const char *fn, int fd, char *err, size_t errlen)
{
	struct sbpf_prog *p = realloc(b->progs, sizeof(*p) * (size_t)(b->nprogs + 1));

	if (!p) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	b->progs = p;
	snprintf(p[b->nprogs].name, sizeof(p[b->nprogs].name), "%s", fn);
	p[b->nprogs++].fd = fd;
	return fd;
}

/* The verifier's last line of log (its verdict) into out. */
static void last_line(const char *log, char *out, size_t len)
{
	const char *end = log + strlen(log), *start;

	while (end > log && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	for (start = end; start > log && start[-1] != '\n'; start--)
		;
	snprintf(out, len, "%.*s", (int)(end - start), start);
}

/* A BTF-typed program libbcc's loader cannot load (it takes no
 * attach_btf_id): loaded here, and when the kernel refuses it, loaded
 * again with the verifier's log for the reason (all of it with -v). */
static int load_typed(struct sbpf *b, const char *fn, int k, struct load_as as, char *err, size_t errlen)
{
	size_t loglen = 1 << 20;
	char *log, why[512] = "";
	int fd = quiet_load(b, k, as, NULL, 0), e = errno;

	if (fd >= 0)
		return fd;
	if (as.btf_id && (log = malloc(loglen))) {
		if (quiet_load(b, k, as, log, loglen) < 0) {
			last_line(log, why, sizeof(why));
			if (b->verbose)
				fprintf(stderr, "%s", log);
		}
		free(log);
	}
	snprintf(err, errlen, "loading BPF program %s: %s (%s)", fn, strerror(e),
		 !as.btf_id ? "its tracepoint's BTF id was not given" : why[0] ? why : "run with -v for the verifier log");
	return -1;
}

/* Load fn once as as says; attach points may share it. */
static int prog_fd(struct sbpf *b, const char *fn, struct load_as as, char *err, size_t errlen)
{
	struct bpf_insn *insns;
	struct sbpf_chatter c;
	char first[1024], stats[1024];
	int i, k, fd;

	for (i = 0; i < b->nprogs; i++)
		if (strcmp(b->progs[i].name, fn) == 0)
			return b->progs[i].fd;
	if ((fd = take_ahead(b, fn, as)) >= 0)
		return remember_prog(b, fn, fd, err, errlen);
	if ((k = bpfobj_prog_index(&b->obj, fn)) < 0) {
		snprintf(err, errlen, "BPF program %s: not in the compiled source", fn);
		return -1;
	}
	if (as.type == BPF_PROG_TYPE_TRACING)
		return (fd = load_typed(b, fn, k, as, err, errlen)) < 0 ? -1 : remember_prog(b, fn, fd, err, errlen);
	if (!(insns = patched(b, k))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	sbpf_chatter_begin(&c);
	/* -v: the verifier's statistics (BPF_LOG_STATS); a load refused
	 * with them (as one whose statistics would not fit) is made again as
	 * without -v, whose refusal libbcc reports with the verifier's log */
	fd = b->verbose ? bcc_load(b, fn, as, insns, k, stats, sizeof(stats)) : -1;
	if (fd >= 0)
		verifier_stats(fn, stats);
	else
		fd = bcc_load(b, fn, as, insns, k, NULL, 0);
	sbpf_chatter_end(&c, b->verbose, first, sizeof(first));
	free(insns);
	if (fd < 0) {
		snprintf(err, errlen, "loading BPF program %s: %s (%s)", fn, strerror(-fd > 0 ? -fd : errno),
			 first[0] ? first : "run with -v for the verifier log");
		return -1;
	}
	return remember_prog(b, fn, fd, err, errlen);
}

static int remember(struct sbpf *b, enum sbpf_hook hook, int fd, const char *a, const char *bn)
{
	struct sbpf_link *n;

	if (b->nlinks == b->clinks) {
		n = realloc(b->links, sizeof(*n) * (size_t)(b->clinks ? b->clinks * 2 : 16));
		if (!n)
			return -1;
		b->links = n;
		b->clinks = b->clinks ? b->clinks * 2 : 16;
	}
	n = &b->links[b->nlinks++];
	n->hook = hook;
	n->fd = fd;
	snprintf(n->a, sizeof(n->a), "%s", a);
	snprintf(n->b, sizeof(n->b), "%s", bn);
	return 0;
}

/* A BTF-typed raw tracepoint program's link: the kernel knows its
 * tracepoint from the program (its attach_btf_id). */
static int open_typed_tracepoint(int pfd)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.raw_tracepoint.prog_fd = (uint32_t)pfd;
	return (int)syscall(__NR_bpf, BPF_RAW_TRACEPOINT_OPEN, &a, sizeof(a));
}

/* The libbcc call for hook; a and bn are what detaching will need. */
static int attach_fd(enum sbpf_hook hook, int pfd, const char *target, char *a, size_t alen,
		     char *bn, size_t blen)
{
	const char *colon = strchr(target, ':');

	a[0] = bn[0] = '\0';
	switch (hook) {
	case SBPF_RAW_TP:
		return bpf_attach_raw_tracepoint(pfd, target);
	case SBPF_TP_BTF:
		return open_typed_tracepoint(pfd);
	case SBPF_TP:
		if (!colon) {
			errno = EINVAL;
			return -1;
		}
		snprintf(a, alen, "%.*s", (int)(colon - target), target);
		snprintf(bn, blen, "%s", colon + 1);
		return bpf_attach_tracepoint(pfd, a, bn);
	default:
		/* event names are per process so concurrent snoops do not collide */
		snprintf(a, alen, "snoop_%d_%s_%s", (int)getpid(), hook == SBPF_KRETPROBE ? "r" : "p", target);
		return bpf_attach_kprobe(pfd, hook == SBPF_KRETPROBE ? BPF_PROBE_RETURN : BPF_PROBE_ENTRY,
					 a, target, 0, 0);
	}
}

int sbpf_tail(struct sbpf *b, enum sbpf_hook hook, const char *fn, const char *target, const char *prog_array,
	      uint32_t index, char *err, size_t errlen)
{
	int fd = prog_fd(b, fn, load_as(b, hook, target), err, errlen);

	if (fd < 0)
		return -1;
	if (sbpf_map_update(b, prog_array, &index, &fd)) {
		snprintf(err, errlen, "BPF map %s: putting %s at %u: %s", prog_array, fn, index, strerror(errno));
		return -1;
	}
	return 0;
}

int sbpf_attach(struct sbpf *b, enum sbpf_hook hook, const char *fn, const char *target,
		char *err, size_t errlen)
{
	static const char *const what[] = { "raw tracepoint", "tracepoint", "kprobe", "kretprobe",
					    "BTF-typed raw tracepoint" };
	int pfd = prog_fd(b, fn, load_as(b, hook, target), err, errlen), fd, e;
	char first[512], a[64], bn[96];
	struct sbpf_chatter c;

	if (pfd < 0)
		return -1;
	sbpf_chatter_begin(&c);
	fd = attach_fd(hook, pfd, target, a, sizeof(a), bn, sizeof(bn));
	e = errno;
	sbpf_chatter_end(&c, b->verbose, first, sizeof(first));
	if (fd < 0) {
		snprintf(err, errlen, "%s %s: %s%s%s", what[hook], target, strerror(e),
			 first[0] ? "; libbcc: " : "", first);
		return -1;
	}
	if (remember(b, hook, fd, a, bn)) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

int sbpf_prog_stats(const struct sbpf *b, int i, const char **name, uint64_t *runs, uint64_t *ns)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);

	if (i < 0 || i >= b->nprogs)
		return -1;
	memset(&info, 0, sizeof(info));
	*name = b->progs[i].name;
	*runs = *ns = 0;
	if (bpf_obj_get_info(b->progs[i].fd, &info, &len) == 0) {
		*runs = info.run_cnt;
		*ns = info.run_time_ns;
	}
	return 0;
}

int sbpf_attach_count(const struct sbpf *b)
{
	return b->nlinks;
}

/* Closes one perf-event link and undoes its attach. */
static void close_perf_link(struct sbpf_link *l)
{
	bpf_close_perf_event_fd(l->fd);
	if (l->hook == SBPF_TP)
		bpf_detach_tracepoint(l->a, l->b);
	else
		bpf_detach_kprobe(l->a);
}

/* Perf-event links being closed by DETACH_THREADS threads: each takes the
 * next one until none is left. */
struct closing {
	struct sbpf_link **links;
	int n;
	atomic_int next;
};

static void *close_links(void *arg)
{
	struct closing *c = arg;
	int i;

	while ((i = atomic_fetch_add(&c->next, 1)) < c->n)
		close_perf_link(c->links[i]);
	return NULL;
}

/* Closing a perf event that runs a BPF program waits for an RCU grace
 * period (70-90 ms here, each): the perf-event links (classic tracepoints,
 * kprobes) are closed by a few threads at once, so that a detach of
 * several takes about one grace period, not one per link in series. Raw
 * tracepoint links close at once (a few ms at most, when the kernel
 * patches the tracepoint off on a busy machine). */
#define DETACH_THREADS 8

static void close_in_parallel(struct closing *c)
{
	pthread_t th[DETACH_THREADS];
	int k, started = 0;

	for (k = 0; k < DETACH_THREADS && k < c->n - 1; k++)
		started += pthread_create(&th[started], NULL, close_links, c) == 0;
	close_links(c);   /* this thread takes its share too */
	for (k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	c->n = 0;
	atomic_store(&c->next, 0);
}

/* Links go in the reverse order of their attach, and one is gone before
 * an earlier one goes: the programs attached first (a CPU's slot moved at
 * a context switch) serve the later ones (the syscalls) to their end. A
 * run of perf-event links goes at once. All are closed when this
 * returns. */
void sbpf_detach_from(struct sbpf *b, int n)
{
	struct closing c = { .links = calloc((size_t)(b->nlinks > n ? b->nlinks - n : 1), sizeof(*c.links)) };
	struct sbpf_chatter chat;

	sbpf_chatter_begin(&chat);
	while (b->nlinks > n) {
		struct sbpf_link *l = &b->links[--b->nlinks];

		if (l->hook == SBPF_RAW_TP || l->hook == SBPF_TP_BTF) {
			close_in_parallel(&c);
			close(l->fd);
		} else if (c.links) {
			c.links[c.n++] = l;
		} else {
			close_perf_link(l);   /* no memory for the list: one by one */
		}
	}
	close_in_parallel(&c);
	free(c.links);
	sbpf_chatter_end(&chat, b->verbose, NULL, 0);
}

/* A perf buffer for one CPU, put in that CPU's slot of the map. */
static struct perf_reader *open_buffer(struct sbpf *b, int cpu, int pages, char *err, size_t errlen)
{
	/* a wake-up the buffer cannot hold would never come: a quarter of it at most */
	int room = pages * 4096 / (int)(b->sample_bytes + 8) / 4;
	struct bcc_perf_buffer_opts opts = {
		.pid = -1, .cpu = cpu,
		.wakeup_events = b->wakeup_events < room ? b->wakeup_events : (room > 0 ? room : 1),
	};
	struct perf_reader *r;
	struct sbpf_chatter c;
	char first[512];
	int fd;

	sbpf_chatter_begin(&c);
	r = bpf_open_perf_buffer_opts((perf_reader_raw_cb)b->cb.sample, (perf_reader_lost_cb)b->cb.lost,
				      b->cb.cookie(b->cb.ctx, cpu), pages, &opts);
	sbpf_chatter_end(&c, b->verbose, first, sizeof(first));
	if (!r) {
		snprintf(err, errlen, "perf buffer for cpu %d (%d pages): %s%s%s", cpu, pages,
			 strerror(errno), first[0] ? "; libbcc: " : "", first);
		return NULL;
	}
	fd = perf_reader_fd(r);
	if (bpf_update_elem(b->buffer_map_fd, &cpu, &fd, 0)) {
		snprintf(err, errlen, "perf buffer for cpu %d: map update: %s", cpu, strerror(errno));
		perf_reader_free(r);
		return NULL;
	}
	return r;
}

int sbpf_open_buffers(struct sbpf *b, const char *map, int pages, int wakeup_events,
		      size_t sample_bytes, const struct sbpf_buffer_cb *cb, char *err, size_t errlen)
{
	int cpus[SBPF_MAX_CPUS], i;
	int ncpus = sbpf_cpus_read(SBPF_CPUS_ONLINE, cpus, SBPF_MAX_CPUS);
	struct perf_reader *r;

	b->buffer_map_fd = sbpf_map_fd(b, map);
	if (ncpus <= 0 || b->buffer_map_fd < 0) {
		snprintf(err, errlen, ncpus <= 0 ? "cannot read /sys/devices/system/cpu/online"
						 : "BPF map %s missing", map);
		return -1;
	}
	b->wakeup_events = wakeup_events;
	b->sample_bytes = sample_bytes;
	b->cb = *cb;
	for (i = 0; i < ncpus; i++) {
		r = open_buffer(b, cpus[i], pages, err, errlen);
		if (!r)
			return -1;
		b->readers[b->nreaders] = r;
		b->reader_cpu[b->nreaders++] = cpus[i];
	}
	return 0;
}

int sbpf_grow_buffer(struct sbpf *b, int i, int pages, char *err, size_t errlen)
{
	struct perf_reader *r = open_buffer(b, b->reader_cpu[i], pages, err, errlen);

	if (!r)
		return -1;   /* the old buffer stays in use */
	/* BPF writes to the new buffer from now on: empty the old one first */
	perf_reader_event_read(b->readers[i]);
	perf_reader_free(b->readers[i]);
	b->readers[i] = r;
	return 0;
}

int sbpf_buffer_count(const struct sbpf *b)
{
	return b->nreaders;
}

int sbpf_buffer_cpu(const struct sbpf *b, int i)
{
	return b->reader_cpu[i];
}

int sbpf_buffer_fd(const struct sbpf *b, int i)
{
	return perf_reader_fd(b->readers[i]);
}

void sbpf_buffer_read(struct sbpf *b, int i)
{
	perf_reader_event_read(b->readers[i]);
}

int sbpf_map_next_key(struct sbpf *b, const char *map, const void *key, void *next)
{
	int fd = map_fd(b, map);

	return fd < 0 || bpf_get_next_key(fd, (void *)key, next) ? -1 : 0;
}

int sbpf_percpu_u64(struct sbpf *b, const char *map, unsigned key, uint64_t *per_cpu, int max)
{
	int n = sbpf_cpu_slots();

	/* the kernel returns one 8-byte slot per possible CPU, 0..last */
	if (n <= 0 || n > max || sbpf_map_lookup(b, map, &key, per_cpu))
		return -1;
	return n;
}

int sbpf_open_ringbuf(struct sbpf *b, const char *map, sbpf_ring_fn fn, void *ctx,
		      char *err, size_t errlen)
{
	int fd = sbpf_map_fd(b, map);

	b->ringbuf = fd < 0 ? NULL : bpf_new_ringbuf(fd, (ring_buffer_sample_fn)fn, ctx);
	if (!b->ringbuf) {
		snprintf(err, errlen, "ring buffer %s: %s", map, strerror(errno));
		return -1;
	}
	b->ringbuf_fd = fd;
	return 0;
}

int sbpf_ringbuf_fd(const struct sbpf *b)
{
	return b->ringbuf ? b->ringbuf_fd : -1;
}

void sbpf_ringbuf_read(struct sbpf *b)
{
	if (b->ringbuf)
		bpf_consume_ringbuf(b->ringbuf);
}

void sbpf_free(struct sbpf *b)
{
	int i;

	if (!b)
		return;
	ahead_join(b, 1);
	sbpf_detach_from(b, 0);
	for (i = 0; i < b->nreaders; i++)
		perf_reader_free(b->readers[i]);
	if (b->ringbuf)
		bpf_free_ringbuf(b->ringbuf);
	for (i = 0; i < b->nprogs; i++)
		close(b->progs[i].fd);
	free(b->progs);
	free(b->links);
	maps_close(b->map_fds, b->obj.nmaps);
	bpfobj_free(&b->obj);
	free(b);
}
