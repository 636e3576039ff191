/* cgtable.h - the cgroups a run's records can be named by: a cgroup's id
 * (its cgroup v2 directory's inode number, what records carry in
 * cgroup_id), its path under the cgroup2 mount, and the container it is
 * (or is below) when --container found one. Filled at the start from
 * --cgroup's and --container's directories (and those below them), kept
 * in the header's cgroups= field, so that a replay (-r) names the
 * containers and filters by --cgroup and --container as the live run
 * would. docs/FORMAT.md has the field; docs/CONTAINERS.md what is named.
 *
 * Pure: the walk of the directories is trace/'s. */
#ifndef SNOOP_CGTABLE_H
#define SNOOP_CGTABLE_H

#include <stddef.h>
#include <stdint.h>

#define CGTABLE_MAX 1024        /* directories kept (more are not named; the header holds fewer) */
#define CG_PATH_MAX 256         /* a path under the mount, "/" first */
#define CG_CTR_ID_MAX 65        /* a container ID, 64 hex digits */
#define CG_CTR_NAME_MAX 128
#define CG_RUNTIME_MAX 16
#define CGTABLE_TEXT_MAX 4096   /* the header field, at most (entries that do not fit are left out) */

struct cg_entry {
	uint64_t id;
	char path[CG_PATH_MAX];
	char ctr_id[CG_CTR_ID_MAX];      /* "" when the cgroup is no container's */
	char ctr_name[CG_CTR_NAME_MAX];  /* "" when not known */
	char runtime[CG_RUNTIME_MAX];
};

struct cgtable {
	struct cg_entry e[CGTABLE_MAX];
	int n;
	int sorted;   /* e is in the order of id (cgtable_sort): found by bisection */
};

/* Adds id at path (once per id); container fields may be NULL. 0, or -1
 * when the table is full or a field does not fit. */
int cgtable_add(struct cgtable *t, uint64_t id, const char *path, const char *ctr_id, const char *ctr_name,
		const char *runtime);
/* In the order of id, so that cgtable_find, once per record, bisects. */
void cgtable_sort(struct cgtable *t);
/* The entry of id, or NULL. */
const struct cg_entry *cgtable_find(const struct cgtable *t, uint64_t id);
/* Is path (of the mount, "/a/b") dir or below it? */
int cgtable_path_under(const char *path, const char *dir);
/* A --cgroup=DIR as a path under the cgroup2 mount, as the table keeps
 * them: "/a/b" from "a/b", "/a/b" or MOUNT/a/b (mount: NULL for none). */
void cgtable_relative(const char *dir, const char *mount, char *out, size_t len);
/* Does entry e belong to the container ref (a full ID, a prefix of one, or
 * a name, as --container takes them)? */
int cgtable_is_container(const struct cg_entry *e, const char *ref);

/* The container's name as a text line shows it (its short ID, 12
 * digits, when it has none; a byte no container name holds as '?': the
 * line stays one field to awk): into dst (CG_CTR_NAME_MAX bytes), its
 * length. */
size_t cg_container_label(char *dst, const struct cg_entry *e);

/* The header's value: "ID:PATH[:RUNTIME:CTRID:NAME],..." with each field's
 * bytes below '!', above '~', and % , : as %XX. Returns its length (""
 * for none); entries past len are left out. */
size_t cgtable_text(const struct cgtable *t, char *dst, size_t len);
/* The table from that text (entries that do not parse are skipped),
 * sorted. */
void cgtable_parse(struct cgtable *t, const char *text);

/* The table the formatters name records' cgroups from (JSON "container",
 * --show-cgroup): set once before records are written, NULL for none. */
void cgtable_use(const struct cgtable *t);
const struct cgtable *cgtable_used(void);

#endif
