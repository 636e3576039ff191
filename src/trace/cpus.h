/* cpus.h - which CPUs there are: the lists of /sys/devices/system/cpu
 * ("0-3,5"), for one perf buffer per online CPU and one counter slot per
 * possible CPU. */
#ifndef SNOOP_CPUS_H
#define SNOOP_CPUS_H

#define CPUS_ONLINE "/sys/devices/system/cpu/online"
#define CPUS_POSSIBLE "/sys/devices/system/cpu/possible"

/* "0-3,5" into cpus[]; count, or -1 if it does not parse or exceeds max. */
int cpus_parse(const char *s, int *cpus, int max);
/* The list in file path (CPUS_ONLINE, CPUS_POSSIBLE); count or -1. */
int cpus_read(const char *path, int *cpus, int max);
/* Slots a per-CPU value has: the last possible CPU + 1, or -1. */
int cpus_slots(void);

#endif
