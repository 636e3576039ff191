/* chatter.c - see chatter.h. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "trace/chatter.h"

void chatter_begin(struct chatter *c)
{
	fflush(stderr);
	c->fd = memfd_create("snoop-libbcc", MFD_CLOEXEC);
	c->saved = c->fd >= 0 ? dup(STDERR_FILENO) : -1;
	if (c->saved >= 0)
		dup2(c->fd, STDERR_FILENO);
}

void chatter_end(struct chatter *c, int verbose, char *first, size_t len)
{
	char buf[65536], *line, *pick = NULL, *save = NULL;
	ssize_t n = 0;

	fflush(stderr);
	if (c->saved >= 0) {
		dup2(c->saved, STDERR_FILENO);
		close(c->saved);
		n = pread(c->fd, buf, sizeof(buf) - 1, 0);
	}
	if (c->fd >= 0)
		close(c->fd);
	buf[n > 0 ? n : 0] = '\0';
	if (verbose && n > 0)
		fputs(buf, stderr);
	if (!first)
		return;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "error") || strstr(line, "Error") || strstr(line, "failed")) {
			pick = line;
			break;
		}
		if (!pick)
			pick = line;
	}
	snprintf(first, len, "%s", pick ? pick : "");
}
