/* error.c beside BPF.h's chatter catch: while libbcc's fd 2 goes into the
 * catch, snoop's own messages (another thread's --to error) still reach
 * the user's stderr, and the catch holds libbcc's words alone. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "BPF.h"
#include "error.h"

Test(error, messages_bypass_the_chatter_catch)
{
	int user[2], saved = dup(STDERR_FILENO);
	struct sbpf_chatter c;
	char caught[256] = "unset", got[256] = "";
	ssize_t n;

	cr_assert_eq(pipe2(user, O_NONBLOCK), 0);
	dup2(user[1], STDERR_FILENO);   /* the user's stderr, for this test */
	cr_assert_eq(error_init(), 0);
	sbpf_chatter_begin(&c);
	error_msg("--to=%s: %s", "tcp://x:514", "connection refused");
	fputs("libbpf: a line of libbcc's\n", stderr);
	sbpf_chatter_end(&c, 0, caught, sizeof(caught));
	n = read(user[0], got, sizeof(got) - 1);
	dup2(saved, STDERR_FILENO);
	cr_assert_gt(n, 0);
	got[n] = '\0';
	cr_expect_str_eq(got, "snoop: --to=tcp://x:514: connection refused\n");
	cr_expect_str_eq(caught, "libbpf: a line of libbcc's");
}
