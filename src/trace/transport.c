/* transport.c - see transport.h: what the three kinds share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "progdesc.h"
#include "trace/transport.h"

static const struct transport_ops *ops_of(enum transport_kind kind)
{
	switch (kind) {
	case TRANSPORT_RINGBUF:
		return &transport_ringbuf_ops;
	case TRANSPORT_MAPPED:
		return &transport_mapped_ops;
	case TRANSPORT_PERF:
		break;
	}
	return &transport_perf_ops;
}

const char *transport_name(enum transport_kind kind)
{
	static const char *const names[] = { "perf", "ring", "mapped" };

	return kind <= TRANSPORT_MAPPED ? names[kind] : "?";
}

int transport_open(struct transport *t, enum transport_kind kind, struct sbpf *b, const struct transport_out *out,
		   unsigned pages, unsigned wakeup_events, char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	t->ops = ops_of(kind);
	t->kind = kind;
	t->b = b;
	t->out = *out;
	if (out->paused && kind != TRANSPORT_MAPPED) {
		snprintf(err, errlen, "--lossless needs the rings snoop maps, which this kernel does without (--buffer=%s: "
			 "Linux 5.11 or later, with task storage, has them): trace without --lossless", transport_name(kind));
		return -1;
	}
	return t->ops->open(t, pages, wakeup_events, err, errlen);
}

int transport_lost(struct transport *t, uint64_t *per_cpu, int max)
{
	return sbpf_percpu_u64(t->b, snoop_maps[SNOOP_MAP_DROPPED].name, 0, per_cpu, max);
}

void transport_close(struct transport *t)
{
	if (t->ops)
		t->ops->close(t);
	free(t->priv);
	t->priv = NULL;
	t->ops = NULL;
}
