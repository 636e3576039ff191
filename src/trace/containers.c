/* containers.c - see containers.h. The order a reference is tried in is
 * podman's own (a full ID, then a name, then an ID prefix), over every
 * runtime at once: the cgroup2 tree holds every running container whatever
 * its runtime, the tools know names and stopped containers. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "error.h"
#include "trace/cgroup2.h"
#include "trace/containers.h"
#include "trace/ctrtool.h"

#define WALK_MAX_DEPTH 32
#define AMBIGUOUS_SHOWN 4

/* the cgroup2 tree's container directories */
struct tree {
	char mount[PATH_MAX];
	struct ctr_dir *dirs;
	int n, cap;
};

static const char *const tools[] = { "podman", "docker" };
#define NTOOLS ((int)(sizeof(tools) / sizeof(tools[0])))

static int tree_add(struct tree *t, const char *path, const char *id, const char *runtime)
{
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 64;
		struct ctr_dir *d = realloc(t->dirs, (size_t)cap * sizeof(*d));

		if (!d)
			return -1;
		t->dirs = d, t->cap = cap;
	}
	if (!(t->dirs[t->n].path = strdup(path)))
		return -1;
	memcpy(t->dirs[t->n].id, id, sizeof(t->dirs[t->n].id));
	t->dirs[t->n++].runtime = runtime;
	return 0;
}

/* Every directory under fd (path: its place under the mount, "" for the
 * top), depth first from the top, so an outer directory comes before one
 * inside it. A directory that vanishes meanwhile is passed over. */
static int walk(struct tree *t, int fd, const char *path, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;
	char sub[PATH_MAX], id[CTR_ID_LEN + 1];
	const char *runtime;
	int rc = 0;

	if (!d)
		return close(fd), 0;
	while (rc == 0 && (e = readdir(d))) {
		int cfd;

		if (e->d_type != DT_DIR || e->d_name[0] == '.' ||
		    snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) >= (int)sizeof(sub))
			continue;
		if ((runtime = ctr_id_in_path(sub, id)) && tree_add(t, sub, id, runtime))
			rc = -1;
		if (rc == 0 && depth < WALK_MAX_DEPTH &&
		    (cfd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) >= 0)
			rc = walk(t, cfd, sub, depth + 1);
	}
	closedir(d);
	return rc;
}

/* quiet: no error message (the caller goes on without the tree) */
static int tree_read(struct tree *t, int quiet)
{
	char why[512];
	int fd;

	if (cgroup2_mount(t->mount, sizeof(t->mount), why, sizeof(why)))
		return quiet ? -1 : (error_msg("--container: %s: containers are found in the cgroup v2 hierarchy", why), -1);
	if ((fd = open(t->mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return quiet ? -1 : (perror_msg("--container: cannot open the cgroup2 mount %s", t->mount), -1);
	if (walk(t, fd, "", 0))
		return quiet ? -1 : (perror_msg("--container: reading the cgroup2 tree %s", t->mount), -1);
	return 0;
}

static void tree_free(struct tree *t)
{
	while (t->n > 0)
		free(t->dirs[--t->n].path);
	free(t->dirs);
}

int containers_running(char *mount, size_t len, struct ctr_dir **dirs, int *n)
{
	struct tree t = { .n = 0 };

	if (tree_read(&t, 1))
		return tree_free(&t), -1;
	snprintf(mount, len, "%s", t.mount);
	*dirs = t.dirs;
	*n = t.n;
	return 0;
}

void containers_running_free(struct ctr_dir *dirs, int n)
{
	struct tree t = { .dirs = dirs, .n = n };

	tree_free(&t);
}

static void set_found(struct container *c, const char *mount, const char *path, const char *id,
		      const char *runtime)
{
	snprintf(c->cgroup, sizeof(c->cgroup), "%s%s", mount, path);
	snprintf(c->id, sizeof(c->id), "%s", id);
	c->runtime = runtime;
}

/* The tool's view of ref: FOUND in the first tool that knows it; asked
 * gets "podman (why), docker (why)" for the error of an unknown one. */
static enum ctrtool_result ask_tools(const char *ref, struct ctr_inspect *in, const char **tool,
				     char *asked, size_t len)
{
	char why[512];
	size_t used = 0;
	int i;

	asked[0] = '\0';
	for (i = 0; i < NTOOLS; i++) {
		if (ctrtool_inspect(tools[i], ref, in, why, sizeof(why)) == CTRTOOL_FOUND)
			return *tool = tools[i], CTRTOOL_FOUND;
		used += (size_t)snprintf(asked + used, used < len ? len - used : 0, "%s%s (%s)", i ? ", " : "", tools[i], why);
	}
	return CTRTOOL_FAILED;
}

/* The name a tool knows for a container found in the tree, when the
 * runtime has a tool and it is installed. */
static void name_from_tool(struct container *c)
{
	struct ctr_inspect in;
	char why[512];
	int i;

	for (i = 0; i < NTOOLS; i++)
		if (strcmp(c->runtime, tools[i]) == 0 &&
		    ctrtool_inspect(tools[i], c->id, &in, why, sizeof(why)) == CTRTOOL_FOUND)
			snprintf(c->name, sizeof(c->name), "%s", in.name);
}

/* The cgroup of a container its tool found, from its first process: the
 * ancestor named for the container if there is one (runtimes may put the
 * process in a leaf inside it), else the process's own. */
static int cgroup_from_pid(struct container *c, const char *mount, const struct ctr_inspect *in,
			   const char *tool)
{
	char own[PATH_MAX], path[PATH_MAX], id[CTR_ID_LEN + 1], why[512], *slash;
	struct stat st;

	if (cgroup2_path_of((pid_t)in->pid, own, sizeof(own), why, sizeof(why)))
		return error_msg("--container=%s: %s's container %s (PID %ld): %s", c->ref, tool, in->name, in->pid, why), -1;
	if (strcmp(own, "/") == 0)
		return error_msg("--container=%s: %s's container %s is in the root of the cgroup v2 hierarchy (%s): "
				 "its runtime made no cgroup v2 for it, so its processes cannot be told from the rest",
				 c->ref, tool, in->name, mount), -1;
	memcpy(path, own, sizeof(path));
	for (slash = path + strlen(path); slash > path; slash = strrchr(path, '/'), *slash = '\0')
		if (ctr_id_in_path(path, id) && strcmp(id, in->id) == 0)
			break;
	set_found(c, mount, slash > path ? path : own, in->id, tool);
	snprintf(c->name, sizeof(c->name), "%s", in->name);
	if (stat(c->cgroup, &st) || !S_ISDIR(st.st_mode))
		return error_msg("--container=%s: %s's container %s is in %s, which is not there (it ended meanwhile?)",
				 c->ref, tool, in->name, c->cgroup), -1;
	return 0;
}

/* A container its tool found: running (its cgroup), or an error. */
static int from_tool(struct container *c, const char *mount, const struct ctr_inspect *in, const char *tool)
{
	if (in->pid > 0 && (strcmp(in->state, "running") == 0 || strcmp(in->state, "paused") == 0))
		return cgroup_from_pid(c, mount, in, tool);
	return error_msg("--container=%s: %s's container %s (ID %.12s) is %s, not running: start it (%s start %s), then trace it",
			 c->ref, tool, in->name, in->id, in->state, tool, in->name), -1;
}

static int ambiguous(const struct container *c, const struct tree *t, const int *idx, int n)
{
	char list[1024];
	size_t used = 0;
	int i;

	list[0] = '\0';
	for (i = 0; i < n && i < AMBIGUOUS_SHOWN; i++)
		used += (size_t)snprintf(list + used, used < sizeof(list) ? sizeof(list) - used : 0, "%s%.12s (%s, %s)",
					 i ? ", " : "", t->dirs[idx[i]].id, t->dirs[idx[i]].runtime, t->dirs[idx[i]].path);
	return error_msg("--container=%s: ambiguous ID prefix: %d running containers' IDs start with it: %s%s; give more of the ID",
			 c->ref, n, list, n > AMBIGUOUS_SHOWN ? ", ..." : ""), -1;
}

/* ref as podman takes it: a full ID, a name, an ID prefix (unique). */
static int resolve_one(struct container *c, const struct tree *t)
{
	int idx[AMBIGUOUS_SHOWN], n;
	struct ctr_inspect in;
	const char *tool = NULL;
	char asked[1024];
	enum ctrtool_result r;

	n = ctr_match(t->dirs, t->n, c->ref, idx, AMBIGUOUS_SHOWN);
	if (n == 1 && strcmp(t->dirs[idx[0]].id, c->ref) == 0) {
		set_found(c, t->mount, t->dirs[idx[0]].path, c->ref, t->dirs[idx[0]].runtime);
		name_from_tool(c);
		return 0;
	}
	r = ask_tools(c->ref, &in, &tool, asked, sizeof(asked));
	if (r == CTRTOOL_FOUND && strcmp(in.name, c->ref) == 0)
		return from_tool(c, t->mount, &in, tool);
	if (n > 1)
		return ambiguous(c, t, idx, n);
	if (n == 1) {
		set_found(c, t->mount, t->dirs[idx[0]].path, t->dirs[idx[0]].id, t->dirs[idx[0]].runtime);
		name_from_tool(c);
		return 0;
	}
	if (r == CTRTOOL_FOUND)   /* an ID or prefix of a container not in the tree: stopped? */
		return from_tool(c, t->mount, &in, tool);
	return error_msg("--container=%s: no running container has this name or ID: asked %s and the cgroup2 tree at %s "
			 "(the cgroups podman, docker, containerd and CRI-O make); give a running container's name or ID, as podman ps, docker ps or crictl ps shows",
			 c->ref, asked, t->mount), -1;
}

static void describe(int verbose, const struct container *c)
{
	if (c->name[0])
		verbose_msg(verbose, "--container=%s: %s container %s (ID %.12s), cgroup %s", c->ref, c->runtime,
			    c->name, c->id, c->cgroup);
	else
		verbose_msg(verbose, "--container=%s: %s container ID %.12s, cgroup %s", c->ref, c->runtime,
			    c->id, c->cgroup);
}

int containers_resolve(const char *const *refs, int n, struct containers *cs, int verbose)
{
	struct tree t = { .n = 0 };
	int i, rc = 0;

	memset(cs, 0, sizeof(*cs));
	if (n > OPTS_MAX_CGROUPS)
		return error_msg("--container: too many: at most %d", OPTS_MAX_CGROUPS), -1;
	if (tree_read(&t, 0))
		return tree_free(&t), -1;
	for (i = 0; i < n && rc == 0; i++) {
		cs->c[i].ref = refs[i];
		if ((rc = resolve_one(&cs->c[i], &t)) == 0)
			describe(verbose, &cs->c[i]);
	}
	cs->n = rc ? 0 : n;
	tree_free(&t);
	return rc;
}

int containers_add_cgroups(const struct containers *cs, struct options *o)
{
	int i;

	if (o->ncgroups + cs->n > OPTS_MAX_CGROUPS)
		return error_msg("--cgroup and --container: too many cgroups: at most %d together", OPTS_MAX_CGROUPS), -1;
	for (i = 0; i < cs->n; i++)
		o->cgroups[o->ncgroups++] = cs->c[i].cgroup;
	return 0;
}
