/* The capture reader on good, truncated, corrupted, empty and future files. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "record/capture.h"

static uint8_t file[4096];
static char err[512];

/* A capture with n record frames of payload "recN" (4 bytes). */
static size_t make(int n)
{
	size_t i = cap_put_header(file, "# hdr\n", 6);
	char p[5];
	int k;

	for (k = 0; k < n; k++) {
		snprintf(p, sizeof(p), "rec%d", k);
		i += cap_put_frame_head(file + i, CAP_RECORD, (uint64_t)k, 4);
		memcpy(file + i, p, 4);
		i += 4;
	}
	return i;
}

/* Reads n bytes of file through a pipe, as snoop -r - would. */
static int read_all(size_t n, int *frames)
{
	struct cap_reader r;
	struct cap_frame f;
	int p[2], rc;

	cr_assert_eq(pipe(p), 0);
	cr_assert_eq(write(p[1], file, n), (ssize_t)n);
	close(p[1]);
	*frames = 0;
	rc = cap_reader_open(&r, p[0], err, sizeof(err));
	if (rc == 0)
		while ((rc = cap_reader_next(&r, &f, err, sizeof(err))) == 1)
			(*frames)++;
	cap_reader_close(&r);
	close(p[0]);
	return rc;
}

Test(capture, good_file_reads_every_frame)
{
	int frames;

	cr_expect_eq(read_all(make(3), &frames), 0, "%s", err);
	cr_expect_eq(frames, 3);
}

Test(capture, truncated_file_reads_up_to_the_damage)
{
	size_t n = make(3);
	int frames;

	cr_expect_eq(read_all(n - 2, &frames), -1);
	cr_expect_eq(frames, 2);
	cr_expect(strstr(err, "truncated at byte offset 62") != NULL, "%s", err);
}

Test(capture, missing_frame_is_detected)
{
	size_t n = make(3);
	int frames;

	file[22 + 20 + 8] = 5;   /* second frame's seq 1 -> 5 */
	cr_expect_eq(read_all(n, &frames), -1);
	cr_expect_eq(frames, 1);
	cr_expect(strstr(err, "damaged capture at byte offset 42: frame 5 follows frame 0") != NULL, "%s", err);
}

Test(capture, corrupted_length_and_type)
{
	size_t n = make(2);
	int frames;

	file[22] = 3;   /* first frame's length below its head */
	file[23] = file[24] = file[25] = 0;
	cr_expect_eq(read_all(n, &frames), -1);
	cr_expect(strstr(err, "byte offset 22: bad frame length 3") != NULL, "%s", err);
	make(2);
	file[22 + 4] = 9;   /* type */
	cr_expect_eq(read_all(n, &frames), -1);
	cr_expect(strstr(err, "unknown frame type 9") != NULL, "%s", err);
}

Test(capture, empty_and_foreign_files)
{
	int frames;

	cr_expect_eq(read_all(0, &frames), -1);
	cr_expect(strstr(err, "empty capture") != NULL, "%s", err);
	memcpy(file, "#!/bin/sh\n", 10);
	cr_expect_eq(read_all(10, &frames), -1);
	cr_expect(strstr(err, "not a snoop capture") != NULL, "%s", err);
	make(0);
	cr_expect_eq(read_all(5, &frames), -1, "cut inside the header");
	cr_expect(strstr(err, "truncated in its header") != NULL, "%s", err);
}

Test(capture, newer_version_is_refused)
{
	size_t n = make(1);
	int frames;
	char want[64];

	file[8] = CAP_VERSION + 1;
	cr_expect_eq(read_all(n, &frames), -1);
	snprintf(want, sizeof(want), "version %d is newer than this snoop reads (%d)", CAP_VERSION + 1, CAP_VERSION);
	cr_expect(strstr(err, want) != NULL, "%s", err);
}
