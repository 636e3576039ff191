/* rings.c - see rings.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/bpf.h>
#include "progdesc.h"
#include "trace/rings.h"

#define SLOT_STRIDE ((SNOOP_RING_SLOT + 7) & ~7u)   /* the kernel's element size */
#define RING_FLAGS (BPF_F_MMAPABLE | BPF_F_INNER_MAP)

unsigned rings_chunks(uint64_t bytes)
{
	unsigned chunks = 2;

	while ((uint64_t)chunks * SNOOP_RING_CHUNK < bytes && chunks < (1u << 20))
		chunks *= 2;
	return chunks;
}

static void ring_free(struct ring *r)
{
	/* after a refused mapping, the range it was to cover may be a hole
	 * the kernel left, and another thread's mapping there now: not ours */
	if (r->mem && !r->hole_end)
		munmap(r->mem, r->len);
	if (r->mem && r->hole_end) {
		if (r->mapped)
			munmap(r->mem, r->mapped);
		if (r->hole_end < r->len)
			munmap(r->mem + r->hole_end, r->len - r->hole_end);
	}
	if (r->fd >= 0)
		close(r->fd);
	r->mem = NULL;
	r->mapped = 0;
	r->hole_end = 0;
	r->fd = -1;
}

static size_t page_up(size_t n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return (n + page - 1) & ~(page - 1);
}

/* Maps r's first need bytes (at least), in its reserved range, at the
 * same offset in the map: 0, or -1 with errno, and then never again (a
 * failed MAP_FIXED may have left a hole in the range). Each mapping is an
 * area of its own (the map's never merge): reaching four times as far
 * each time, and to the end once little would be left, keeps them few
 * (four for a 16 MiB ring, five at the largest growth). */
static int ring_reach(struct ring *r, size_t need)
{
	size_t end;

	if (need <= r->mapped)
		return 0;
	if (r->hole_end) {
		errno = EFAULT;
		return -1;
	}
	end = page_up(need > 4 * r->mapped ? need : 4 * r->mapped);
	if (end + end / 4 >= r->len)
		end = r->len;
	if (mmap(r->mem + r->mapped, end - r->mapped, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, r->fd,
		 (off_t)r->mapped) == MAP_FAILED) {
		r->hole_end = end;
		return -1;
	}
	r->mapped = end;
	return 0;
}

int ring_map(struct ring *r, int cpu, int fd, unsigned chunks, char *err, size_t errlen)
{
	uint64_t capacity = (uint64_t)chunks * SNOOP_RING_CHUNK;

	r->cpu = cpu;
	r->fd = fd;
	r->mapped = 0;
	r->hole_end = 0;
	r->len = page_up((size_t)SLOT_STRIDE * (chunks + 1));
	/* the whole range reserved, nothing in it yet: ring_reach maps over it */
	r->mem = mmap(NULL, r->len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (r->mem == MAP_FAILED) {
		snprintf(err, errlen, "reserving %zu KiB for the ring of cpu %d: %s%s", r->len / 1024, cpu,
			 strerror(errno), errno == ENOMEM ? " (a smaller --buffer-pages needs less; is ulimit -v low?)" : "");
		r->mem = NULL;
		return -1;
	}
	if (ring_reach(r, RINGS_FIRST_MAP)) {
		snprintf(err, errlen, "mapping the ring of cpu %d: %s", cpu, strerror(errno));
		return -1;
	}
	r->h = (struct snoop_ring_head *)r->mem;
	r->mask = chunks - 1;
	r->tail = 0;
	r->h->mask = r->mask;
	/* woken an eighth of the way: seven eighths left for the reader to come */
	r->h->bell_every = capacity / 8;
	r->h->bell_at = r->h->bell_every;
	return 0;
}

/* A ring of chunks for cpu, its start mapped, its head set; not yet in
 * use. lossless: half full, it stops the processes writing. */
static int ring_make(struct ring *r, int cpu, unsigned chunks, int lossless, char *err, size_t errlen)
{
	int fd = sbpf_array_create("snoop_ring", SNOOP_RING_SLOT, chunks + 1, RING_FLAGS, err, errlen);

	r->mem = NULL;
	r->fd = fd;
	if (fd < 0)
		return -1;
	if (ring_map(r, cpu, fd, chunks, err, errlen)) {
		ring_free(r);
		return -1;
	}
	/* half: what a process writes between its stop and its stopping
	 * (its other threads, a signal's record) fits in the other half */
	r->h->pause_at = lossless ? chunks / 2 : 0;
	return 0;
}

/* Puts rings first..n-1 where their CPUs' programs will find them, in
 * one update: each update of a map of maps waits for the programs that
 * may be running (~15 ms), so one per CPU would add up. */
static int rings_install(struct sbpf *b, const struct ring *r, int n, char *err, size_t errlen)
{
	__u32 keys[SBPF_MAX_CPUS], fds[SBPF_MAX_CPUS];
	int i;

	for (i = 0; i < n; i++) {
		keys[i] = (__u32)r[i].cpu;
		fds[i] = (__u32)r[i].fd;
	}
	if (sbpf_map_update_many(b, snoop_maps[SNOOP_MAP_RINGS].name, keys, fds, (uint32_t)n)) {
		snprintf(err, errlen, "BPF map rings: %d CPUs: %s", n, strerror(errno));
		return -1;
	}
	return 0;
}

int rings_open(struct rings *rs, struct sbpf *b, uint64_t bytes, int lossless, char *err, size_t errlen)
{
	int cpus[SBPF_MAX_CPUS], i, n = sbpf_cpus_read(SBPF_CPUS_ONLINE, cpus, SBPF_MAX_CPUS);

	rs->n = 0;
	rs->bad = 0;
	rs->pauses = 0;
	rs->lossless = lossless;
	rs->fault[0] = '\0';
	rs->chunks = rings_chunks(bytes);
	for (i = 0; i < SBPF_MAX_CPUS; i++)
		rs->old[i].fd = -1;
	if (n <= 0) {
		snprintf(err, errlen, "cannot read /sys/devices/system/cpu/online");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (cpus[i] >= SNOOP_RING_MAX_CPUS)
			continue;   /* none of ours: its records are counted lost */
		if (ring_make(&rs->r[rs->n], cpus[i], rs->chunks, lossless, err, errlen))
			return -1;
		rs->n++;
	}
	return rings_install(b, rs->r, rs->n, err, errlen);
}

/* The first ring that could not be mapped far enough, for the report. */
static void ring_fault(struct rings *rs, const struct ring *r, size_t need, uint64_t unread)
{
	if (!rs->fault[0])
		snprintf(rs->fault, sizeof(rs->fault),
			 "mapping the ring of cpu %d up to %zu KiB: %s: its records from there on (%llu KiB then) were not read",
			 r->cpu, need / 1024, strerror(errno), (unsigned long long)unread / 1024);
}

static uint64_t ring_read(struct rings *rs, struct ring *r, ring_record_fn fn, void *ctx)
{
	uint64_t head = __atomic_load_n(&r->h->head, __ATOMIC_ACQUIRE), pos = r->tail, size, n = 0;
	const uint8_t *at;
	size_t slot;

	while (pos < head) {
		slot = SLOT_STRIDE * (1 + ((pos >> SNOOP_RING_CHUNK_SHIFT) & r->mask));
		if (ring_reach(r, slot + SLOT_STRIDE)) {   /* a record may run into its chunk's slack */
			ring_fault(rs, r, slot + SLOT_STRIDE, head - pos);
			break;
		}
		at = r->mem + slot + (pos & (SNOOP_RING_CHUNK - 1));
		memcpy(&size, at, sizeof(size));
		if (size & SNOOP_RING_PAUSE) {
			rs->pauses++;
			if (rs->paused)
				rs->paused(ctx, r->cpu, (uint32_t)size, SNOOP_PAUSE_SEQ(size));
			pos = snoop_ring_next(pos, 0);
			continue;
		}
		if (size < sizeof(struct snoop_record) || size > sizeof(struct snoop_event)) {
			rs->bad++;   /* cannot be ours: the rest of the ring cannot be trusted */
			pos = head;
			break;
		}
		fn(ctx, r->cpu, at + SNOOP_RING_FRAME, (size_t)size);
		pos = snoop_ring_next(pos, size);
		n++;
	}
	r->tail = pos;
	__atomic_store_n(&r->h->tail, pos, __ATOMIC_RELEASE);
	return n;
}

uint64_t rings_read(struct rings *rs, int i, ring_record_fn fn, void *ctx)
{
	return ring_read(rs, &rs->r[i], fn, ctx);
}

int rings_have_old(const struct rings *rs, int i)
{
	return rs->old[i].fd >= 0;
}

uint64_t rings_read_old(struct rings *rs, int i, ring_record_fn fn, void *ctx)
{
	return rings_have_old(rs, i) ? ring_read(rs, &rs->old[i], fn, ctx) : 0;
}

int rings_reap(struct rings *rs, uint64_t now_ns, ring_record_fn fn, void *ctx)
{
	int i, reaped = 0;

	for (i = 0; i < rs->n; i++) {
		if (!rings_have_old(rs, i) || now_ns - rs->retired_ns < RINGS_RETIRE_NS)
			continue;
		ring_read(rs, &rs->old[i], fn, ctx);
		ring_free(&rs->old[i]);
		reaped = 1;
	}
	return reaped;
}

int rings_grow(struct rings *rs, struct sbpf *b, uint64_t bytes, uint64_t now_ns, ring_record_fn fn,
	       void *ctx, char *err, size_t errlen)
{
	unsigned chunks = rings_chunks(bytes);
	static struct ring fresh[SBPF_MAX_CPUS];
	int i, made;

	rings_reap(rs, UINT64_MAX, fn, ctx);
	for (made = 0; made < rs->n; made++)
		if (ring_make(&fresh[made], rs->r[made].cpu, chunks, rs->lossless, err, errlen))
			break;
	/* all at once, or none: the readers' rings and the programs' agree */
	if (made < rs->n || rings_install(b, fresh, made, err, errlen)) {
		for (i = 0; i < made; i++)
			ring_free(&fresh[i]);
		return -1;
	}
	for (i = 0; i < rs->n; i++) {
		rs->old[i] = rs->r[i];
		rs->r[i] = fresh[i];
	}
	rs->retired_ns = now_ns;
	rs->chunks = chunks;
	return 0;
}

void rings_close(struct rings *rs)
{
	int i;

	for (i = 0; i < rs->n; i++) {
		ring_free(&rs->r[i]);
		ring_free(&rs->old[i]);
	}
	rs->n = 0;
}
