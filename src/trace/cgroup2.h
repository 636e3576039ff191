/* cgroup2.h - where the cgroup v2 (unified) hierarchy is, and where a
 * process is in it; on a hybrid v1/v2 machine it is not /sys/fs/cgroup. */
#ifndef SNOOP_CGROUP2_H
#define SNOOP_CGROUP2_H

#include <stddef.h>
#include <sys/types.h>

/* From the text of /proc/self/mountinfo: the mount point of the cgroup2
 * file system (one that shows the whole hierarchy, root "/", if there is
 * one), octal escapes undone. 0, or -1 when there is none. */
int cgroup2_mount_parse(const char *mountinfo, char *out, size_t len);
/* From the text of /proc/PID/cgroup: the process's path in the unified
 * hierarchy (its "0::" line), "/..." . 0, or -1 when there is none. */
int cgroup2_path_parse(const char *proc_cgroup, char *out, size_t len);

/* The same read from /proc: 0, or -1 with why set (one phrase). */
int cgroup2_mount(char *out, size_t len, char *why, size_t whylen);
int cgroup2_path_of(pid_t pid, char *out, size_t len, char *why, size_t whylen);

#endif
