/* BPF.c - see BPF.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bcc/bcc_common.h>
#include <bcc/libbpf.h>
#include <bcc/perf_reader.h>
#include "BPF.h"
#include <linux/types.h>
#include "bpf/snoop.h"
#include "error.h"

enum attach_kind { ATT_RAW_TP, ATT_TP, ATT_KPROBE };

struct sbpf_attach {
	enum attach_kind kind;
	int fd;
	char a[64], b[96];   /* TP: category, name; KPROBE: event name */
};

struct sbpf_prog {
	char name[64];
	int fd;
};

/* libbcc's stderr, caught in a memfd for the length of one call. */
struct capture {
	int saved, fd;
};

static void capture_begin(struct capture *c)
{
	fflush(stderr);
	c->fd = memfd_create("snoop-libbcc", MFD_CLOEXEC);
	c->saved = c->fd >= 0 ? dup(STDERR_FILENO) : -1;
	if (c->saved >= 0)
		dup2(c->fd, STDERR_FILENO);
}

/* Restores stderr; puts the first line mentioning an error (else the first
 * line) in first; replays everything with -v. */
static void capture_end(struct capture *c, char *first, size_t len)
{
	char buf[65536], *line, *pick = NULL, *save = NULL;
	ssize_t n = 0;

	fflush(stderr);
	if (c->saved >= 0) {
		dup2(c->saved, STDERR_FILENO);
		close(c->saved);
		n = pread(c->fd, buf, sizeof(buf) - 1, 0);
	}
	if (c->fd >= 0)
		close(c->fd);
	buf[n > 0 ? n : 0] = '\0';
	if (verbose && n > 0)
		fputs(buf, stderr);
	if (!first)
		return;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "error") || strstr(line, "Error") || strstr(line, "failed")) {
			pick = line;
			break;
		}
		if (!pick)
			pick = line;
	}
	snprintf(first, len, "%s", pick ? pick : "");
}

int sbpf_compile(struct sbpf *b, const char *text, const char **cflags, char *err, size_t errlen)
{
	struct capture c;
	char first[1024];
	int n = 0;

	while (cflags && cflags[n])
		n++;
	capture_begin(&c);
	b->mod = bpf_module_create_c_from_string(text, 0, cflags, n, true, NULL);
	capture_end(&c, first, sizeof(first));
	if (!b->mod) {
		snprintf(err, errlen, "BPF compile failed: %s", first[0] ? first : "no diagnostic (run with -v)");
		return -1;
	}
	return 0;
}

int sbpf_map_fd(struct sbpf *b, const char *name)
{
	return bpf_table_fd(b->mod, name);
}

/* Load fn once as prog type; attach points may share it. */
static int prog_fd(struct sbpf *b, const char *fn, enum bpf_prog_type type, char *err, size_t errlen)
{
	struct sbpf_prog *p;
	struct capture c;
	char first[1024];
	void *start;
	int i, fd;

	for (i = 0; i < b->nprogs; i++)
		if (strcmp(b->progs[i].name, fn) == 0)
			return b->progs[i].fd;
	start = bpf_function_start(b->mod, fn);
	if (!start) {
		snprintf(err, errlen, "BPF program %s: not in the compiled source", fn);
		return -1;
	}
	capture_begin(&c);
	fd = bcc_func_load(b->mod, type, fn, start, (int)bpf_function_size(b->mod, fn),
			   bpf_module_license(b->mod), bpf_module_kern_version(b->mod),
			   0, NULL, 0, NULL, -1);
	capture_end(&c, first, sizeof(first));
	if (fd < 0) {
		snprintf(err, errlen, "loading BPF program %s: %s (%s)", fn, strerror(-fd > 0 ? -fd : errno),
			 first[0] ? first : "run with -v for the verifier log");
		return -1;
	}
	p = realloc(b->progs, sizeof(*p) * (size_t)(b->nprogs + 1));
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

static int remember(struct sbpf *b, enum attach_kind kind, int fd, const char *a, const char *bn)
{
	struct sbpf_attach *n;

	if (b->natt == b->catt) {
		n = realloc(b->att, sizeof(*n) * (size_t)(b->catt ? b->catt * 2 : 16));
		if (!n)
			return -1;
		b->att = n;
		b->catt = b->catt ? b->catt * 2 : 16;
	}
	n = &b->att[b->natt++];
	n->kind = kind;
	n->fd = fd;
	snprintf(n->a, sizeof(n->a), "%s", a ? a : "");
	snprintf(n->b, sizeof(n->b), "%s", bn ? bn : "");
	return 0;
}

/* Common tail of the attach calls: report, or remember the attachment. */
static int attached(struct sbpf *b, int fd, enum attach_kind kind, const char *a, const char *bn,
		    const char *what, const char *first, char *err, size_t errlen)
{
	int e = errno;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s%s%s", what, strerror(e),
			 first[0] ? "; libbcc: " : "", first);
		return -1;
	}
	if (remember(b, kind, fd, a, bn)) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

int sbpf_attach_raw_tp(struct sbpf *b, const char *fn, const char *tp, char *err, size_t errlen)
{
	struct capture c;
	char first[512], what[128];
	int pfd = prog_fd(b, fn, BPF_PROG_TYPE_RAW_TRACEPOINT, err, errlen), fd;

	if (pfd < 0)
		return -1;
	capture_begin(&c);
	fd = bpf_attach_raw_tracepoint(pfd, tp);
	capture_end(&c, first, sizeof(first));
	snprintf(what, sizeof(what), "raw tracepoint %s", tp);
	return attached(b, fd, ATT_RAW_TP, NULL, NULL, what, first, err, errlen);
}

int sbpf_attach_tp(struct sbpf *b, const char *fn, const char *category, const char *tp,
		   char *err, size_t errlen)
{
	struct capture c;
	char first[512], what[160];
	int pfd = prog_fd(b, fn, BPF_PROG_TYPE_TRACEPOINT, err, errlen), fd;

	if (pfd < 0)
		return -1;
	capture_begin(&c);
	fd = bpf_attach_tracepoint(pfd, category, tp);
	capture_end(&c, first, sizeof(first));
	snprintf(what, sizeof(what), "tracepoint %s:%s", category, tp);
	return attached(b, fd, ATT_TP, category, tp, what, first, err, errlen);
}

int sbpf_attach_kprobe(struct sbpf *b, const char *fn, const char *kfunc, int retprobe,
		       char *err, size_t errlen)
{
	struct capture c;
	char first[512], what[160], ev[96];
	int pfd = prog_fd(b, fn, BPF_PROG_TYPE_KPROBE, err, errlen), fd;

	if (pfd < 0)
		return -1;
	/* event names are per process so concurrent snoops do not collide */
	snprintf(ev, sizeof(ev), "snoop_%d_%s_%s", (int)getpid(), retprobe ? "r" : "p", kfunc);
	capture_begin(&c);
	fd = bpf_attach_kprobe(pfd, retprobe ? BPF_PROBE_RETURN : BPF_PROBE_ENTRY, ev, kfunc, 0, 0);
	capture_end(&c, first, sizeof(first));
	snprintf(what, sizeof(what), "%s %s", retprobe ? "kretprobe" : "kprobe", kfunc);
	return attached(b, fd, ATT_KPROBE, ev, NULL, what, first, err, errlen);
}

int sbpf_attach_count(const struct sbpf *b)
{
	return b->natt;
}

void sbpf_detach_from(struct sbpf *b, int n)
{
	struct capture c;

	capture_begin(&c);
	while (b->natt > n) {
		struct sbpf_attach *a = &b->att[--b->natt];

		switch (a->kind) {
		case ATT_RAW_TP:
			close(a->fd);
			break;
		case ATT_TP:
			bpf_close_perf_event_fd(a->fd);
			bpf_detach_tracepoint(a->a, a->b);
			break;
		case ATT_KPROBE:
			bpf_close_perf_event_fd(a->fd);
			bpf_detach_kprobe(a->a);
			break;
		}
	}
	capture_end(&c, NULL, 0);
}

int parse_cpu_list(const char *s, int *cpus, int max)
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

/* path: /sys/devices/system/cpu/online or .../possible */
static int read_cpu_list(const char *path, int *cpus, int max)
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
	return parse_cpu_list(buf, cpus, max);
}

/* A perf buffer for one CPU, put in that CPU's slot of the map. */
static struct perf_reader *open_buffer(int map_fd, int cpu, int pages, int wakeup_events,
				       perf_reader_raw_cb raw_cb, perf_reader_lost_cb lost_cb,
				       void *cookie, char *err, size_t errlen)
{
	/* a wake-up the buffer cannot hold would never come: a quarter of it at most */
	int room = pages * 4096 / (int)(sizeof(struct snoop_record) + 8) / 4;
	struct bcc_perf_buffer_opts opts = { .pid = -1, .cpu = cpu,
					     .wakeup_events = wakeup_events < room ? wakeup_events : (room > 0 ? room : 1) };
	struct perf_reader *r;
	struct capture c;
	char first[512];
	int fd;

	capture_begin(&c);
	r = bpf_open_perf_buffer_opts(raw_cb, lost_cb, cookie, pages, &opts);
	capture_end(&c, first, sizeof(first));
	if (!r) {
		snprintf(err, errlen, "perf buffer for cpu %d (%d pages): %s%s%s", cpu, pages,
			 strerror(errno), first[0] ? "; libbcc: " : "", first);
		return NULL;
	}
	fd = perf_reader_fd(r);
	if (bpf_update_elem(map_fd, &cpu, &fd, 0)) {
		snprintf(err, errlen, "perf buffer for cpu %d: map update: %s", cpu, strerror(errno));
		perf_reader_free(r);
		return NULL;
	}
	return r;
}

int sbpf_open_buffers(struct sbpf *b, const char *map, int pages, int wakeup_events,
		      perf_reader_raw_cb raw_cb, perf_reader_lost_cb lost_cb,
		      void *(*cookie)(int cpu), char *err, size_t errlen)
{
	int cpus[SBPF_MAX_CPUS], i, map_fd = sbpf_map_fd(b, map);
	int ncpus = read_cpu_list("/sys/devices/system/cpu/online", cpus, SBPF_MAX_CPUS);
	struct perf_reader *r;

	if (ncpus <= 0 || map_fd < 0) {
		snprintf(err, errlen, ncpus <= 0 ? "cannot read /sys/devices/system/cpu/online"
						 : "BPF map %s missing", map);
		return -1;
	}
	for (i = 0; i < ncpus; i++) {
		r = open_buffer(map_fd, cpus[i], pages, wakeup_events, raw_cb, lost_cb, cookie(cpus[i]), err, errlen);
		if (!r)
			return -1;
		b->readers[b->nreaders] = r;
		b->reader_cpu[b->nreaders++] = cpus[i];
	}
	return 0;
}

int sbpf_grow_buffers(struct sbpf *b, const char *map, int pages, int wakeup_events,
		      perf_reader_raw_cb raw_cb, perf_reader_lost_cb lost_cb,
		      void *(*cookie)(int cpu), char *err, size_t errlen)
{
	int i, cpu, map_fd = sbpf_map_fd(b, map);
	struct perf_reader *r;

	for (i = 0; i < b->nreaders; i++) {
		cpu = b->reader_cpu[i];
		r = open_buffer(map_fd, cpu, pages, wakeup_events, raw_cb, lost_cb, cookie(cpu), err, errlen);
		if (!r)
			return -1;   /* the old buffer stays in use */
		/* BPF writes to the new buffer from now on: empty the old one first */
		perf_reader_event_read(b->readers[i]);
		perf_reader_free(b->readers[i]);
		b->readers[i] = r;
	}
	return 0;
}

int sbpf_percpu_u64(struct sbpf *b, const char *map, unsigned key, uint64_t *per_cpu, int max)
{
	int cpus[SBPF_MAX_CPUS];
	int n = read_cpu_list("/sys/devices/system/cpu/possible", cpus, SBPF_MAX_CPUS);

	/* the kernel returns one 8-byte slot per possible CPU, 0..last */
	if (n <= 0 || cpus[n - 1] + 1 > max)
		return -1;
	if (bpf_lookup_elem(sbpf_map_fd(b, map), &key, per_cpu))
		return -1;
	return cpus[n - 1] + 1;
}

int sbpf_map_is_ringbuf(struct sbpf *b, const char *map)
{
	return bpf_table_type(b->mod, map) == BPF_MAP_TYPE_RINGBUF;
}

int sbpf_open_ringbuf(struct sbpf *b, const char *map, int (*cb)(void *ctx, void *data, size_t size),
		      char *err, size_t errlen)
{
	int fd = sbpf_map_fd(b, map);

	b->ringbuf = fd < 0 ? NULL : bpf_new_ringbuf(fd, (ring_buffer_sample_fn)cb, NULL);
	if (!b->ringbuf) {
		snprintf(err, errlen, "ring buffer %s: %s", map, strerror(errno));
		return -1;
	}
	b->ringbuf_fd = fd;   /* a ring buffer map's fd polls ready when data is there */
	return 0;
}

void sbpf_ringbuf_read(struct sbpf *b)
{
	if (b->ringbuf)
		bpf_consume_ringbuf(b->ringbuf);
}

int sbpf_reader_fd(struct sbpf *b, int i)
{
	return perf_reader_fd(b->readers[i]);
}

void sbpf_reader_read(struct sbpf *b, int i)
{
	perf_reader_event_read(b->readers[i]);
}

void sbpf_close(struct sbpf *b)
{
	int i;

	sbpf_detach_from(b, 0);
	for (i = 0; i < b->nreaders; i++)
		perf_reader_free(b->readers[i]);
	b->nreaders = 0;
	if (b->ringbuf)
		bpf_free_ringbuf(b->ringbuf);
	b->ringbuf = NULL;
	for (i = 0; i < b->nprogs; i++)
		close(b->progs[i].fd);
	b->nprogs = 0;
	free(b->progs);
	free(b->att);
	b->progs = NULL;
	b->att = NULL;
	b->catt = 0;
	if (b->mod)
		bpf_module_destroy(b->mod);
	b->mod = NULL;
}
