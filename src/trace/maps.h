/* maps.h - the maps of a program object (trace/bpfobj.h) created in the
 * kernel, as libbcc would: inner-map templates before the of-maps maps
 * that need them, a BTF type for the maps that require one (task storage).
 * A perf event array has the size libbcc gave it: one slot per possible CPU
 * of the machine that compiled it (the cache key holds them). */
#ifndef SNOOP_MAPS_H
#define SNOOP_MAPS_H

#include <stddef.h>
#include "trace/bpfobj.h"

/* fds[i] gets map i's fd (an adopted map's fd moves there). 0, or -1 with
 * err and every fd made so far closed (fds all -1). */
int maps_create(struct bpfobj *o, int *fds, char *err, size_t errlen);
void maps_close(int *fds, uint32_t n);
/* A new BPF array map, not part of a program (to put in a map of maps, as
 * trace/rings.h does): its fd, or -1 with err. */
int maps_array_create(const char *name, unsigned value_size, unsigned entries, unsigned flags,
		      char *err, size_t errlen);

#endif
