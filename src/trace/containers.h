/* containers.h - --container=ID|NAME: each resolved to its container's
 * cgroup v2 directory and identity, for --cgroup's filter to trace. Found
 * from the runtimes' cgroup names (podman, docker, containerd, CRI-O, CRI
 * on cgroupfs) in the cgroup2 tree, and from `podman|docker inspect` where
 * installed (names; stopped containers). docs/CONTAINERS.md tells how. */
#ifndef SNOOP_CONTAINERS_H
#define SNOOP_CONTAINERS_H

#include <limits.h>
#include "opts.h"
#include "trace/ctrname.h"

struct container {
	const char *ref;                /* as given to --container */
	char id[CTR_ID_LEN + 1];
	char name[CTR_NAME_MAX];        /* "" when not known (containerd, CRI) */
	const char *runtime;            /* "podman", "docker", "containerd", "cri-o", "cri" */
	char cgroup[PATH_MAX];          /* its directory, absolute: under the cgroup2 mount */
};

struct containers {
	struct container c[OPTS_MAX_CGROUPS];
	int n;
};

/* Resolves refs[0..n) into cs (a running container each; -v tells what
 * each is and where). 0, or -1 after a one-line error
 * "snoop: --container=REF: ...". */
int containers_resolve(const char *const *refs, int n, struct containers *cs, int verbose);
/* Every running container's directory the cgroup2 tree shows, by its
 * runtime's naming (no runtime is asked: IDs, no names), and the mount
 * (len bytes). 0 and *dirs (containers_running_free), or -1 without a
 * cgroup2 tree. */
int containers_running(char *mount, size_t len, struct ctr_dir **dirs, int *n);
void containers_running_free(struct ctr_dir *dirs, int n);
/* Appends the containers' directories to o->cgroups (pointers into cs,
 * which must outlive o). 0, or -1 after a one-line error (too many). */
int containers_add_cgroups(const struct containers *cs, struct options *o);

#endif
