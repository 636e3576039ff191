/* cgnames.c - see cgnames.h. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "trace/cgnames.h"
#include "trace/cgroup2.h"
#include "trace/cgroups.h"

#define WALK_DEPTH 16   /* deeper directories are not named */

/* the container whose directory is abs or above it, or NULL */
static const struct container *container_of(const struct containers *cs, const char *abs)
{
	int i;

	for (i = 0; cs && i < cs->n; i++)
		if (cgtable_path_under(abs, cs->c[i].cgroup))
			return &cs->c[i];
	return NULL;
}

/* abs and the directories below it, depth levels down at most, as cs's
 * container's where one holds it, else as c's (NULL: none) */
static void walk_as(const char *mount, const char *abs, const struct containers *cs, const struct container *as,
		    struct cgtable *t, int depth)
{
	const struct container *c = cs ? container_of(cs, abs) : as;
	size_t m = strlen(mount);
	char sub[PATH_MAX];
	struct dirent *d;
	struct stat st;
	DIR *dir;

	if (t->n >= CGTABLE_MAX || stat(abs, &st) || !S_ISDIR(st.st_mode))
		return;
	if (m == 1)   /* a mount at / */
		m = 0;
	cgtable_add(t, (uint64_t)st.st_ino, abs[m] ? abs + m : "/", c ? c->id : NULL, c ? c->name : NULL,
		    c ? c->runtime : NULL);
	if (depth <= 0 || !(dir = opendir(abs)))
		return;
	while ((d = readdir(dir)) && t->n < CGTABLE_MAX) {
		if (d->d_type != DT_DIR || d->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", abs, d->d_name) < sizeof(sub))
			walk_as(mount, sub, cs, as, t, depth - 1);
	}
	closedir(dir);
}

static void walk(const char *mount, const char *abs, const struct containers *cs, struct cgtable *t, int depth)
{
	walk_as(mount, abs, cs, NULL, t, depth);
}

static void add_running(struct cgtable *t)
{
	static struct container c;   /* one at a time: its id and runtime */
	char mount[PATH_MAX], abs[2 * PATH_MAX];
	struct ctr_dir *dirs;
	int i, n;

	if (containers_running(mount, sizeof(mount), &dirs, &n))
		return;
	for (i = 0; i < n && t->n < CGTABLE_MAX; i++) {
		memset(&c, 0, sizeof(c));
		snprintf(c.id, sizeof(c.id), "%s", dirs[i].id);
		c.runtime = dirs[i].runtime;
		snprintf(abs, sizeof(abs), "%s%s", strcmp(mount, "/") ? mount : "", dirs[i].path);
		walk_as(mount, abs, NULL, &c, t, WALK_DEPTH);
	}
	containers_running_free(dirs, n);
}

void cgnames_mount(char *mount, size_t len)
{
	char why[256];

	if (cgroup2_mount(mount, len, why, sizeof(why)))
		mount[0] = '\0';
}

void cgnames_fill(const char *const *dirs, int n, const struct containers *cs, int running, struct cgtable *t)
{
	char mount[PATH_MAX], abs[PATH_MAX];
	struct stat st;
	int i;

	memset(t, 0, sizeof(*t));
	cgnames_mount(mount, sizeof(mount));
	if (!mount[0])
		return;
	/* a directory is kept as first found: the named containers, then the
	 * other running ones, then --cgroup's */
	for (i = 0; cs && i < cs->n; i++)
		walk(mount, cs->c[i].cgroup, cs, t, WALK_DEPTH);
	if (running)
		add_running(t);
	for (i = 0; i < n; i++) {
		if (cgroups_path(mount, dirs[i], dirs[i][0] == '/' && stat(dirs[i], &st) == 0, abs, sizeof(abs)) == 0 &&
		    cgtable_path_under(abs, mount))
			walk(mount, abs, cs, t, WALK_DEPTH);
	}
}

void cgnames_fill_replay(const char *const *dirs, int n, struct cgtable *t)
{
	char mount[PATH_MAX], rel[PATH_MAX], abs[2 * PATH_MAX];
	int i;

	memset(t, 0, sizeof(*t));
	cgnames_mount(mount, sizeof(mount));
	for (i = 0; mount[0] && i < n; i++) {
		cgtable_relative(dirs[i], mount, rel, sizeof(rel));
		snprintf(abs, sizeof(abs), "%s%s", strcmp(mount, "/") ? mount : "", strcmp(rel, "/") ? rel : "");
		walk(mount, abs[0] ? abs : "/", NULL, t, WALK_DEPTH);
	}
}
