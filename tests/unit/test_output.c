/* The output buffer: records gathered and written whole, write errors kept,
 * a failed write to a regular file cut back to the last whole record. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "record/output.h"

/* A regular file in /tmp, already unlinked. */
static int temp_file(void)
{
	char path[] = "/tmp/snoop-unit-XXXXXX";
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	unlink(path);
	return fd;
}

static size_t file_text(int fd, char *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len - 1, 0);

	cr_assert_geq(n, 0);
	buf[n] = '\0';
	return (size_t)n;
}

static void put(struct output *o, const char *s)
{
	char *dst = output_reserve(o, strlen(s));

	cr_assert_not_null(dst);
	memcpy(dst, s, strlen(s));
	output_commit(o, strlen(s));
}

Test(output, nothing_written_until_flush)
{
	struct output o;
	char buf[64];
	int fd = temp_file();

	cr_assert_eq(output_init(&o, fd, 64, '\n'), 0);
	cr_expect(o.regular, "a file in /tmp is a regular file");
	put(&o, "one\n");
	put(&o, "two\n");
	cr_expect_eq(file_text(fd, buf, sizeof(buf)), 0, "buffered, not written");
	cr_assert_eq(output_flush(&o), 0);
	file_text(fd, buf, sizeof(buf));
	cr_expect_str_eq(buf, "one\ntwo\n");
	output_free(&o);
	close(fd);
}

Test(output, a_full_buffer_is_written_before_the_next_record)
{
	struct output o;
	char buf[64];
	int fd = temp_file();

	cr_assert_eq(output_init(&o, fd, 8, '\n'), 0);
	put(&o, "aaaaaa\n");
	put(&o, "bbbbbb\n");   /* 7 + 7 > 8: the first is written to make room */
	file_text(fd, buf, sizeof(buf));
	cr_expect_str_eq(buf, "aaaaaa\n");
	cr_assert_eq(output_flush(&o), 0);
	file_text(fd, buf, sizeof(buf));
	cr_expect_str_eq(buf, "aaaaaa\nbbbbbb\n");
	output_free(&o);
	close(fd);
}

Test(output, a_closed_pipe_is_an_error_kept_and_nothing_more_is_taken)
{
	struct output o;
	int p[2];

	signal(SIGPIPE, SIG_IGN);
	cr_assert_eq(pipe(p), 0);
	close(p[0]);
	cr_assert_eq(output_init(&o, p[1], 64, '\n'), 0);
	cr_expect_not(o.regular);
	put(&o, "lost\n");
	cr_expect_eq(output_flush(&o), -1);
	cr_expect_eq(o.error, EPIPE);
	cr_expect_null(output_reserve(&o, 4), "after an error nothing more is buffered");
	cr_expect_eq(output_flush(&o), -1, "the error stays");
	output_free(&o);
	close(p[1]);
}

/* A file size limit makes write(2) stop part-way, as a full disk does:
 * the file must end with a whole record. */
Test(output, a_write_cut_short_leaves_whole_records)
{
	struct rlimit lim = { 20, 20 };
	struct output o;
	char buf[64];
	int fd = temp_file();

	signal(SIGXFSZ, SIG_IGN);
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	cr_assert_eq(output_init(&o, fd, 64, '\n'), 0);
	put(&o, "1234567\n");
	put(&o, "abcdefg\n");
	put(&o, "ABCDEFG\n");   /* 24 bytes: only 20 fit */
	cr_expect_eq(output_flush(&o), -1);
	cr_expect_eq(o.error, EFBIG);
	file_text(fd, buf, sizeof(buf));
	cr_expect_str_eq(buf, "1234567\nabcdefg\n", "the cut record is removed again");
	output_free(&o);
	close(fd);
}

/* output_async: a thread writes the full buffers, in order, from its own
 * copy of the fd (so moving the fd number elsewhere, as libbcc's chatter
 * capture does with fd 2, does not take the records with it). */
Test(output, a_writer_thread_writes_everything_in_order)
{
	struct output o;
	static char buf[200000];
	char line[32], want[200000];
	size_t n = 0, i;
	int fd = temp_file(), moved = temp_file(), saved = dup(fd);

	cr_assert_eq(output_init(&o, fd, 256, '\n'), 0);
	cr_assert_eq(output_async(&o), 0);
	dup2(moved, fd);   /* the caller's fd now names another file */
	for (i = 0; i < 5000; i++) {
		snprintf(line, sizeof(line), "%zu\n", i);
		put(&o, line);
		memcpy(want + n, line, strlen(line));
		n += strlen(line);
		if (i % 1000 == 0)
			output_push(&o);
	}
	want[n] = '\0';
	cr_assert_eq(output_flush(&o), 0);
	output_free(&o);
	cr_expect_eq(file_text(saved, buf, sizeof(buf)), n);
	cr_expect_str_eq(buf, want);
	cr_expect_eq(file_text(moved, buf, sizeof(buf)), 0, "nothing went to what the fd number names now");
	close(saved);
	close(moved);
	close(fd);
}

Test(output, a_writer_threads_error_is_seen)
{
	struct output o;
	int p[2];

	signal(SIGPIPE, SIG_IGN);
	cr_assert_eq(pipe(p), 0);
	close(p[0]);
	cr_assert_eq(output_init(&o, p[1], 64, '\n'), 0);
	cr_assert_eq(output_async(&o), 0);
	put(&o, "lost\n");
	cr_expect_eq(output_flush(&o), -1);
	cr_expect(output_failed(&o));
	cr_expect_eq(o.error, EPIPE);
	cr_expect_null(output_reserve(&o, 4), "after an error nothing more is buffered");
	output_free(&o);
	close(p[1]);
}
