/* replay.h - snoop -r: a capture made with -w, printed as the live run
 * would have printed it (text, JSON, or another capture), filtered after
 * the fact by -p, -n and -e, with -t dates or -T relative times. */
#ifndef SNOOP_REPLAY_H
#define SNOOP_REPLAY_H

#include "opts.h"
#include "record/sink.h"

/* The exit status: 0, or 1 after a one-line error (damage, unreadable).
 * tap: another output of the records (--to), or NULL. */
int replay(const struct options *o, struct sink_tap *tap);
/* replay() with room for fd_slots fds in -y's table (replay's is
 * FDTABLE_SLOTS): tests/fuzz/fuzz_replay.c's small one fills and wraps. */
int replay_sized(const struct options *o, struct sink_tap *tap, size_t fd_slots);

#endif
