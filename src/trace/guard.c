/* guard.c - see guard.h. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "progdesc.h"
#include "bpf/snoop.h"
#include "trace/guard.h"

#define CLEAN_END 'c'   /* what snoop writes before a clean end */

/* Every fd but keep_a and keep_b (3 and up) closed: the guard must not
 * hold snoop's program links (they would stay attached), its output (a
 * pipe's reader would never see the end) or its doorbells. */
static void close_all_but(int keep_a, int keep_b)
{
	int lo = keep_a < keep_b ? keep_a : keep_b, hi = keep_a < keep_b ? keep_b : keep_a, fd;
	long max;

	if ((lo > 3 && close_range(3, (unsigned)lo - 1, 0)) ||
	    (hi > lo + 1 && close_range((unsigned)lo + 1, (unsigned)hi - 1, 0)) ||
	    close_range((unsigned)hi + 1, ~0u, 0)) {
		max = sysconf(_SC_OPEN_MAX);   /* no close_range (Linux < 5.9): one by one */
		for (fd = 3; fd < (max > 0 ? max : 65536); fd++)
			if (fd != keep_a && fd != keep_b)
				close(fd);
	}
}

/* 0, 1 and 2 on /dev/null: nor the output's pipe nor the terminal held */
static void quiet_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC), i;

	for (i = 0; fd >= 0 && i < 3; i++)
		if (fd != i)
			dup2(fd, i);   /* dup2 leaves the new fd without O_CLOEXEC: it is never exec'd */
	if (fd > 2)
		close(fd);
}

int guard_continue_paused(struct sbpf *b, int (*skip)(void *ctx, uint32_t tgid, uint32_t sent), void *ctx)
{
	const char *map = snoop_maps[SNOOP_MAP_PAUSED].name;
	struct snoop_pauses p;
	uint32_t key, next;
	int have, sent = 0;

	for (have = sbpf_map_first_key(b, map, &key, sizeof(key)) == 0; have;
	     have = sbpf_map_next_key(b, map, &key, &next) == 0, key = next) {
		if (skip && (sbpf_map_lookup(b, map, &key, &p) || skip(ctx, key, p.sent & SNOOP_PAUSE_SEQ_MASK)))
			continue;
		sent += kill((pid_t)key, SIGCONT) == 0;
	}
	return sent;
}

/* The child: wait for snoop's end; unless clean, SIGCONT every process
 * in the map (one not stopped ignores it, or one that ended is gone). */
static void guard_run(struct sbpf *b, int map_fd, int in)
{
	char c = 0;
	ssize_t n;

	/* a session of its own: a kill of snoop's process group (a shell's
	 * job, timeout -s KILL, kill -- -PGID) or its terminal's signals do
	 * not reach it; what it must outlive is snoop */
	setsid();
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	prctl(PR_SET_NAME, "snoop-guard", 0, 0, 0);
	close_all_but(map_fd, in);
	quiet_stdio();
	while ((n = read(in, &c, 1)) < 0 && errno == EINTR)
		;
	if (!(n == 1 && c == CLEAN_END))
		guard_continue_paused(b, NULL, NULL);
	_exit(0);
}

int guard_start(struct guard *g, struct sbpf *b, char *err, size_t errlen)
{
	int map_fd = sbpf_map_fd(b, snoop_maps[SNOOP_MAP_PAUSED].name), p[2];

	g->pid = 0;
	g->fd = -1;
	if (map_fd < 0) {
		snprintf(err, errlen, "--lossless: the BPF program has no map %s", snoop_maps[SNOOP_MAP_PAUSED].name);
		return -1;
	}
	if (pipe2(p, O_CLOEXEC)) {
		snprintf(err, errlen, "--lossless: a pipe for its guard: %s", strerror(errno));
		return -1;
	}
	g->pid = fork();
	if (g->pid < 0) {
		snprintf(err, errlen, "--lossless: starting its guard: %s", strerror(errno));
		g->pid = 0;
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (g->pid == 0)
		guard_run(b, map_fd, p[0]);
	close(p[0]);
	g->fd = p[1];
	return 0;
}

void guard_release(struct guard *g, int clean)
{
	char c = CLEAN_END;

	if (g->pid <= 0)
		return;   /* none started (a zeroed struct guard is none) */
	if (!clean)
		return;   /* its pipe closes as snoop exits: the programs are detached by then */
	if (write(g->fd, &c, 1) != 1) {
		/* the guard is gone already: nothing to tell */
	}
	close(g->fd);
	g->fd = -1;
	while (waitpid(g->pid, NULL, 0) < 0 && errno == EINTR)
		;
	g->pid = 0;
}
