/* selection.c - see selection.h. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "error.h"
#include "trace/cgroups.h"
#include "trace/ktypes.h"
#include "trace/selection.h"
#include "trace/users.h"

/* The BPF side reads task->real_cred->euid (-u) where this kernel has
 * them (task->tgid, for a task that moves cgroup and a signal's target:
 * with the lifecycle's offsets, trace/ktypes.h). */
static int find_offsets(const char *what, struct selection *s)
{
	struct kfield want[] = { { "task_struct", "real_cred", 0 }, { "cred", "euid", 0 } };
	char why[512];

	if (ktypes_find(KTYPES_BTF, want, 2, why, sizeof(why))) {
		error_msg("%s: the kernel's BTF does not say where a task's creds are (%s): -a, --cgroup and -u "
			  "need a kernel built with CONFIG_DEBUG_INFO_BTF; use -p or -n", what, why);
		return -1;
	}
	s->task_cred_off = want[0].offset;
	s->cred_euid_off = want[1].offset;
	return 0;
}

/* --pidns=target: task->thread_pid and ->group_leader, struct pid's
 * level and numbers[] (the BPF side reads the task's own namespace's
 * number, numbers[level].nr). Without the BTF's word a capture (-w) only
 * goes without them; --pidns=target cannot. */
static int find_pidns_offsets(const struct options *o, struct selection *s)
{
	struct kfield want[] = { { "task_struct", "thread_pid", 0 }, { "task_struct", "group_leader", 0 },
				 { "pid", "level", 0 }, { "pid", "numbers", 0 } };
	char why[512];

	if (ktypes_find(KTYPES_BTF, want, 4, why, sizeof(why))) {
		s->record_ids &= ~SNOOP_IDS_PIDNS;
		if (!o->pidns_target)
			return 0;
		error_msg("--pidns=target: the kernel's BTF does not say where a task's PID numbers are (%s): it needs a "
			  "kernel built with CONFIG_DEBUG_INFO_BTF; use --pidns=host", why);
		return -1;
	}
	s->task_thread_pid_off = want[0].offset;
	s->task_group_leader_off = want[1].offset;
	s->pid_level_off = want[2].offset;
	s->pid_numbers_off = want[3].offset;
	return 0;
}

static int resolve_users(const struct options *o, struct selection *s)
{
	char err[512];
	int i;

	for (i = 0; i < o->nusers; i++)
		if (users_resolve(o->users[i], &s->uids[i], err, sizeof(err)))
			return error_msg("%s", err), -1;
	s->nuids = o->nusers;
	return 0;
}

int selection_resolve(const struct options *o, struct selection *s)
{
	char err[8192];

	memset(s, 0, sizeof(*s));
	s->record_ids = opts_record_ids(o);
	if ((s->record_ids & SNOOP_IDS_PIDNS) && find_pidns_offsets(o, s))
		return -1;
	if (!opts_selects_in_kernel(o))
		return 0;
	s->select = (opts_selects_all(o) ? SNOOP_SEL_ALL : 0) | (o->ncgroups ? SNOOP_SEL_CGROUPS : 0) |
		    (o->nusers ? SNOOP_SEL_UID : 0);
	if (resolve_users(o, s) || find_offsets(o->all ? "-a" : o->ncgroups ? "--cgroup" : "-u", s))
		return -1;
	if (cgroups_open(o->cgroups, o->ncgroups, s->cgroup_fds, err, sizeof(err)))
		return error_msg("%s", err), -1;
	s->ncgroups = o->ncgroups;
	return 0;
}

void selection_text(const struct options *o, char *buf, size_t len)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	if (opts_selects_all(o))
		used += (size_t)snprintf(buf + used, len - used, "all");
	for (i = 0; i < o->ncgroups && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%scgroup:%s", used ? "," : "", o->cgroups[i]);
	for (i = 0; i < o->nusers && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%suser:%s", used ? "," : "", o->users[i]);
}

void selection_close(struct selection *s)
{
	int i;

	for (i = 0; i < s->ncgroups; i++)
		close(s->cgroup_fds[i]);
	s->ncgroups = 0;
}
