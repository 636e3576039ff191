/* ctrname.h - what container runtimes write into cgroup v2 names and what
 * their inspect command prints, read without touching the system (unit-
 * tested from given paths and lines; containers.c does the I/O). */
#ifndef SNOOP_CTRNAME_H
#define SNOOP_CTRNAME_H

#include <stddef.h>

#define CTR_ID_LEN 64   /* podman, docker and containerd IDs: 64 hex digits */
#define CTR_NAME_MAX 256

/* The container a cgroup directory belongs to, from its path (relative to
 * the cgroup2 mount: "/machine.slice/libpod-ID.scope"; its last two
 * components count), by its runtime's naming:
 *   podman      libpod-ID.scope (systemd), libpod-ID (cgroupfs)
 *   docker      docker-ID.scope (systemd), docker/ID (cgroupfs)
 *   containerd  cri-containerd-ID.scope (CRI, systemd)
 *   cri-o       crio-ID.scope (CRI, systemd)
 *   cri         kubepods/.../podUID/ID (CRI on cgroupfs: the runtime is
 *               not in the name)
 * Copies ID (NUL-terminated) to id and returns the runtime's name, or
 * returns NULL (not a container's directory: a slice, a pod, conmon's). */
const char *ctr_id_in_path(const char *path, char id[CTR_ID_LEN + 1]);

/* A container's directory, found in the cgroup2 tree. */
struct ctr_dir {
	char id[CTR_ID_LEN + 1];
	const char *runtime;   /* ctr_id_in_path's */
	char *path;            /* relative to the mount, "/..." */
};
/* The directories of dirs[0..n) that ref names: the one whose ID is ref,
 * else every one whose ID starts with ref; one directory per ID (the
 * first, the outermost in a walk from the top). Their indexes go to
 * idx[0..max); returns how many there are (more than max may be). */
int ctr_match(const struct ctr_dir *dirs, int n, const char *ref, int *idx, int max);

/* Is s a container ID or a prefix of one (1 to 64 lowercase hex digits)? */
int ctr_is_id_prefix(const char *s);

/* Is s what a runtime accepts as a name or ID ([a-zA-Z0-9][a-zA-Z0-9_.-]*,
 * at most CTR_NAME_MAX - 1): nothing a command line could take for an
 * option. */
int ctr_valid_ref(const char *s);

/* One line of `podman|docker inspect --type container --format
 * CTR_INSPECT_FORMAT NAME`: the ID, the PID of its first process (0 when
 * not running), the state (running, exited, created ...) and the name
 * (docker's with a leading '/', dropped). 0, or -1 if the line is not
 * that. */
#define CTR_INSPECT_FORMAT "{{.Id}} {{.State.Pid}} {{.State.Status}} {{.Name}}"
struct ctr_inspect {
	char id[CTR_ID_LEN + 1];
	long pid;
	char state[32];
	char name[CTR_NAME_MAX];
};
int ctr_inspect_parse(const char *line, struct ctr_inspect *out);

#endif
