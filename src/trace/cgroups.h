/* cgroups.h - --cgroup's directories: where the cgroup v2 hierarchy is
 * mounted (a hybrid v1/v2 machine mounts it beside the v1 controllers,
 * often at /sys/fs/cgroup/unified), what a --cgroup argument names, and
 * each opened and checked, for the BPF side's cgroup array. */
#ifndef SNOOP_CGROUPS_H
#define SNOOP_CGROUPS_H

#include <stddef.h>

/* (The cgroup2 mount itself: trace/cgroup2.h.) */

/* The directory a --cgroup argument names: itself when it is the mount
 * or under it; an absolute path that exists as given (exists) as given,
 * any other absolute one under the mount (as /proc/PID/cgroup and
 * systemd write them: /system.slice/cron.service); a relative one under
 * the mount. 0, or -1 when it does not fit in len. */
int cgroups_path(const char *mount, const char *dir, int exists, char *path, size_t len);

/* Each of dirs[n] opened (fds[i]) after checking it is a cgroup v2
 * directory. 0, or -1 with err ("--cgroup=DIR: why"), nothing left open. */
int cgroups_open(const char *const *dirs, int n, int *fds, char *err, size_t errlen);

#endif
