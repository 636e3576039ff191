/* maps.c - see maps.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bcc/libbpf.h>
#include "trace/maps.h"

/* Loads a BTF blob; its fd, or -1 with errno. */
static int btf_load(const void *blob, size_t size)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.btf = (uint64_t)(uintptr_t)blob;
	attr.btf_size = (uint32_t)size;
	return (int)syscall(__NR_bpf, BPF_BTF_LOAD, &attr, sizeof(attr));
}

static int local_storage(uint32_t type)
{
	return type == BPF_MAP_TYPE_TASK_STORAGE || type == BPF_MAP_TYPE_INODE_STORAGE ||
	       type == BPF_MAP_TYPE_SK_STORAGE;
}

static int create(const struct bpfobj_map *m, const int *fds, char *err, size_t errlen)
{
	struct bcc_create_map_attr attr = {
		.name = m->name, .map_type = m->type, .map_flags = m->flags, .key_size = m->key_size,
		.value_size = m->value_size, .max_entries = m->max_entries,
	};
	unsigned char btf[BPFOBJ_BTF_MAX];
	int fd, btf_fd = -1, e;

	if (m->inner >= 0)
		attr.inner_map_fd = (uint32_t)fds[m->inner];
	/* the kernel wants a 4-byte int key and a value type of value_size */
	if (local_storage(m->type)) {
		if ((btf_fd = btf_load(btf, bpfobj_btf(m->value_size, btf))) < 0) {
			snprintf(err, errlen, "BPF map %s: loading its BTF: %s", m->name, strerror(errno));
			return -1;
		}
		attr.btf_fd = (uint32_t)btf_fd;
		attr.btf_key_type_id = BPFOBJ_BTF_KEY_ID;
		attr.btf_value_type_id = BPFOBJ_BTF_VALUE_ID;
	}
	fd = bcc_create_map_xattr(&attr, true);
	e = errno;
	if (btf_fd >= 0)
		close(btf_fd);   /* the map holds the BTF it needs */
	if (fd < 0)
		snprintf(err, errlen, "creating BPF map %s (type %u, %u entries): %s", m->name, m->type, attr.max_entries,
			 strerror(e));
	return fd;
}

void maps_close(int *fds, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

int maps_create(struct bpfobj *o, int *fds, char *err, size_t errlen)
{
	uint32_t i;
	int pass;

	for (i = 0; i < o->nmaps; i++)
		fds[i] = -1;
	/* of-maps maps last: their templates must exist */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < o->nmaps; i++) {
			struct bpfobj_map *m = &o->maps[i];

			if ((m->inner >= 0) != pass)
				continue;
			if (m->adopted_fd >= 0) {
				fds[i] = m->adopted_fd;
				m->adopted_fd = -1;
			} else if ((fds[i] = create(m, fds, err, errlen)) < 0) {
				maps_close(fds, o->nmaps);
				return -1;
			}
		}
	}
	return 0;
}

int maps_array_create(const char *name, unsigned value_size, unsigned entries, unsigned flags,
		      char *err, size_t errlen)
{
	int fd = bcc_create_map(BPF_MAP_TYPE_ARRAY, name, sizeof(__u32), (int)value_size, (int)entries,
				(int)flags);

	if (fd < 0)
		snprintf(err, errlen, "BPF map %s (%u x %u bytes): %s", name, entries, value_size,
			 strerror(errno));
	return fd;
}
