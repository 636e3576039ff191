/* selection.h - what -a, --cgroup and -u hand the BPF side: the cgroup
 * directories opened, the uids, and where the kernel keeps a task's tgid
 * and effective uid (its BTF). Resolved before the compile, so a bad
 * argument costs no second of it. */
#ifndef SNOOP_SELECTION_H
#define SNOOP_SELECTION_H

#include <linux/types.h>
#include "opts.h"

struct selection {
	__u32 select;                      /* SNOOP_SEL_*; 0: -p, -n, the command only */
	int cgroup_fds[OPTS_MAX_CGROUPS];
	int ncgroups;
	__u32 uids[SNOOP_MAX_UIDS];
	int nuids;
	unsigned task_cred_off, cred_euid_off;   /* from the kernel's BTF */
	/* what records carry (SNOOP_IDS_*), and where a task's PID namespace
	 * numbers are (--pidns=target; a capture's, where the BTF says) */
	__u32 record_ids;
	unsigned task_thread_pid_off, task_group_leader_off, pid_level_off, pid_numbers_off;
};

/* s from o (nothing to do without -a, --cgroup, --container's cgroups,
 * -u, or what records carry). 0, or -1 after a one-line error. */
int selection_resolve(const struct options *o, struct selection *s);
/* The header's select= value: "all", "cgroup:DIR,cgroup:DIR",
 * "all,user:NAME" (the arguments as given); "" for none. */
void selection_text(const struct options *o, char *buf, size_t len);
void selection_close(struct selection *s);

#endif
