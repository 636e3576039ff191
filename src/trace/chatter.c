/* chatter.c - see chatter.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "trace/chatter.h"

void chatter_begin(struct chatter *c)
{
	fflush(stderr);
	c->saved_out = -1;
	c->fd = memfd_create("snoop-libbcc", MFD_CLOEXEC);
	c->saved = c->fd >= 0 ? dup(STDERR_FILENO) : -1;
	if (c->saved >= 0)
		dup2(c->fd, STDERR_FILENO);
}

void chatter_begin_all(struct chatter *c)
{
	chatter_begin(c);
	if (c->saved < 0)
		return;
	fflush(stdout);
	c->saved_out = dup(STDOUT_FILENO);
	if (c->saved_out >= 0)
		dup2(c->fd, STDOUT_FILENO);
}

void chatter_end(struct chatter *c, int verbose, char *first, size_t len)
{
	/* big enough for the verifier's whole log, whose end says why */
	size_t size = 1 << 22;
	char *buf = malloc(size), *line, *pick = NULL, *save = NULL;
	ssize_t n = 0;

	fflush(stderr);
	if (c->saved_out >= 0) {
		fflush(stdout);
		dup2(c->saved_out, STDOUT_FILENO);
		close(c->saved_out);
	}
	if (c->saved >= 0) {
		dup2(c->saved, STDERR_FILENO);
		close(c->saved);
		n = buf ? pread(c->fd, buf, size - 1, 0) : 0;
	}
	if (c->fd >= 0)
		close(c->fd);
	if (!buf)
		return;
	buf[n > 0 ? n : 0] = '\0';
	if (verbose && n > 0)
		fputs(buf, stderr);
	if (!first) {
		free(buf);
		return;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "error") || strstr(line, "Error") || strstr(line, "failed")) {
			pick = line;
			break;
		}
		if (!pick)
			pick = line;
	}
	snprintf(first, len, "%s", pick ? pick : "");
	free(buf);
}
