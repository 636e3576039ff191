/* tracefs.h - what the BPF program needs of tracefs: mounted (libbcc
 * reads tracepoint formats there), and what its formats say of the
 * kernel that chooses a variant. */
#ifndef SNOOP_TRACEFS_H
#define SNOOP_TRACEFS_H

/* Mounts debugfs where tracefs is missing: 0, or -1 after a one-line error. */
int tracefs_ensure(int verbose);
/* Does sched_process_exit carry group_dead (Linux 6.16+)? Then a process
 * is traced until its last thread exits, not its leader. */
int tracefs_exit_has_group_dead(void);

#endif
