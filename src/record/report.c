/* report.c - see report.h. On the record path: no allocation after
 * report_new but a thread's buckets, once per thread. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "record/decode.h"
#include "record/decoders.h"
#include "record/ia32.h"
#include "record/report.h"
#include "record/text.h"

/* The longest timeline: ~13 days, buckets of ~1.1 s (well inside 64 bits) */
#define REPORT_SPAN_MAX_NS (1ull << 50)

struct report *report_new(unsigned mode)
{
	struct report *rep = calloc(1, sizeof(*rep));

	if (!rep)
		return NULL;
	rep->errors = calloc(REPORT_ERROR_GROUPS, sizeof(*rep->errors));
	rep->line = malloc(FORMAT_RECORD_MAX);
	if (!rep->errors || !rep->line) {
		report_free(rep);
		return NULL;
	}
	rep->mode = mode & FMT_RAW;
	rep->width_ns = REPORT_FIRST_WIDTH_NS;
	return rep;
}

void report_free(struct report *rep)
{
	size_t k;

	if (!rep)
		return;
	for (k = 0; k < rep->nthreads; k++)
		free(rep->threads[k].b);
	free(rep->threads[REPORT_THREADS].b);   /* the shared row */
	summary_free(&rep->sum);
	free(rep->errors);
	free(rep->line);
	free(rep);
}

void report_header(struct report *rep, const struct run_info *ri)
{
	rep->ri = *ri;
	rep->have_ri = 1;
}

/* Thread tid's row: its own, or the shared last one once REPORT_THREADS
 * have theirs. NULL when its buckets cannot be allocated. */
static struct report_thread *thread_row(struct report *rep, const struct snoop_record *r)
{
	size_t slots = sizeof(rep->thread_slot) / sizeof(rep->thread_slot[0]);
	size_t h = (r->tid * 2654435761u) % slots;
	struct report_thread *t;

	while (rep->thread_slot[h] && rep->threads[rep->thread_slot[h] - 1].tid != r->tid)
		h = (h + 1) % slots;
	if (rep->thread_slot[h]) {
		t = &rep->threads[rep->thread_slot[h] - 1];
	} else if (rep->nthreads < REPORT_THREADS) {
		t = &rep->threads[rep->nthreads++];
		rep->thread_slot[h] = (int16_t)rep->nthreads;
		t->tid = r->tid;
		t->pid = r->pid;
	} else {
		t = &rep->threads[REPORT_THREADS];   /* "other threads": tid 0 */
		if (!t->pid)
			t->pid = UINT32_MAX;   /* marks the row used */
	}
	if (!t->b && !(t->b = calloc(REPORT_BUCKETS, sizeof(*t->b)))) {
		rep->failed = 1;
		return NULL;
	}
	if (t != &rep->threads[REPORT_THREADS])
		memcpy(t->comm, r->comm, SNOOP_COMM_LEN);   /* the latest: after execve, the new name */
	return t;
}

/* Twice the width: bucket k takes buckets 2k and 2k+1, in every row. */
static void widen(struct report *rep)
{
	struct report_bucket *b, *x, *y;
	size_t k, i;

	for (i = 0; i <= REPORT_THREADS; i++) {
		if (!(b = rep->threads[i].b))
			continue;
		for (k = 0; k < REPORT_BUCKETS / 2; k++) {
			x = &b[2 * k];
			y = &b[2 * k + 1];
			b[k] = (struct report_bucket){ x->calls + y->calls, x->errors + y->errors, x->busy_ns + y->busy_ns,
						       x->longest_us >= y->longest_us ? x->longest_us : y->longest_us,
						       x->longest_us >= y->longest_us ? x->longest_nr : y->longest_nr };
		}
		memset(&b[REPORT_BUCKETS / 2], 0, REPORT_BUCKETS / 2 * sizeof(*b));
	}
	rep->width_ns *= 2;
}

/* A call from start to end: its time added to the buckets it covers. */
static void add_busy(struct report *rep, struct report_bucket *b, uint64_t start, uint64_t end)
{
	uint64_t k = (start - rep->t0) / rep->width_ns, edge;

	while (start < end && k < REPORT_BUCKETS) {
		edge = rep->t0 + (k + 1) * rep->width_ns;
		b[k++].busy_ns += (end < edge ? end : edge) - start;
		start = edge;
	}
}

static void add_to_timeline(struct report *rep, const struct snoop_record *r, uint64_t d, int failed)
{
	struct report_thread *t = thread_row(rep, r);
	uint64_t start = r->ts_ns, k, us = d / 1000;
	struct report_bucket *b;

	if (!t)
		return;
	if (!rep->started) {
		rep->started = 1;
		rep->t0 = start;
	}
	/* records come per CPU: one a little older than the first is drawn at the start */
	if (start < rep->t0)
		start = rep->t0;
	/* a damaged capture's times (any 64-bit values) end the timeline, not the report */
	if (start - rep->t0 > REPORT_SPAN_MAX_NS)
		start = rep->t0 + REPORT_SPAN_MAX_NS;
	if (d > REPORT_SPAN_MAX_NS)
		d = REPORT_SPAN_MAX_NS;
	while (start + d - rep->t0 >= (uint64_t)REPORT_BUCKETS * rep->width_ns)
		widen(rep);
	k = (start - rep->t0) / rep->width_ns;
	b = &t->b[k];
	b->calls++;
	b->errors += failed;
	if (us >= b->longest_us && d) {
		b->longest_us = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
		b->longest_nr = r->nr;
	}
	add_busy(rep, t->b, start, start + d);
	t->calls++;
	t->errors += failed;
	t->busy_ns += d;
}

/* name(args) = ret ERRNO, from the record's text line. */
static void call_text(struct report *rep, const struct snoop_record *r, const uint8_t *data, size_t len,
		      struct fdtable *fds, char *out)
{
	struct fmt_spans sp;
	const struct fmt_span *parts[5];
	static const char *const seps[5] = { "", "", " = ", " ", "" };
	size_t k, n = 0, room = REPORT_CALL_MAX - 4, take;

	fmt_record_at(rep->line, r, data, len, rep->mode, NULL, fds, &sp);
	parts[0] = &sp.f[FMT_F_SYSCALL];
	parts[1] = &sp.f[FMT_F_ARGS];
	parts[2] = &sp.f[FMT_F_RET];
	parts[3] = &sp.f[FMT_F_ERRNO];
	parts[4] = NULL;
	for (k = 0; parts[k] && n < room; k++) {
		if (!parts[k]->len || (k == 3 && (parts[k]->len == 1 && rep->line[parts[k]->off] == '-')))
			continue;
		take = strlen(seps[k]);
		memcpy(out + n, seps[k], take < room - n ? take : room - n);
		n += take < room - n ? take : room - n;
		take = parts[k]->len < room - n ? parts[k]->len : room - n;
		memcpy(out + n, rep->line + parts[k]->off, take);
		n += take;
	}
	if (n >= room)
		memcpy(out + n, "...", 3), n += 3;
	out[n] = '\0';
}

static int slower(const struct report_call *a, const struct report_call *b)
{
	return a->duration_ns > b->duration_ns;
}

static void sift_down(struct report_call *h, size_t n, size_t k)
{
	struct report_call tmp;
	size_t c;

	while ((c = 2 * k + 1) < n) {
		if (c + 1 < n && slower(&h[c], &h[c + 1]))
			c++;
		if (!slower(&h[k], &h[c]))
			return;
		tmp = h[k], h[k] = h[c], h[c] = tmp;
		k = c;
	}
}

static void sift_up(struct report_call *h, size_t k)
{
	struct report_call tmp;

	while (k && slower(&h[(k - 1) / 2], &h[k])) {
		tmp = h[k], h[k] = h[(k - 1) / 2], h[(k - 1) / 2] = tmp;
		k = (k - 1) / 2;
	}
}

/* A call among the slowest: formatted only when it gets in. */
static void keep_if_slow(struct report *rep, const struct snoop_record *r, const uint8_t *data, size_t len,
			 struct fdtable *fds, uint64_t d)
{
	struct report_call *c;

	if (!d || (rep->nslow == REPORT_SLOWEST && d <= rep->slow[0].duration_ns))
		return;
	c = rep->nslow < REPORT_SLOWEST ? &rep->slow[rep->nslow] : &rep->slow[0];
	c->duration_ns = d;
	c->ts_ns = r->ts_ns;
	c->pid = r->pid;
	c->tid = r->tid;
	memcpy(c->comm, r->comm, SNOOP_COMM_LEN);
	call_text(rep, r, data, len, fds, c->text);
	if (rep->nslow < REPORT_SLOWEST)
		sift_up(rep->slow, rep->nslow++);
	else
		sift_down(rep->slow, rep->nslow, 0);
}

/* The call's first path argument, escaped as the text line shows it. */
static void first_path(const struct snoop_record *r, const uint8_t *data, size_t len, char *out)
{
	const char *sig = decode_signature(record_native_nr(r));
	char escaped[4 * (REPORT_PATH_MAX - 1)];
	struct mem_item m;
	size_t n;
	int a;

	out[0] = '\0';
	for (a = 0; sig && sig[a] && a < 6; a++) {
		if (sig[a] != 'S' || !record_mem_item(r, data, len, a, &m))
			continue;
		n = strnlen((const char *)m.p, m.len < REPORT_PATH_MAX - 1 ? m.len : REPORT_PATH_MAX - 1);
		n = fmt_escape(escaped, m.p, n);
		n = n < REPORT_PATH_MAX - 1 ? n : REPORT_PATH_MAX - 1;
		memcpy(out, escaped, n);
		out[n] = '\0';
		return;
	}
}

static uint64_t error_hash(const struct snoop_record *r, int err, const char *path)
{
	uint64_t h = 1469598103934665603ull ^ (uint32_t)r->nr ^ ((uint64_t)(r->flags & SNOOP_REC_IA32) << 32) ^
		     ((uint64_t)err << 40);

	while (*path)
		h = (h ^ (uint8_t)*path++) * 1099511628211ull;
	return h;
}

static void count_error(struct report *rep, const struct snoop_record *r, const uint8_t *data, size_t len)
{
	char path[REPORT_PATH_MAX];
	int err = (int)-r->ret;
	uint32_t abi = r->flags & SNOOP_REC_IA32;
	size_t h, tries;
	struct report_error *e;

	first_path(r, data, len, path);
	h = error_hash(r, err, path) % REPORT_ERROR_GROUPS;
	for (tries = 0; tries < REPORT_ERROR_GROUPS; tries++, h = (h + 1) % REPORT_ERROR_GROUPS) {
		e = &rep->errors[h];
		if (e->count && e->nr == r->nr && e->abi == abi && e->err == err && strcmp(e->path, path) == 0) {
			e->count++;
			return;
		}
		if (!e->count) {
			/* the last slots stay free: a full table would make every miss a full scan */
			if (rep->nerror_groups >= REPORT_ERROR_GROUPS * 3 / 4)
				break;
			*e = (struct report_error){ .nr = r->nr, .abi = abi, .err = err, .count = 1 };
			memcpy(e->path, path, sizeof(path));
			rep->nerror_groups++;
			return;
		}
	}
	rep->errors_other++;
}

void report_record(struct report *rep, const struct snoop_record *r, const uint8_t *data, size_t len,
		   struct fdtable *fds)
{
	uint64_t d = snoop_call_duration(r);
	int failed = snoop_failed(r);

	rep->records++;
	if (!rep->first_ts || r->ts_ns < rep->first_ts)
		rep->first_ts = r->ts_ns;
	if (r->ts_ns + d > rep->last_ts)
		rep->last_ts = r->ts_ns + d;
	if (r->flags & (SNOOP_REC_SIGNAL | SNOOP_REC_EXIT)) {
		rep->signals += !!(r->flags & SNOOP_REC_SIGNAL);
		rep->exits += !!(r->flags & SNOOP_REC_EXIT);
		return;
	}
	rep->calls++;
	if (summary_add_record(&rep->sum, r, 0))
		rep->failed = 1;
	add_to_timeline(rep, r, d, failed);
	keep_if_slow(rep, r, data, len, fds, d);
	if (failed)
		count_error(rep, r, data, len);
}

void report_lost(struct report *rep, uint64_t count, int cpu)
{
	rep->lost += count;
	if (cpu >= 0 && cpu < REPORT_CPUS)
		rep->lost_cpu[cpu] += count;
}

void report_unstored(struct report *rep, unsigned kind, uint64_t count)
{
	if (kind < SNOOP_UNSTORED_KINDS)
		rep->unstored[kind] += count;
}

void report_dropped(struct report *rep, uint64_t count, const char *url)
{
	size_t k;

	for (k = 0; k < rep->ndrops; k++)
		if (strcmp(rep->drops[k].url, url) == 0)
			break;
	if (k == REPORT_DROPS) {
		rep->drops_other += count;
		return;
	}
	if (k == rep->ndrops) {
		snprintf(rep->drops[k].url, sizeof(rep->drops[k].url), "%s", url);
		rep->ndrops++;
	}
	rep->drops[k].count += count;
}

static int cmp_slower_first(const void *pa, const void *pb)
{
	const struct report_call *a = pa, *b = pb;

	return a->duration_ns < b->duration_ns ? 1 : a->duration_ns > b->duration_ns ? -1
	       : (a->ts_ns > b->ts_ns) - (a->ts_ns < b->ts_ns);
}

void report_sort_slowest(struct report *rep)
{
	qsort(rep->slow, rep->nslow, sizeof(rep->slow[0]), cmp_slower_first);
}

static int cmp_more_first(const void *pa, const void *pb)
{
	const struct report_error *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	if (a->nr != b->nr)
		return a->nr < b->nr ? -1 : 1;
	return a->err != b->err ? (a->err < b->err ? -1 : 1) : strcmp(a->path, b->path);
}

size_t report_error_groups(const struct report *rep, struct report_error *out)
{
	size_t k, n = 0;

	for (k = 0; k < REPORT_ERROR_GROUPS; k++)
		if (rep->errors[k].count)
			out[n++] = rep->errors[k];
	qsort(out, n, sizeof(*out), cmp_more_first);
	return n;
}
