/* config.h - what --to was told on the command line: the destinations,
 * their format, TLS files and queue size. The command line parser fills it
 * (opts.h holds one); fleet_open takes it. Types only. */
#ifndef SNOOP_FLEET_CONFIG_H
#define SNOOP_FLEET_CONFIG_H

#include <stdint.h>

#define FLEET_MAX_TO 8               /* --to destinations */

struct fleet_config {
	const char *urls[FLEET_MAX_TO];  /* --to URLs, in the order given */
	int n;
	int json;                        /* --to-format=json: JSON Lines, not RFC 5424 */
	const char *ca, *cert, *key;     /* tls:// */
	uint64_t buffer;                 /* --to-buffer: bytes queued per destination */
};

#endif
