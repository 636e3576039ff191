/* cgnames.h - the cgroups a run's records are named by (record/cgtable.h),
 * from this machine's cgroup2 tree: the directories --cgroup and
 * --container trace and those below them, each by its id (the inode
 * number, which is what bpf_get_current_cgroup_id gives) and its path
 * under the mount, the ones at or below a container's directory as that
 * container's. */
#ifndef SNOOP_CGNAMES_H
#define SNOOP_CGNAMES_H

#include <stddef.h>
#include "record/cgtable.h"
#include "trace/containers.h"

/* t from the tree: cs's containers' directories and those below them,
 * named; with running, every other running container's the tree shows
 * by its runtime's naming (by ID and runtime, no name: that would take a
 * runtime's command per container), so that -a's records name the
 * containers running at the start; then dirs[n] (--cgroup's, as given,
 * and the containers' absolute ones) and what is below them. A directory
 * that cannot be read is left out (the run's checks said why already),
 * and so is what a full table has no room for. */
void cgnames_fill(const char *const *dirs, int n, const struct containers *cs, int running, struct cgtable *t);
/* -r --cgroup: dirs[n] as a replay takes them (under the mount, even
 * when absolute: record/cgtable.h's cgtable_relative) and what is below
 * them, as this machine has them, into t. */
void cgnames_fill_replay(const char *const *dirs, int n, struct cgtable *t);
/* The cgroup2 mount into mount (len), "" when there is none. */
void cgnames_mount(char *mount, size_t len);

#endif
