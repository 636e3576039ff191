/* ctrname.c - see ctrname.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trace/ctrname.h"

static int is_hex_lower(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* s is a full ID followed by exactly `end` ("" for nothing) */
static int full_id_then(const char *s, const char *end)
{
	int i;

	for (i = 0; i < CTR_ID_LEN; i++)
		if (!is_hex_lower(s[i]))
			return 0;
	return strcmp(s + CTR_ID_LEN, end) == 0;
}

/* Where the ID starts when NAME is PREFIX + ID + one of the suffixes (a
 * NULL-ended list), else NULL. */
static const char *named(const char *name, const char *prefix, const char *const *suffixes)
{
	size_t n = strlen(prefix);

	if (strncmp(name, prefix, n))
		return NULL;
	for (; *suffixes; suffixes++)
		if (full_id_then(name + n, *suffixes))
			return name + n;
	return NULL;
}

/* A bare ID's runtime, from its parent: docker's and the kubelet's
 * cgroupfs drivers put the runtime's or the pod's name there. */
static const char *bare_id_runtime(const char *parent)
{
	if (strcmp(parent, "docker") == 0)
		return "docker";
	if (strncmp(parent, "pod", 3) == 0)
		return "cri";
	return NULL;
}

/* NAME under a directory PARENT (its last component) */
static const char *id_in_dir(const char *parent, const char *name, char id[CTR_ID_LEN + 1])
{
	static const char *const scope[] = { ".scope", NULL };
	static const char *const scope_or_not[] = { ".scope", "", NULL };
	static const char *const bare[] = { "", NULL };
	static const struct {
		const char *prefix;
		const char *const *suffixes;
		const char *runtime;
	} rules[] = {
		{ "libpod-", scope_or_not, "podman" },
		{ "docker-", scope, "docker" },
		{ "cri-containerd-", scope, "containerd" },
		{ "crio-", scope, "cri-o" },
	};
	const char *runtime = NULL, *at = NULL;
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]) && !at; i++)
		if ((at = named(name, rules[i].prefix, rules[i].suffixes)))
			runtime = rules[i].runtime;
	if (!at && (at = named(name, "", bare)))
		runtime = bare_id_runtime(parent);
	if (!runtime)
		return NULL;
	memcpy(id, at, CTR_ID_LEN);
	id[CTR_ID_LEN] = '\0';
	return runtime;
}

const char *ctr_id_in_path(const char *path, char id[CTR_ID_LEN + 1])
{
	const char *name = strrchr(path, '/'), *parent;
	char up[CTR_NAME_MAX];

	if (!name)
		return NULL;
	for (parent = name; parent > path && parent[-1] != '/'; parent--)
		;
	snprintf(up, sizeof(up), "%.*s", (int)(name - parent), parent);
	return id_in_dir(up, name + 1, id);
}

/* Has dirs[0..i) a directory of the same ID as dirs[i]? */
static int seen_before(const struct ctr_dir *dirs, int i)
{
	int j;

	for (j = 0; j < i; j++)
		if (strcmp(dirs[j].id, dirs[i].id) == 0)
			return 1;
	return 0;
}

int ctr_match(const struct ctr_dir *dirs, int n, const char *ref, int *idx, int max)
{
	size_t len = strlen(ref);
	int i, found = 0;

	for (i = 0; i < n; i++)
		if (strcmp(dirs[i].id, ref) == 0) {
			if (max > 0)
				idx[0] = i;
			return 1;
		}
	if (!ctr_is_id_prefix(ref))
		return 0;
	for (i = 0; i < n; i++) {
		if (strncmp(dirs[i].id, ref, len) || seen_before(dirs, i))
			continue;
		if (found < max)
			idx[found] = i;
		found++;
	}
	return found;
}

int ctr_is_id_prefix(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > CTR_ID_LEN)
		return 0;
	for (i = 0; i < n; i++)
		if (!is_hex_lower(s[i]))
			return 0;
	return 1;
}

static int is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int ctr_valid_ref(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n >= CTR_NAME_MAX || !is_alnum(s[0]))
		return 0;
	for (i = 1; i < n; i++)
		if (!is_alnum(s[i]) && !strchr("_.-", s[i]))
			return 0;
	return 1;
}

int ctr_inspect_parse(const char *line, struct ctr_inspect *out)
{
	char id[CTR_ID_LEN + 2], name[CTR_NAME_MAX + 1];
	const char *n;
	int end = 0;

	memset(out, 0, sizeof(*out));
	if (sscanf(line, "%65s %ld %31s %256s%n", id, &out->pid, out->state, name, &end) != 4 ||
	    (line[end] && strcmp(line + end, "\n")) || !full_id_then(id, "") || out->pid < 0)
		return -1;
	n = name[0] == '/' ? name + 1 : name;   /* docker's names start with '/' */
	if (!ctr_valid_ref(n))
		return -1;
	memcpy(out->id, id, sizeof(out->id));
	memcpy(out->name, n, strlen(n) + 1);   /* ctr_valid_ref: it fits */
	return 0;
}
