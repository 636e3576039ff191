/* The rings snoop maps (--buffer=mapped): the frame layout both sides
 * follow (bpf/snoop.h's snoop_ring_next), and the reader's walk over a ring
 * that a writer written here the way bpf/snoop.bpf.c's submit() writes it
 * fills, across chunk ends and around the ring, with full-ring losses. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
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

/* A ring of chunks in plain memory, as ring_make sets it up. */
static struct rings *fake_rings(unsigned chunks)
{
	struct rings *rs = calloc(1, sizeof(*rs));
	struct ring *r = &rs->r[0];

	rs->n = 1;
	rs->chunks = chunks;
	for (int i = 0; i < SBPF_MAX_CPUS; i++)
		rs->old[i].fd = -1;
	r->cpu = 3;
	r->fd = -1;
	r->len = (size_t)STRIDE * (chunks + 1);
	r->mem = calloc(1, r->len);
	r->h = (struct snoop_ring_head *)r->mem;
	r->mask = r->h->mask = chunks - 1;
	return rs;
}

/* submit() in C: 0, or -1 when the ring is full (a loss). */
static int write_record(struct ring *r, uint32_t tid, size_t mem)
{
	struct snoop_ring_head *h = r->h;
	uint64_t pos = h->head, chunk = pos >> SNOOP_RING_CHUNK_SHIFT, size = sizeof(struct snoop_record) + mem;
	uint8_t *slot;
	struct snoop_record rec = { .tid = tid, .ts_ns = tid };

	if (chunk - (__atomic_load_n(&h->tail, __ATOMIC_ACQUIRE) >> SNOOP_RING_CHUNK_SHIFT) > h->mask)
		return -1;
	slot = r->mem + STRIDE * (1 + (chunk & h->mask)) + (pos & (SNOOP_RING_CHUNK - 1));
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
			cr_assert_eq(write_record(&rs->r[0], tid++, (size_t)(k * 13 % 600)), 0);
		got += rings_read(rs, 0, check_record, NULL);
	}
	cr_assert_eq(got, tid);
	cr_assert_eq(next_tid, tid);
	cr_assert_eq(rs->r[0].h->tail, rs->r[0].h->head);
	cr_assert_eq(rs->bad, 0);
	free(rs->r[0].mem);
	free(rs);
}

Test(rings, a_full_ring_refuses_and_the_reader_frees_it)
{
	struct rings *rs = fake_rings(2);
	uint32_t tid = 0;

	next_tid = 0;
	while (write_record(&rs->r[0], tid, 500) == 0)
		tid++;
	/* two chunks of records of 636 bytes (640 with the frame's
	 * rounding): 26 per chunk, the last running into its slack */
	cr_assert_eq(tid, 2 * (SNOOP_RING_CHUNK / ((SNOOP_RING_FRAME + sizeof(struct snoop_record) + 500 + 7) & ~7ul) + 1));
	cr_assert_eq(rings_read(rs, 0, check_record, NULL), tid);
	cr_assert_eq(write_record(&rs->r[0], tid, 500), 0);
	free(rs->r[0].mem);
	free(rs);
}

Test(rings, a_frame_that_cannot_be_a_record_stops_the_walk)
{
	struct rings *rs = fake_rings(2);
	uint64_t bad = 3;

	next_tid = 0;
	write_record(&rs->r[0], 0, 0);
	memcpy(rs->r[0].mem + STRIDE, &bad, sizeof(bad));
	cr_assert_eq(rings_read(rs, 0, check_record, NULL), 0);
	cr_assert_eq(rs->bad, 1);
	cr_assert_eq(rs->r[0].h->tail, rs->r[0].h->head);
	free(rs->r[0].mem);
	free(rs);
}

/* The protocol of bpf/snoop.h with the writer on another thread, as the
 * BPF side runs on another CPU: the reader reads while records are being
 * written, and gets each one whole and in order (on a weakly ordered CPU,
 * a head published before the record's bytes would show here). */
#define RACE_RECORDS 200000u

static void *race_writer(void *arg)
{
	struct ring *r = arg;
	uint32_t tid = 0;

	while (tid < RACE_RECORDS)
		if (write_record(r, tid, (size_t)(tid * 7 % 300)) == 0)
			tid++;
	return NULL;
}

Test(rings, a_reader_racing_the_writer_gets_every_record_whole)
{
	struct rings *rs = fake_rings(4);
	pthread_t writer;
	uint64_t got = 0;

	next_tid = 0;
	cr_assert_eq(pthread_create(&writer, NULL, race_writer, &rs->r[0]), 0);
	while (got < RACE_RECORDS)
		got += rings_read(rs, 0, check_record, NULL);
	pthread_join(writer, NULL);
	cr_assert_eq(got, RACE_RECORDS);
	cr_assert_eq(rs->bad, 0);
	free(rs->r[0].mem);
	free(rs);
}
