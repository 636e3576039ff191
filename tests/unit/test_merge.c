/* The merge of the per-CPU streams: completion order, held until every
 * CPU has been read past a record's time, everything at the end. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "record/merge.h"

static uint32_t order[64];
static int n;

static void collect(void *ctx, const void *sample, size_t size)
{
	struct snoop_record r;

	(void)ctx;
	cr_assert_geq(size, sizeof(r));
	memcpy(&r, sample, sizeof(r));
	order[n++] = r.tid;
}

/* Counts, and checks the memory item came through whole. */
static void count_only(void *ctx, const void *sample, size_t size)
{
	(void)ctx;
	cr_assert_eq(size, sizeof(struct snoop_record) + 5);
	cr_assert_eq(memcmp((const uint8_t *)sample + sizeof(struct snoop_record), "hello", 5), 0);
	n++;
}

/* A call of thread tid from entry to entry + dur. */
static void push(struct merge *m, int cpu, uint32_t tid, uint64_t entry, uint64_t dur)
{
	struct snoop_record r = { .ts_ns = entry, .duration_ns = dur, .tid = tid, .nr = 110 };

	cr_assert_eq(merge_push(m, cpu, merge_key(&r, sizeof(r)), &r, sizeof(r)), 0);
}

Test(merge, completion_order_across_cpus)
{
	struct merge m;

	cr_assert_eq(merge_init(&m, 2), 0);
	n = 0;
	push(&m, 1, 2, 100, 10);   /* completes at 110 */
	push(&m, 0, 1, 100, 1);    /* 101 */
	push(&m, 0, 3, 105, 30);   /* 135 */
	push(&m, 1, 4, 120, 0);    /* 120 */
	merge_horizon(&m, 0, 200);
	merge_horizon(&m, 1, 200);
	cr_expect_eq(merge_release(&m, 0, collect, NULL), 4);
	cr_expect_arr_eq(order, ((uint32_t[]){ 1, 2, 4, 3 }), 4 * sizeof(uint32_t));
	merge_free(&m);
}

Test(merge, held_until_every_cpu_is_read_past_it)
{
	struct merge m;

	cr_assert_eq(merge_init(&m, 2), 0);
	n = 0;
	merge_horizon(&m, 1, 50);  /* cpu 1 read at 50, nothing there */
	push(&m, 0, 7, 60, 10);    /* a thread's call on cpu 0, done at 70 */
	merge_horizon(&m, 0, 80);
	cr_expect_eq(merge_release(&m, 0, collect, NULL), 0, "cpu 1 could still hold a call done before 70");
	cr_expect_eq(m.held, 1);
	push(&m, 1, 7, 40, 20);    /* ... and it did: the same thread's earlier call, done at 60 */
	merge_horizon(&m, 1, 90);
	cr_expect_eq(merge_release(&m, 0, collect, NULL), 2);
	cr_expect_arr_eq(order, ((uint32_t[]){ 7, 7 }), 2 * sizeof(uint32_t));
	cr_expect_eq(m.held, 0);
	merge_free(&m);
}

Test(merge, a_cpu_never_read_does_not_hold_the_others_back)
{
	struct merge m;

	cr_assert_eq(merge_init(&m, 4), 0);   /* cpus 2 and 3 offline: no buffer */
	n = 0;
	push(&m, 0, 1, 10, 1);
	merge_horizon(&m, 0, 100);
	merge_horizon(&m, 1, 100);
	cr_expect_eq(merge_release(&m, 0, collect, NULL), 1);
	merge_free(&m);
}

Test(merge, calls_that_never_return_order_by_their_entry)
{
	struct merge m;
	struct snoop_record exit_group = { .ts_ns = 50, .duration_ns = 999, .tid = 9, .nr = 231,
					   .flags = SNOOP_REC_NORETURN };

	cr_expect_eq(merge_key(&exit_group, sizeof(exit_group)), 50);
	cr_expect_eq(merge_key(&exit_group, sizeof(exit_group) - 1), 0, "too short to be a record");
	cr_assert_eq(merge_init(&m, 1), 0);
	n = 0;
	push(&m, 0, 8, 10, 5);
	cr_assert_eq(merge_push(&m, 0, merge_key(&exit_group, sizeof(exit_group)), &exit_group, sizeof(exit_group)), 0);
	cr_expect_eq(merge_release(&m, 1, collect, NULL), 2, "the end: everything");
	cr_expect_arr_eq(order, ((uint32_t[]){ 8, 9 }), 2 * sizeof(uint32_t));
	merge_free(&m);
}

Test(merge, queues_grow_and_keep_memory_items)
{
	uint8_t sample[sizeof(struct snoop_record) + 5];
	struct snoop_record r = { .duration_ns = 1 };
	struct merge m;
	int i;

	cr_assert_eq(merge_init(&m, 2), 0);
	n = 0;
	for (i = 0; i < 40000; i++) {   /* several MiB: the queue grows */
		r.ts_ns = (uint64_t)i;
		r.tid = (uint32_t)i;
		memcpy(sample, &r, sizeof(r));
		memcpy(sample + sizeof(r), "hello", 5);
		cr_assert_eq(merge_push(&m, 0, merge_key(sample, sizeof(sample)), sample, sizeof(sample)), 0);
	}
	cr_expect_eq(m.held, 40000);
	merge_horizon(&m, 1, 20001);   /* calls done at 1..40000: 20000 of them before 20001 */
	n = 0;
	cr_expect_eq(merge_release(&m, 0, count_only, NULL), 20000);
	cr_expect_eq(merge_release(&m, 1, count_only, NULL), 20000);
	merge_free(&m);
}

/* This process's resident pages (/proc/self/statm's second field). */
static long resident_pages(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size = 0, resident = -1;

	cr_assert(f);
	cr_assert_eq(fscanf(f, "%ld %ld", &size, &resident), 2);
	fclose(f);
	return resident;
}

Test(merge, a_reserve_makes_its_pages_present_at_once)
{
	long page = sysconf(_SC_PAGESIZE), before;
	struct merge m;

	cr_assert_eq(merge_init(&m, 2), 0);
	before = resident_pages();
	cr_assert_eq(merge_reserve(&m, 2, 4u << 20), 0);
	/* 8 MiB in two queues, resident before a record comes: a fault per
	 * page in a burst stalls the reader */
	cr_expect_geq(resident_pages() - before, (8l << 20) / page - 16, "resident %ld pages more",
		      resident_pages() - before);
	merge_free(&m);
}
