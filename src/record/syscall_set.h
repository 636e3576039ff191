/* syscall_set.h - -e's set expression, as strace reads it: names, numbers,
 * classes (%file, %network ...), all, none, a leading ! for the complement,
 * strace's "trace=" prefix; an unknown name is answered with the closest
 * known ones. Pure: the opts parser and its tests drive it. */
#ifndef SNOOP_SYSCALL_SET_H
#define SNOOP_SYSCALL_SET_H

#include <stddef.h>
#include <stdint.h>

/* A class and its members' numbers, -1 ended (generated: build/classes.c
 * from src/tools/classes.in). */
struct syscall_class {
	const char *name;          /* "%file" */
	const short *members;
};
extern const struct syscall_class syscall_classes[];

#define SYSCALL_SET_BITS 1024      /* SNOOP_MAX_SYSCALLS */
#define SYSCALL_SET_WORDS (SYSCALL_SET_BITS / 64)

/* Adds the calls expr names to bits. 0, or -1 with the one-line reason in
 * err ("unknown syscall 'opnat' (did you mean openat?)"). */
int syscall_set_parse(const char *expr, uint64_t *bits, char *err, size_t errlen);
/* The class called name ("%file"; "file" too, as strace still accepts), or NULL. */
const struct syscall_class *syscall_class_find(const char *name);
/* "openat, open" : up to three known names (classes if word starts with %)
 * closest to word by edit distance, or "" when none is close. */
size_t syscall_suggest(const char *word, char *out, size_t outlen);

#endif
