/* syscall_set.c - see syscall_set.h. */
#include <stdio.h>
#include <string.h>
#include "record/syscall_set.h"
#include "record/syscalls.h"

#define NAME_MAX_LEN 64

const struct syscall_class *syscall_class_find(const char *name)
{
	const struct syscall_class *c;

	for (c = syscall_classes; c->name; c++)
		if (strcmp(c->name, name) == 0 || (name[0] != '%' && strcmp(c->name + 1, name) == 0))
			return c;
	return NULL;
}

/* Levenshtein distance of two short words (longer ones are never close). */
static unsigned edit_distance(const char *a, const char *b)
{
	unsigned row[NAME_MAX_LEN + 1], diag, up, i, j;
	size_t la = strlen(a), lb = strlen(b);

	if (la > NAME_MAX_LEN || lb > NAME_MAX_LEN)
		return 1000;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = a[i - 1] == b[j - 1] ? diag : 1 + (diag < up ? (diag < row[j - 1] ? diag : row[j - 1])
									  : (up < row[j - 1] ? up : row[j - 1]));
			diag = up;
		}
	}
	return row[lb];
}

struct near {
	const char *name[3];
	unsigned dist[3];
};

/* Keeps the three closest names seen, nearest first. */
static void consider(struct near *n, const char *word, const char *cand)
{
	unsigned d = edit_distance(word, cand), k;

	for (k = 0; k < 3 && n->name[k] && n->dist[k] <= d; k++)
		if (strcmp(n->name[k], cand) == 0)
			return;
	if (k == 3)
		return;
	memmove(&n->name[k + 1], &n->name[k], (2 - k) * sizeof(n->name[0]));
	memmove(&n->dist[k + 1], &n->dist[k], (2 - k) * sizeof(n->dist[0]));
	n->name[k] = cand;
	n->dist[k] = d;
}

size_t syscall_suggest(const char *word, char *out, size_t outlen)
{
	/* close: a typo or two, more for long names (clock_nanoslep) */
	unsigned limit = strlen(word) > 8 ? 3 : 2, k;
	struct near n;
	size_t used = 0;
	long nr;

	memset(&n, 0, sizeof(n));
	if (word[0] == '%') {
		for (k = 0; syscall_classes[k].name; k++)
			consider(&n, word, syscall_classes[k].name);
	} else {
		for (nr = 0; nr < syscall_count; nr++)
			if (syscall_names[nr])
				consider(&n, word, syscall_names[nr]);
	}
	if (outlen)
		out[0] = '\0';
	for (k = 0; k < 3 && n.name[k] && n.dist[k] <= limit && used + 1 < outlen; k++)
		used += (size_t)snprintf(out + used, outlen - used, "%s%s", k ? ", " : "", n.name[k]);
	return used < outlen ? used : outlen - 1;
}

static void add_class(uint64_t *bits, const struct syscall_class *c)
{
	const short *m;

	for (m = c->members; *m >= 0; m++)
		bits[*m / 64] |= 1ULL << (*m % 64);
}

/* One element of the list: a name, a number, a class, all or none. */
static int add_element(const char *tok, uint64_t *bits, char *err, size_t errlen)
{
	const struct syscall_class *c;
	char near[128];
	long nr;

	if (strcmp(tok, "all") == 0) {
		memset(bits, 0xff, SYSCALL_SET_WORDS * sizeof(*bits));
		return 0;
	}
	if (strcmp(tok, "none") == 0)
		return 0;
	if ((nr = syscall_number(tok)) >= 0) {
		bits[nr / 64] |= 1ULL << (nr % 64);
		return 0;
	}
	if ((c = syscall_class_find(tok))) {
		add_class(bits, c);
		return 0;
	}
	syscall_suggest(tok, near, sizeof(near));
	if (!*tok)
		snprintf(err, errlen, "empty element in the list: give names separated by single commas");
	else if (near[0])
		snprintf(err, errlen, "unknown %s '%s' (did you mean %s?)", tok[0] == '%' ? "class" : "syscall", tok, near);
	else if (tok[0] == '%')
		snprintf(err, errlen, "unknown class '%s': give %%file, %%network, %%process, %%signal, %%ipc, %%desc, %%memory, %%creds, %%clock ...", tok);
	else
		snprintf(err, errlen, "unknown syscall '%s': give names like openat, numbers from 0 to %d or classes like %%file",
			 tok, SYSCALL_SET_BITS - 1);
	return -1;
}

int syscall_set_parse(const char *expr, uint64_t *bits, char *err, size_t errlen)
{
	uint64_t set[SYSCALL_SET_WORDS] = { 0 };
	char tok[NAME_MAX_LEN + 2];
	const char *p, *comma;
	int negate, k;
	size_t n;

	if (strncmp(expr, "trace=", 6) == 0)   /* strace's -e trace=SET */
		expr += 6;
	negate = expr[0] == '!';
	p = expr + negate;
	for (;;) {
		comma = strchrnul(p, ',');
		n = (size_t)(comma - p);
		if (n >= sizeof(tok))
			n = sizeof(tok) - 1;   /* far too long for a name: reported as unknown */
		memcpy(tok, p, n);
		tok[n] = '\0';
		if (add_element(tok, set, err, errlen))
			return -1;
		if (!*comma)
			break;
		p = comma + 1;
	}
	for (k = 0; k < SYSCALL_SET_WORDS; k++)
		bits[k] |= negate ? ~set[k] : set[k];
	return 0;
}
