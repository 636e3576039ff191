/* The rings snoop maps (--buffer=mapped): the frame layout both sides
 * follow (bpf/snoop.h's snoop_ring_next), and the reader's walk over a ring
 * that a writer written here the way bpf/snoop.bpf.c's submit() writes it
 * fills, across chunk ends and around the ring, with full-ring losses. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "trace/rings.h"

#define STRIDE ((SNOOP_RING_SLOT + 7) & ~7u)

Test(rings, chunks_are_a_power_of_two_that_hold_the_bytes)
{
	cr_assert_eq(rings_chunks(0), 2);
	cr_assert_eq(rings_chunks(2 * SNOOP_RING_CHUNK), 2);
	cr_assert_eq(rings_chunks(2 * SNOOP_RING_CHUNK + 1), 4);
	cr_assert_eq(rings_chunks(1 << 20), (1 << 20) / SNOOP_RING_CHUNK);
}

Test(rings, a_record_never_leaves_its_slot)
{
	uint64_t off, size, next;

	for (off = 0; off < SNOOP_RING_CHUNK; off += 8)
		for (size = sizeof(struct snoop_record); size <= sizeof(struct snoop_event); size += 8) {
			cr_assert_leq(off + SNOOP_RING_FRAME + size, SNOOP_RING_SLOT);
			next = snoop_ring_next(SNOOP_RING_CHUNK * 5 + off, size);
			cr_assert_eq(next % 8, 0);
			/* on in this chunk, or the next chunk's start */
			cr_assert(next >> SNOOP_RING_CHUNK_SHIFT == 5 ||
				  next == 6ull * SNOOP_RING_CHUNK, "off %lu size %lu next %lu",
				  (unsigned long)off, (unsigned long)size, (unsigned long)next);
		}
}

/* A ring of chunks as ring_make sets it up, on a memfd laid out as the
 * BPF array is: the reader's view mapped as far as it reached, as snoop's
 * is; the writer's (writer_mem) whole, as the kernel's is. */
static uint8_t *writer_mem;

static struct rings *fake_rings(unsigned chunks)
{
	struct rings *rs = calloc(1, sizeof(*rs));
	struct ring *r = &rs->r[0];
	size_t len = ((size_t)STRIDE * (chunks + 1) + 4095) & ~(size_t)4095;
	int fd = memfd_create("ring", 0);
	char err[256];

	cr_assert(fd >= 0 && ftruncate(fd, (off_t)len) == 0);
	writer_mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	cr_assert_neq(writer_mem, MAP_FAILED);
	rs->n = 1;
	rs->chunks = chunks;
	for (int i = 0; i < SBPF_MAX_CPUS; i++)
		rs->old[i].fd = -1;
	cr_assert_eq(ring_map(r, 3, fd, chunks, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(r->len, len);
	return rs;
}

static void free_fake(struct rings *rs)
{
	munmap(writer_mem, rs->r[0].len);
	munmap(rs->r[0].mem, rs->r[0].len);
	close(rs->r[0].fd);
	free(rs);
}

/* submit() in C: 0, or -1 when the ring is full (a loss). */
static int write_record(uint32_t tid, size_t mem)
{
	struct snoop_ring_head *h = (struct snoop_ring_head *)writer_mem;
	uint64_t pos = h->head, chunk = pos >> SNOOP_RING_CHUNK_SHIFT, size = sizeof(struct snoop_record) + mem;
	uint8_t *slot;
	struct snoop_record rec = { .tid = tid, .ts_ns = tid };

	if (chunk - (__atomic_load_n(&h->tail, __ATOMIC_ACQUIRE) >> SNOOP_RING_CHUNK_SHIFT) > h->mask)
		return -1;
	slot = writer_mem + STRIDE * (1 + (chunk & h->mask)) + (pos & (SNOOP_RING_CHUNK - 1));
	memcpy(slot, &size, sizeof(size));
	memcpy(slot + SNOOP_RING_FRAME, &rec, sizeof(rec));
	memset(slot + SNOOP_RING_FRAME + sizeof(rec), (int)(tid & 0xff), mem);
	__atomic_store_n(&h->head, snoop_ring_next(pos, size), __ATOMIC_RELEASE);   /* as ring_publish */
	return 0;
}

static uint32_t next_tid;

static void check_record(void *ctx, int cpu, const void *p, size_t size)
{
	struct snoop_record rec;
	size_t i;

	(void)ctx;
	cr_assert_eq(cpu, 3);
	memcpy(&rec, p, sizeof(rec));
	cr_assert_eq(rec.tid, next_tid, "record %u where %u was due", rec.tid, next_tid);
	for (i = sizeof(rec); i < size; i++)
		cr_assert_eq(((const uint8_t *)p)[i], rec.tid & 0xff);
	next_tid++;
}

Test(rings, the_reader_gets_every_record_in_order_around_the_ring)
{
	struct rings *rs = fake_rings(2);
	uint32_t tid = 0, round;
	uint64_t got = 0;

	next_tid = 0;
	for (round = 0; round < 200; round++) {
		/* bursts of records with and without memory, some larger than
		 * what is left of a chunk */
		for (int k = 0; k < 37; k++)
			cr_assert_eq(write_record(tid++, (size_t)(k * 13 % 600)), 0);
		got += rings_read(rs, 0, check_record, NULL);
	}
	cr_assert_eq(got, tid);
	cr_assert_eq(next_tid, tid);
	cr_assert_eq(rs->r[0].h->tail, rs->r[0].h->head);
	cr_assert_eq(rs->bad, 0);
	free_fake(rs);
}

Test(rings, a_full_ring_refuses_and_the_reader_frees_it)
{
	struct rings *rs = fake_rings(2);
	uint32_t tid = 0;

	next_tid = 0;
	while (write_record(tid, 500) == 0)
		tid++;
	/* two chunks of records of 636 bytes (640 with the frame's
	 * rounding): 26 per chunk, the last running into its slack */
	cr_assert_eq(tid, 2 * (SNOOP_RING_CHUNK / ((SNOOP_RING_FRAME + sizeof(struct snoop_record) + 500 + 7) & ~7ul) + 1));
	cr_assert_eq(rings_read(rs, 0, check_record, NULL), tid);
	cr_assert_eq(write_record(tid, 500), 0);
	free_fake(rs);
}

Test(rings, a_frame_that_cannot_be_a_record_stops_the_walk)
{
	struct rings *rs = fake_rings(2);
	uint64_t bad = 3;

	next_tid = 0;
	write_record(0, 0);
	memcpy(writer_mem + STRIDE, &bad, sizeof(bad));
	cr_assert_eq(rings_read(rs, 0, check_record, NULL), 0);
	cr_assert_eq(rs->bad, 1);
	cr_assert_eq(rs->r[0].h->tail, rs->r[0].h->head);
	free_fake(rs);
}

/* ring_pause in C: the pause frame after the record just written. */
static void write_pause(uint32_t tgid, uint32_t seq)
{
	struct snoop_ring_head *h = (struct snoop_ring_head *)writer_mem;
	uint64_t pos = h->head, frame = SNOOP_RING_PAUSE | (uint64_t)seq << 32 | tgid;

	memcpy(writer_mem + STRIDE * (1 + ((pos >> SNOOP_RING_CHUNK_SHIFT) & h->mask)) + (pos & (SNOOP_RING_CHUNK - 1)),
	       &frame, sizeof(frame));
	__atomic_store_n(&h->head, snoop_ring_next(pos, 0), __ATOMIC_RELEASE);
}

static uint32_t paused_tgids[8], paused_seqs[8];
static int npaused, paused_after;   /* how many records had been read at the last pause */

static void note_pause(void *ctx, int cpu, uint32_t tgid, uint32_t seq)
{
	(void)ctx;
	cr_assert_eq(cpu, 3);
	paused_seqs[npaused] = seq;
	paused_tgids[npaused++] = tgid;
	paused_after = (int)next_tid;
}

Test(rings, a_pause_frame_names_its_process_in_its_place_among_the_records)
{
	struct rings *rs = fake_rings(2);
	uint32_t tid = 0;

	next_tid = 0;
	npaused = 0;
	rs->paused = note_pause;
	/* the first chunk filled up to its end, so that a frame falls last in
	 * a chunk, then one more record into the second chunk */
	while ((((struct snoop_ring_head *)writer_mem)->head >> SNOOP_RING_CHUNK_SHIFT) == 0)
		cr_assert_eq(write_record(tid++, 500), 0);
	write_pause(4242, 1);
	cr_assert_eq(write_record(tid++, 0), 0);
	write_pause(0xfffffffe, 0x7fffffff);
	cr_assert_eq(rings_read(rs, 0, check_record, NULL), tid, "pause frames are not records");
	cr_assert_eq(npaused, 2);
	cr_assert_eq(paused_tgids[0], 4242);
	cr_assert_eq(paused_tgids[1], 0xfffffffe, "a process id's every bit");
	cr_assert_eq(paused_seqs[0], 1);
	cr_assert_eq(paused_seqs[1], 0x7fffffff, "a pause number's every bit");
	cr_assert_eq(paused_after, (int)tid, "the second after the record before it");
	cr_assert_eq(rs->pauses, 2);
	cr_assert_eq(rs->bad, 0);
	cr_assert_eq(rs->r[0].h->tail, rs->r[0].h->head);
	free_fake(rs);
}

Test(rings, a_pause_frame_takes_eight_bytes_even_at_a_chunks_end)
{
	cr_assert_eq(snoop_ring_next(64, 0), 72);
	cr_assert_eq(snoop_ring_next(SNOOP_RING_CHUNK - 8, 0), SNOOP_RING_CHUNK);
	cr_assert_eq(SNOOP_PAUSE_SEQ(SNOOP_RING_PAUSE | 0xffffffffu), 0, "no process id reaches the number");
	cr_assert_eq(SNOOP_PAUSE_SEQ(SNOOP_RING_PAUSE | 5ull << 32 | 7), 5);
	cr_assert_eq(SNOOP_PAUSE_SEQ(~0ull), 0x7fffffff, "nor the number the marker bit");
}

/* The protocol of bpf/snoop.h with the writer on another thread, as the
 * BPF side runs on another CPU: the reader reads while records are being
 * written, and gets each one whole and in order (on a weakly ordered CPU,
 * a head published before the record's bytes would show here). */
#define RACE_RECORDS 200000u

static void *race_writer(void *arg)
{
	uint32_t tid = 0;

	(void)arg;
	while (tid < RACE_RECORDS)
		if (write_record(tid, (size_t)(tid * 7 % 300)) == 0)
			tid++;
	return NULL;
}

Test(rings, a_reader_racing_the_writer_gets_every_record_whole)
{
	struct rings *rs = fake_rings(4);
	pthread_t writer;
	uint64_t got = 0;

	next_tid = 0;
	cr_assert_eq(pthread_create(&writer, NULL, race_writer, NULL), 0);
	while (got < RACE_RECORDS)
		got += rings_read(rs, 0, check_record, NULL);
	pthread_join(writer, NULL);
	cr_assert_eq(got, RACE_RECORDS);
	cr_assert_eq(rs->bad, 0);
	free_fake(rs);
}

/* What /proc/self/maps says of the page at addr: its permissions
 * ("rw-s": the ring's file mapped; "---p": only reserved). */
static const char *perms_at(const void *addr)
{
	static char perms[8];
	unsigned long lo, hi, a = (unsigned long)addr;
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512], found[8];

	strcpy(perms, "none");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, found) == 3 && a >= lo && a < hi) {
			strcpy(perms, found);
			break;
		}
	if (f)
		fclose(f);
	return perms;
}

/* The reader's view: mapped up to r->mapped, only reserved beyond. */
static void expect_mapped_to(const struct ring *r, size_t end)
{
	cr_assert_eq(r->mapped, end);
	cr_assert_str_eq(perms_at(r->mem + end - 4096), "rw-s");
	if (end < r->len)
		cr_assert_str_eq(perms_at(r->mem + end), "---p");
}

/* A short run maps (and has in its RSS) only the ring's start; the map
 * reaches four times as far as the reader goes on, and the whole ring
 * once it went round (the last step to the end, as little was left). */
Test(rings, a_ring_is_mapped_as_far_as_its_reader_reached)
{
	struct rings *rs = fake_rings(256);   /* 4.25 MiB */
	struct ring *r = &rs->r[0];
	uint32_t tid = 0;
	size_t was;

	next_tid = 0;
	cr_assert_lt(RINGS_FIRST_MAP, r->len);
	expect_mapped_to(r, RINGS_FIRST_MAP);
	for (int k = 0; k < 20; k++)
		cr_assert_eq(write_record(tid++, 0), 0);
	cr_assert_eq(rings_read(rs, 0, check_record, NULL), 20);
	expect_mapped_to(r, RINGS_FIRST_MAP);   /* a few records: the first map holds them */
	/* on to chunk 20, past the first map (chunk k's slot ends at
	 * STRIDE * (k + 2)) */
	while (((const struct snoop_ring_head *)writer_mem)->head < 20ull * SNOOP_RING_CHUNK)
		cr_assert_eq(write_record(tid++, 500), 0);
	cr_assert_eq(rings_read(rs, 0, check_record, NULL), tid - 20);
	cr_assert_geq(r->mapped, (size_t)STRIDE * 21);
	expect_mapped_to(r, 4 * (size_t)RINGS_FIRST_MAP);
	was = r->mapped;
	for (int round = 0; round < 3; round++) {   /* filled and read: three times round */
		while (write_record(tid, 500) == 0)
			tid++;
		rings_read(rs, 0, check_record, NULL);
	}
	cr_assert_eq(next_tid, tid, "every record, in order");
	cr_assert_gt(r->mapped, was);
	expect_mapped_to(r, r->len);
	cr_assert_eq(rs->fault[0], '\0');
	free_fake(rs);
}

/* A ring that cannot be mapped further: its reading stops there, for
 * good (a failed MAP_FIXED may leave a hole), with the reason for the
 * report, and the records before it are read. The kernel refuses the
 * mapping here before it touches the range: a bad descriptor. */
Test(rings, a_ring_that_cannot_be_mapped_further_says_why)
{
	struct rings *rs = fake_rings(64);
	struct ring *r = &rs->r[0];
	int fd = r->fd;
	uint32_t tid = 0;
	uint64_t got;

	next_tid = 0;
	while (((const struct snoop_ring_head *)writer_mem)->head < 20ull * SNOOP_RING_CHUNK)
		cr_assert_eq(write_record(tid++, 500), 0);
	r->fd = -1;   /* as a mapping the kernel refuses */
	got = rings_read(rs, 0, check_record, NULL);
	cr_assert_lt(got, tid);
	cr_assert_gt(got, 0);
	cr_assert_eq(next_tid, got, "those before, in order");
	cr_assert_eq(r->tail, r->h->tail);
	cr_assert_lt(r->tail, r->h->head);
	cr_assert(strstr(rs->fault, "mapping the ring of cpu 3 up to ") != NULL, "%s", rs->fault);
	cr_assert(strstr(rs->fault, "Bad file descriptor: its records from there on (") != NULL, "%s", rs->fault);
	r->fd = fd;
	cr_assert_eq(rings_read(rs, 0, check_record, NULL), 0, "no second try");
	cr_assert_eq(next_tid, got);
	free_fake(rs);
}
