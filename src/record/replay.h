/* replay.h - snoop -r: a capture made with -w, printed as the live run
 * would have printed it (text, JSON, or another capture), filtered after
 * the fact by -p, -n and -e, with -t dates or -T relative times. */
#ifndef SNOOP_REPLAY_H
#define SNOOP_REPLAY_H

#include "opts.h"

/* The exit status: 0, or 1 after a one-line error (damage, unreadable). */
int replay(const struct options *o);

#endif
