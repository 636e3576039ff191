/* ctrtool.h - one container looked up by its runtime's own command (podman
 * or docker inspect), for what the cgroup names do not hold: its name,
 * and whether it is stopped. The command is run directly (no shell), found
 * in the system's directories (not the caller's $PATH: snoop runs as root),
 * with the reference after "--" and a time limit. */
#ifndef SNOOP_CTRTOOL_H
#define SNOOP_CTRTOOL_H

#include <stddef.h>
#include "trace/ctrname.h"

#define CTRTOOL_TIMEOUT_MS 5000

enum ctrtool_result {
	CTRTOOL_FOUND,     /* out filled */
	CTRTOOL_ABSENT,    /* the tool is not installed */
	CTRTOOL_FAILED,    /* it said no, failed or took too long: why says so */
};

/* `TOOL inspect --type container --format CTR_INSPECT_FORMAT -- REF`.
 * why gets a phrase for the user either way but FOUND. */
enum ctrtool_result ctrtool_inspect(const char *tool, const char *ref, struct ctr_inspect *out,
				    char *why, size_t whylen);

#endif
