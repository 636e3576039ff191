/* launch.h - starting the -- command once the programs are attached, so
 * that it is traced from its execve. */
#ifndef SNOOP_LAUNCH_H
#define SNOOP_LAUNCH_H

#include "trace/handle.h"
#include "trace/proc.h"

/* Starts the command, traced from its execve. 0, or -1 after an error. */
int tracer_launch(const struct tracer *t, struct command *cmd, const char *path, char **argv);

#endif
