/* variant.h - which variant of the BPF program a run compiles: the
 * options and what the kernel offers, as progdesc.h's variant bits, and
 * those bits as the compiler's -D flags. Decided without the kernel. */
#ifndef SNOOP_VARIANT_H
#define SNOOP_VARIANT_H

#include "opts.h"
#include "progdesc.h"
#include "trace/transport.h"

/* The compiler flags a variant adds: its -D flags, three more and the NULL */
#define VARIANT_CFLAGS_MAX (SNOOP_VARIANT_BITS + 4)

/* The variant for o, with the in-flight hash or the per-CPU slots, for a
 * kernel whose sched_process_exit says group_dead or not, whose BTF types
 * the syscall tracepoints' arguments (tp_btf) or not, and whose lifecycle
 * takes the classic tracepoints (no BTF) or not. */
unsigned variant_choose(const struct options *o, int inflight_hash, int group_dead, int tp_btf, int classic_lifecycle);
/* v's compiler flags into flags[], NULL-ended. */
void variant_cflags(unsigned v, const char *flags[VARIANT_CFLAGS_MAX]);
/* The buffers a program of variant v writes its records to. */
enum transport_kind variant_transport(unsigned v);
/* v's flags for people, "INFLIGHT_HASH GROUP_DEAD" ("none"), into buf. */
void variant_text(unsigned v, char *buf, size_t len);

#endif
