/* stacks.c - see stacks.h. Symbolising reads ELF files: it is what -k
 * costs (as strace -k's unwinding does); records without -k never pay it. */
#include <bcc/bcc_syms.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include "progdesc.h"
#include "error.h"
#include "record/sink.h"
#include "record/text.h"
#include "trace/stacks.h"

#define USER_ADDRESS_END (1ull << 47)   /* x86_64 user space, 4-level paging */

/* Adds the executable files mapped by pid ("self": snoop) to the build-id
 * cache; libbcc reads each one's build id. */
static void learn_maps(struct stacks *s, const char *pid)
{
	char path[64], line[4096], *file;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	if (!(f = fopen(path, "re")))
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		file = strchr(line, '/');
		if (file && strstr(line, " r-xp ") )
			bcc_buildsymcache_add_module(s->by_build_id, file);
	}
	fclose(f);
}

/* A process's files, once (while it lives: after, its maps are gone). */
static void learn_process(struct stacks *s, pid_t pid)
{
	char p[16];
	unsigned k;

	for (k = 0; k < s->nlearnt && k < STACKS_MAX_PIDS; k++)
		if (s->learnt[k] == pid)
			return;
	s->learnt[s->nlearnt++ % STACKS_MAX_PIDS] = pid;
	snprintf(p, sizeof(p), "%d", (int)pid);
	learn_maps(s, p);
}

int stacks_init(struct stacks *s, struct sbpf *b, const char *command)
{
	memset(s, 0, sizeof(*s));
	s->b = b;
	if (!(s->by_build_id = bcc_buildsymcache_new()))
		return -1;
	learn_maps(s, "self");   /* the C library and the loader, as the commands have them */
	if (command)
		bcc_buildsymcache_add_module(s->by_build_id, command);
	return 0;
}

static int resolve(struct stacks *s, pid_t pid, struct bpf_stack_build_id *frame, struct bcc_symbol *sym)
{
	if (frame->status != BPF_STACK_BUILD_ID_VALID)
		return -1;
	if (bcc_buildsymcache_resolve(s->by_build_id, frame, sym) == 0)
		return 0;
	learn_process(s, pid);
	return bcc_buildsymcache_resolve(s->by_build_id, frame, sym);
}

/* One frame; 0 when it does not fit. */
static size_t put_frame(char *dst, size_t room, const struct bpf_stack_build_id *f, const struct bcc_symbol *sym,
			int json, int first)
{
	unsigned long long at = f->status == BPF_STACK_BUILD_ID_VALID ? f->offset : f->ip;
	char name[512], mod[512];
	int n;

	if (json) {
		name[fmt_json_str(name, sym ? sym->name : "", 120)] = '\0';
		mod[fmt_json_str(mod, sym ? sym->module : "", 120)] = '\0';
		n = snprintf(dst, room, "%s{\"symbol\":%s,\"offset\":%llu,\"module\":%s,\"%s\":%llu}", first ? "" : ",",
			     sym ? name : "null", sym ? (unsigned long long)sym->offset : 0ull, sym ? mod : "null",
			     f->status == BPF_STACK_BUILD_ID_VALID ? "file_offset" : "ip", at);
	} else if (sym) {
		n = snprintf(dst, room, " > %s(%s+0x%llx) [0x%llx]\n", sym->module, sym->name,
			     (unsigned long long)sym->offset, at);
	} else {
		n = snprintf(dst, room, " > unknown [0x%llx]\n", at);
	}
	return n > 0 && (size_t)n < room ? (size_t)n : 0;
}

static size_t stack_of(struct stacks *s, const struct snoop_record *r, char *dst, size_t room, int json);

/* A process that called execve maps other files now: read its maps anew. */
static void forget_process(struct stacks *s, pid_t pid)
{
	unsigned k;

	for (k = 0; k < s->nlearnt && k < STACKS_MAX_PIDS; k++)
		if (s->learnt[k] == pid)
			s->learnt[k] = 0;
}

size_t stacks_format(void *arg, const struct snoop_record *r, char *dst, size_t room, int json)
{
	struct stacks *s = arg;

	if ((r->nr == __NR_execve || r->nr == __NR_execveat) && !(r->flags & SNOOP_REC_IA32) && r->ret == 0)
		forget_process(s, (pid_t)r->pid);
	return stack_of(s, r, dst, room, json);
}

static size_t stack_of(struct stacks *s, const struct snoop_record *r, char *dst, size_t room, int json)
{
	__u32 id = (r->flags >> SNOOP_REC_STACK_SHIFT) - 1;
	struct bpf_stack_build_id frames[SNOOP_STACK_DEPTH];
	struct bcc_symbol sym;
	size_t i = 0, n;
	int k;

	if (json)
		i = (size_t)snprintf(dst, room, ",\"stack\":[");
	memset(frames, 0, sizeof(frames));
	if (!(r->flags >> SNOOP_REC_STACK_SHIFT) || sbpf_map_lookup(s->b, snoop_maps[SNOOP_MAP_STACKS].name, &id, frames)) {
		s->missing++;
		return json ? i + (size_t)snprintf(dst + i, room - i, "]") : (size_t)snprintf(dst, room, " > (no stack)\n");
	}
	for (k = 0; k < SNOOP_STACK_DEPTH && (frames[k].status != BPF_STACK_BUILD_ID_EMPTY); k++) {
		/* the frame-pointer walk can end on a word that is no user address
		 * (nor an offset in a file) */
		if (frames[k].ip >= USER_ADDRESS_END)
			break;
		memset(&sym, 0, sizeof(sym));
		n = put_frame(dst + i, room - i - 2, &frames[k], resolve(s, (pid_t)r->pid, &frames[k], &sym) == 0 ? &sym : NULL,
			      json, k == 0);
		if (!n)
			break;   /* no room for more frames: the outermost are left out */
		i += n;
	}
	if (json)
		dst[i++] = ']';
	return i;
}

int stacks_start(struct stacks *s, struct sbpf *b, const char *command, struct sink *sink)
{
	if (stacks_init(s, b, command)) {
		error_msg("-k: out of memory for the symbol cache");
		return -1;
	}
	sink->stack = stacks_format;
	sink->stack_arg = s;
	return 0;
}

void stacks_free(struct stacks *s, int verbose)
{
	if (s->missing)
		verbose_msg(verbose, "-k: %lu records without a stack (its bucket in the stack table was taken)",
			    s->missing);
	if (s->by_build_id)
		bcc_free_buildsymcache(s->by_build_id);
	memset(s, 0, sizeof(*s));
}
