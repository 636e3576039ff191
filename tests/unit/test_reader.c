/* How far the buffers grow on loss (trace/reader.c). */
#include <criterion/criterion.h>
#include "trace/reader.h"

Test(reader_grow, at_least_doubles)
{
	cr_expect_eq(reader_grow_pages(1, 16384, 0), 2);
	cr_expect_eq(reader_grow_pages(256, 16384, 4096), 512, "a burst that needed little still doubles");
}

Test(reader_grow, holds_what_the_burst_needed)
{
	cr_expect_eq(reader_grow_pages(1, 16384, 8 * 1024 * 1024), 2048, "8 MiB: 2048 pages");
	cr_expect_eq(reader_grow_pages(1, 16384, 8 * 1024 * 1024 + 1), 4096, "rounded up to a power of two");
	cr_expect_eq(reader_grow_pages(4, 16384, 5 * 4096), 8);
}

Test(reader_grow, stops_at_the_maximum)
{
	cr_expect_eq(reader_grow_pages(1, 16384, 1ull << 40), 16384);
	cr_expect_eq(reader_grow_pages(16384, 16384, 1ull << 40), 16384);
	cr_expect_eq(reader_grow_pages(8192, 16384, 0), 16384);
}
