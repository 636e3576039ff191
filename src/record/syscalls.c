/* syscalls.c - lookups in the generated syscall and errno tables. */
#include <stdlib.h>
#include <string.h>
#include "record/syscalls.h"

const char *syscall_name(long nr)
{
	if (nr < 0 || nr >= syscall_count)
		return NULL;
	return syscall_names[nr];
}

const char *ia32_syscall_name(long nr)
{
	if (nr < 0 || nr >= ia32_syscall_count)
		return NULL;
	return ia32_syscall_names[nr];
}

long syscall_number(const char *name)
{
	char *end;
	long nr;

	if (!name || !*name)
		return -1;
	/* a number is accepted as is, for syscalls newer than the table */
	if (name[0] >= '0' && name[0] <= '9') {
		nr = strtol(name, &end, 10);
		return (*end || nr < 0 || nr >= 1024) ? -1 : nr;
	}
	for (nr = 0; nr < syscall_count; nr++)
		if (syscall_names[nr] && strcmp(syscall_names[nr], name) == 0)
			return nr;
	return -1;
}

const char *errno_name(long e)
{
	if (e <= 0 || e >= errno_count)
		return NULL;
	return errno_names[e];
}
