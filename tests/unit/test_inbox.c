/* The inbox between the reader and --to's thread: order, the wrap at the
 * ring's end, refusal when full, and one producer and one consumer on
 * two threads. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "fleet/inbox.h"

static int take(struct inbox *in, uint32_t *kind, char *text, size_t len)
{
	const void *data;
	size_t size;

	if (!inbox_peek(in, kind, &data, &size))
		return 0;
	cr_assert_lt(size, len);
	memcpy(text, data, size);
	text[size] = '\0';
	inbox_next(in);
	return 1;
}

#define X "xxxxxxxxxxxxxxxx"

Test(inbox, messages_come_out_whole_in_order_across_the_wrap)
{
	struct inbox in;
	char text[64], want[64];
	uint32_t kind;
	int i, put = 0, got = 0;

	cr_assert_eq(inbox_init(&in, 100), 0);
	cr_expect_eq(in.cap, 128u, "a power of two");
	/* messages of 16, 24 and 32 bytes with their heads: the ring wraps
	 * many times over, some messages behind a wrap head */
	for (i = 0; i < 200; i++) {
		snprintf(want, sizeof(want), "m%04d%.*s", i, i % 3 * 8, X);
		while (inbox_put(&in, (uint32_t)i, want, 2, want + 2, strlen(want) - 2, 0)) {
			cr_assert(take(&in, &kind, text, sizeof(text)), "refused with nothing in it");
			snprintf(want, sizeof(want), "m%04d%.*s", got, got % 3 * 8, X);
			cr_expect_str_eq(text, want);
			cr_expect_eq(kind, (uint32_t)got);
			got++;
			snprintf(want, sizeof(want), "m%04d%.*s", i, i % 3 * 8, X);
		}
		put++;
	}
	while (take(&in, &kind, text, sizeof(text))) {
		snprintf(want, sizeof(want), "m%04d%.*s", got, got % 3 * 8, X);
		cr_expect_str_eq(text, want);
		got++;
	}
	cr_expect_eq(got, put);
	cr_expect_eq(inbox_used(&in), 0u);
	inbox_free(&in);
}

Test(inbox, full_and_oversized_messages_are_refused_untouched)
{
	struct inbox in;
	char big[200] = { 0 }, text[64];
	uint32_t kind;
	int n = 0;

	cr_assert_eq(inbox_init(&in, 128), 0);
	cr_expect_eq(inbox_put(&in, 1, big, sizeof(big), NULL, 0, 0), -1, "larger than half the ring");
	while (inbox_put(&in, 2, "abcdefgh", 8, NULL, 0, 32) == 0)
		n++;
	cr_expect_eq(n, 6, "6 messages of 16 bytes and 32 kept free fill 128");
	cr_expect_eq(inbox_put(&in, 4, "abcdefgh", 8, NULL, 0, 16), 0, "the room kept takes a message that keeps less");
	cr_expect_eq(inbox_put(&in, 4, "abcdefgh", 8, NULL, 0, 0), 0);
	cr_expect_eq(inbox_put(&in, 4, "abcdefgh", 8, NULL, 0, 0), -1, "full");
	cr_assert(take(&in, &kind, text, sizeof(text)));
	cr_expect_str_eq(text, "abcdefgh");
	cr_expect_eq(inbox_put(&in, 3, "12345678", 8, NULL, 0, 0), 0, "room again");
	inbox_free(&in);
}

#define THREADED_MESSAGES 200000

static void *produce(void *arg)
{
	struct inbox *in = arg;
	char msg[32];
	int i, n;

	for (i = 0; i < THREADED_MESSAGES; i++) {
		n = snprintf(msg, sizeof(msg), "message %d", i);
		while (inbox_put(in, (uint32_t)i, msg, (size_t)n / 2, msg + n / 2, (size_t)n - (size_t)n / 2, 0))
			;   /* full: the consumer catches up */
	}
	return NULL;
}

Test(inbox, one_producer_one_consumer_on_two_threads)
{
	struct inbox in;
	pthread_t t;
	char text[64], want[64];
	uint32_t kind;
	int got = 0;

	cr_assert_eq(inbox_init(&in, 4096), 0);
	cr_assert_eq(pthread_create(&t, NULL, produce, &in), 0);
	while (got < THREADED_MESSAGES) {
		if (!take(&in, &kind, text, sizeof(text)))
			continue;
		snprintf(want, sizeof(want), "message %d", got);
		if (strcmp(text, want) || kind != (uint32_t)got)
			cr_assert_fail("message %d: got '%s' (kind %u)", got, text, kind);
		got++;
	}
	pthread_join(t, NULL);
	cr_expect_eq(inbox_used(&in), 0u);
	inbox_free(&in);
}
