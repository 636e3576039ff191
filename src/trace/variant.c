/* variant.c - see variant.h. */
#include <stdio.h>
#include <string.h>
#include "trace/variant.h"

/* Every flag the source tests is one a run can choose: a flag added to
 * bpf/snoop.bpf.c without a way to choose it stops the build here. */
_Static_assert(SNOOP_V_ALL == (SNOOP_V_INFLIGHT_HASH | SNOOP_V_RINGBUF | SNOOP_V_MAPPED | SNOOP_V_GROUP_DEAD |
			       SNOOP_V_STACKS | SNOOP_V_SUMMARY | SNOOP_V_PATHS | SNOOP_V_COUNT_ONLY |
			       SNOOP_V_ATTACH_FALLBACK | SNOOP_V_TP_BTF | SNOOP_V_CLASSIC_LIFECYCLE),
	       "bpf/snoop.bpf.c tests a variant flag that variant_choose never sets");

static unsigned transport(const struct options *o, int inflight_hash)
{
	switch (o->buffer) {
	case BUFFER_RING:
		return SNOOP_V_RINGBUF;
	case BUFFER_MAPPED:
		return SNOOP_V_MAPPED;
	case BUFFER_DEFAULT:
		/* a kernel that needs the in-flight hash (< 5.11) may lack
		 * mmapable map-in-map arrays too: perf buffers */
		return !inflight_hash ? SNOOP_V_MAPPED : 0;
	default:
		return 0;   /* perf buffers */
	}
}

unsigned variant_choose(const struct options *o, int inflight_hash, int group_dead, int tp_btf, int classic_lifecycle)
{
	unsigned v = transport(o, inflight_hash);

	/* the raw syscall programs read the register frame with plain loads
	 * where the kernel types their arguments (its BTF has the
	 * tracepoints' typedefs) */
	if (tp_btf && (o->method == ATTACH_AUTO || o->method == ATTACH_RAW_TP))
		v |= SNOOP_V_TP_BTF;
	if (inflight_hash)
		v |= SNOOP_V_INFLIGHT_HASH;
	if (group_dead)
		v |= SNOOP_V_GROUP_DEAD;
	if (o->stack)
		v |= SNOOP_V_STACKS;
	/* the classic tracepoint and kprobe syscall programs are a third of
	 * the compile: only when asked for (raw tracepoints failing is
	 * tracer.c's second compile) */
	if (o->method == ATTACH_TP || o->method == ATTACH_KPROBE)
		v |= SNOOP_V_ATTACH_FALLBACK;
	/* the classic lifecycle tracepoints only without the kernel's BTF
	 * (trace/attach.h attach_lifecycle_classic), ~7% of the compile */
	if (classic_lifecycle)
		v |= SNOOP_V_CLASSIC_LIFECYCLE;
	/* maps and code only the runs that use them carry */
	if (o->summary)
		v |= SNOOP_V_SUMMARY;
	if (o->npaths)
		v |= SNOOP_V_PATHS;
	/* -c alone (no capture, no --html): the lean counting path and its array */
	if (o->summary == SUMMARY_ONLY && !o->npaths && !o->per_process && !o->write_capture && !o->html)
		v |= SNOOP_V_COUNT_ONLY;
	return v;
}

void variant_cflags(unsigned v, const char *flags[VARIANT_CFLAGS_MAX])
{
	int n = 0, bit;

	flags[n++] = "-Werror=implicit-function-declaration";   /* a typo must not load */
	/* libbcc adds -g: DWARF and BTF that snoop never uses (the object is
	 * loaded from its description, without BTF, as on a cache hit), ~15%
	 * of the compile's CPU; the instructions are the same without. A map
	 * whose creation needs the program's BTF (task storage, a spin lock)
	 * would now fail to be created in the compile child: drop this then. */
	flags[n++] = "-g0";
	/* libbcc optimizes twice: clang's -O2 pipeline as it makes the IR,
	 * then its own -O3 pipeline on that IR before code generation. The
	 * first at -O1 (the last -O wins) does less of what the second
	 * redoes: ~15% less CPU per compile here, and instructions as many
	 * or fewer (sys_exit 5,506 against 5,592), and every variant the
	 * tests load (t_variants_*, -c, -P, -k, the split parts) passes the
	 * verifier. At -O0 the second is slower, handed unoptimized IR. */
	flags[n++] = "-O1";
	for (bit = 0; bit < SNOOP_VARIANT_BITS; bit++)
		if (v >> bit & 1)
			flags[n++] = snoop_variant_flags[bit];
	flags[n] = NULL;
}

void variant_text(unsigned v, char *buf, size_t len)
{
	size_t used = 0;
	int bit;

	buf[0] = '\0';
	for (bit = 0; bit < SNOOP_VARIANT_BITS && used < len; bit++)
		if (v >> bit & 1)   /* "-DSNOOP_" left out */
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "", snoop_variant_flags[bit] + 8);
	if (!buf[0])
		snprintf(buf, len, "none");
}

enum transport_kind variant_transport(unsigned v)
{
	return v & SNOOP_V_MAPPED ? TRANSPORT_MAPPED : v & SNOOP_V_RINGBUF ? TRANSPORT_RINGBUF : TRANSPORT_PERF;
}
