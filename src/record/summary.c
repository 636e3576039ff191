/* summary.c - see summary.h. Printing is once per run (or per --interval):
 * stdio and malloc are fine here, unlike the record path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "record/ia32.h"
#include "record/summary.h"
#include "record/syscalls.h"
#include "record/text.h"

int summary_sort_parse(const char *s)
{
	static const struct { const char *name; int sort; } keys[] = {
		{ "time", SORT_TIME }, { "total-time", SORT_TIME }, { "calls", SORT_CALLS },
		{ "count", SORT_CALLS }, { "errors", SORT_ERRORS }, { "name", SORT_NAME },
		{ "syscall", SORT_NAME }, { "avg-time", SORT_AVG }, { "avg", SORT_AVG },
		{ "min-time", SORT_MIN }, { "min", SORT_MIN }, { "max-time", SORT_MAX },
		{ "max", SORT_MAX }, { "nothing", SORT_NOTHING }, { "none", SORT_NOTHING },
	};
	size_t k;

	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (strcmp(s, keys[k].name) == 0)
			return keys[k].sort;
	return -1;
}

static int same_key(const struct snoop_sum_key *a, const struct snoop_sum_key *b)
{
	return a->nr == b->nr && a->abi == b->abi && a->tgid == b->tgid;
}

/* v's calls into t (whose min_ns starts at UINT64_MAX). */
static void merge_sum(struct snoop_sum *t, const struct snoop_sum *v)
{
	size_t k;

	t->calls += v->calls;
	t->errors += v->errors;
	t->total_ns += v->total_ns;
	if (v->min_ns < t->min_ns)
		t->min_ns = v->min_ns;
	if (v->max_ns > t->max_ns)
		t->max_ns = v->max_ns;
	for (k = 0; k < SNOOP_HIST_SLOTS; k++)
		t->hist[k] += v->hist[k];
}

/* Adds v into the entry of key (a new one if needed): what the BPF side
 * does per call, and what merging its per-CPU values does. */
int summary_add(struct summary *s, const struct snoop_sum_key *key, const struct snoop_sum *v)
{
	struct summary_entry *e = NULL, *grown;
	size_t k;

	if (!v->calls)
		return 0;
	for (k = 0; k < s->n && !e; k++)
		if (same_key(&s->entries[k].key, key))
			e = &s->entries[k];
	if (!e) {
		if (s->n == s->cap) {
			grown = realloc(s->entries, (s->cap ? s->cap * 2 : 64) * sizeof(*grown));
			if (!grown)
				return -1;
			s->entries = grown;
			s->cap = s->cap ? s->cap * 2 : 64;
		}
		e = &s->entries[s->n++];
		memset(e, 0, sizeof(*e));
		e->key = *key;
		e->key.generation = 0;
		e->sum.min_ns = UINT64_MAX;
	}
	merge_sum(&e->sum, v);
	return 0;
}

int summary_add_record(struct summary *s, const struct snoop_record *r, int per_process)
{
	struct snoop_sum_key key = { .nr = r->nr, .abi = r->flags & SNOOP_REC_IA32 };
	struct snoop_sum v;

	/* calls, not signals or ends; exit_group never returns: strace -c
	 * leaves it out, and so does bpf/snoop.bpf.c */
	if (r->flags & (SNOOP_REC_SIGNAL | SNOOP_REC_EXIT | SNOOP_REC_NORETURN))
		return 0;
	key.tgid = per_process ? r->pid : 0;
	memset(&v, 0, sizeof(v));
	snoop_sum_add_call(&v, r);   /* as the kernel counts a call */
	return summary_add(s, &key, &v);
}

const char *summary_entry_name(const struct summary_entry *e, char *buf, size_t len)
{
	const char *name = e->key.abi ? ia32_syscall_name(e->key.nr) : syscall_name(e->key.nr);

	if (name && !e->key.abi)
		return name;
	if (name)
		snprintf(buf, len, "ia32:%s", name);
	else
		snprintf(buf, len, "%ssys_%d", e->key.abi ? "ia32:" : "", (int)e->key.nr);
	return buf;
}

static enum summary_sort sort_key;

static int cmp_u64_desc(uint64_t a, uint64_t b)
{
	return a < b ? 1 : a > b ? -1 : 0;
}

/* Per process first; then the -S key, larger first (names A to Z). */
static int cmp_entries(const void *pa, const void *pb)
{
	const struct summary_entry *a = pa, *b = pb;
	char na[48], nb[48];
	int c = a->key.tgid < b->key.tgid ? -1 : a->key.tgid > b->key.tgid;

	if (c)
		return c;
	switch (sort_key) {
	case SORT_CALLS: c = cmp_u64_desc(a->sum.calls, b->sum.calls); break;
	case SORT_ERRORS: c = cmp_u64_desc(a->sum.errors, b->sum.errors); break;
	case SORT_AVG: c = cmp_u64_desc(a->sum.total_ns / a->sum.calls, b->sum.total_ns / b->sum.calls); break;
	case SORT_MIN: c = cmp_u64_desc(a->sum.min_ns, b->sum.min_ns); break;
	case SORT_MAX: c = cmp_u64_desc(a->sum.max_ns, b->sum.max_ns); break;
	case SORT_NAME: c = strcmp(summary_entry_name(a, na, sizeof(na)), summary_entry_name(b, nb, sizeof(nb))); break;
	case SORT_NOTHING: c = (a->key.nr > b->key.nr) - (a->key.nr < b->key.nr); break;
	case SORT_TIME: c = cmp_u64_desc(a->sum.total_ns, b->sum.total_ns); break;
	}
	/* ties in syscall order, so equal runs print alike */
	return c ? c : (a->key.nr > b->key.nr) - (a->key.nr < b->key.nr);
}

void summary_sort(struct summary *s, enum summary_sort sort)
{
	sort_key = sort;
	if (s->n)
		qsort(s->entries, s->n, sizeof(s->entries[0]), cmp_entries);
}

/* One process's entries (or all of them): [*k, end) */
static size_t group_end(const struct summary *s, size_t k)
{
	size_t end = k;

	while (end < s->n && s->entries[end].key.tgid == s->entries[k].key.tgid)
		end++;
	return end;
}

#define RULE "------ ----------- ----------- ----------- ----------- --------- --------- ----------------\n"

static void print_row(FILE *f, double share, const struct snoop_sum *v, const char *name)
{
	fprintf(f, "%6.2f %11.6f %11llu %11llu %11llu %9llu ", share, (double)v->total_ns / 1e9,
		(unsigned long long)(v->total_ns / v->calls / 1000), (unsigned long long)(v->min_ns / 1000),
		(unsigned long long)(v->max_ns / 1000), (unsigned long long)v->calls);
	if (v->errors)   /* blank when none, as strace */
		fprintf(f, "%9llu %s\n", (unsigned long long)v->errors, name);
	else
		fprintf(f, "%9s %s\n", "", name);
}

/* bcc's print_log2_hist, in ns: the rows from the first to the last
 * bucket that holds calls, bars scaled to the fullest. */
uint64_t summary_hist_range(const struct snoop_sum *v, unsigned *first, unsigned *last)
{
	uint64_t most = 0;
	unsigned k;

	*first = SNOOP_HIST_SLOTS;
	*last = 0;
	for (k = 0; k < SNOOP_HIST_SLOTS; k++)
		if (v->hist[k]) {
			*first = k < *first ? k : *first;
			*last = k;
			most = v->hist[k] > most ? v->hist[k] : most;
		}
	return most;
}

static void print_histogram(FILE *f, const struct snoop_sum *v, const char *name)
{
	unsigned first, last, k, bar;
	uint64_t most = summary_hist_range(v, &first, &last);
	char stars[41];

	if (!most)
		return;
	fprintf(f, "\n%s\n%24s : %-8s %s\n", name, "nsecs", "count", "distribution");
	for (k = first; k <= last; k++) {
		bar = (unsigned)(v->hist[k] * 40 / most);
		memset(stars, '*', bar);
		stars[bar] = '\0';
		fprintf(f, "%10llu -> %-10llu : %-8llu |%-40s|\n", k ? 1ull << k : 0ull, (1ull << (k + 1)) - 1,
			(unsigned long long)v->hist[k], stars);
	}
}

static void print_group(FILE *f, const struct summary *s, size_t from, size_t to, int histogram)
{
	struct snoop_sum total = { .min_ns = UINT64_MAX };
	char buf[48];
	size_t k, j;

	for (k = from; k < to; k++)
		merge_sum(&total, &s->entries[k].sum);
	fprintf(f, "%% time     seconds  usecs/call   usecs/min   usecs/max     calls    errors syscall\n" RULE);
	for (k = from; k < to; k++)
		print_row(f, total.total_ns ? 100.0 * (double)s->entries[k].sum.total_ns / (double)total.total_ns : 0,
			  &s->entries[k].sum, summary_entry_name(&s->entries[k], buf, sizeof(buf)));
	fputs(RULE, f);
	if (total.calls)
		print_row(f, 100.0, &total, "total");
	for (j = from; histogram && j < to; j++)
		print_histogram(f, &s->entries[j].sum, summary_entry_name(&s->entries[j], buf, sizeof(buf)));
}

char *summary_text(struct summary *s, enum summary_sort sort, int histogram)
{
	char *text = NULL;
	size_t len = 0, k, end;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	summary_sort(s, sort);
	if (!s->n)
		print_group(f, s, 0, 0, 0);
	for (k = 0; k < s->n; k = end) {
		end = group_end(s, k);
		if (s->entries[k].key.tgid)
			fprintf(f, "%sprocess %u\n", k ? "\n" : "", (unsigned)s->entries[k].key.tgid);
		print_group(f, s, k, end, histogram);
	}
	return fclose(f) ? (free(text), NULL) : text;
}

char *summary_json(struct summary *s, enum summary_sort sort)
{
	struct snoop_sum total = { .min_ns = UINT64_MAX };
	char *text = NULL, name[48], quoted[128];
	const char *sep;
	size_t len = 0, k, h;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	summary_sort(s, sort);
	for (k = 0; k < s->n; k++) {
		const struct snoop_sum *v = &s->entries[k].sum;

		quoted[fmt_json_str(quoted, summary_entry_name(&s->entries[k], name, sizeof(name)), 64)] = '\0';
		fprintf(f, "{\"type\":\"summary\",\"syscall\":%s,\"nr\":%d,", quoted, (int)s->entries[k].key.nr);
		if (s->entries[k].key.tgid)
			fprintf(f, "\"pid\":%u,", (unsigned)s->entries[k].key.tgid);
		fprintf(f, "\"calls\":%llu,\"errors\":%llu,\"total_ns\":%llu,\"min_ns\":%llu,\"avg_ns\":%llu,\"max_ns\":%llu,\"histogram\":[",
			(unsigned long long)v->calls, (unsigned long long)v->errors, (unsigned long long)v->total_ns,
			(unsigned long long)v->min_ns, (unsigned long long)(v->total_ns / v->calls),
			(unsigned long long)v->max_ns);
		for (h = 0, sep = ""; h < SNOOP_HIST_SLOTS; h++)
			if (v->hist[h]) {
				fprintf(f, "%s{\"from_ns\":%llu,\"to_ns\":%llu,\"count\":%llu}", sep,
					h ? 1ull << h : 0ull, (1ull << (h + 1)) - 1, (unsigned long long)v->hist[h]);
				sep = ",";
			}
		fputs("]}\n", f);
		merge_sum(&total, v);
	}
	fprintf(f, "{\"type\":\"summary_total\",\"calls\":%llu,\"errors\":%llu,\"total_ns\":%llu}\n",
		(unsigned long long)total.calls, (unsigned long long)total.errors, (unsigned long long)total.total_ns);
	return fclose(f) ? (free(text), NULL) : text;
}

void summary_clear(struct summary *s)
{
	s->n = 0;
}

void summary_free(struct summary *s)
{
	free(s->entries);
	memset(s, 0, sizeof(*s));
}
