/* kallsyms.c - see kallsyms.h. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include "fdio.h"
#include "trace/kallsyms.h"

#define KALLSYMS "/proc/kallsyms"
/* Where the narrowed copy is written, on a tmpfs of this namespace's
 * mounted over it for the moment it takes: it must exist, and nothing of
 * the compile's is there yet (its TMPDIR is made after). */
#define STAGE "/tmp"

/* Read in libbcc's source, each tag from v0.18.0 to v0.37.0: the C API's
 * compile (bpf_module_create_c_from_string) reaches /proc/kallsyms only
 * through b_frontend_action.cc's symbol cache (bcc_symcache_new(-1)),
 * asked by name for these two, whose address is not used, only whether
 * a line of libbcc's kind (not data, a kernel address) names them. */
static const char *const read_probes[] = { "bpf_probe_read_kernel", "bpf_probe_read_user", NULL };

const char *const *kallsyms_libbcc_lookups(int major, int minor)
{
	return major == 0 && minor >= 18 && minor <= 37 ? read_probes : NULL;
}

/* The symbol of a line "ADDRESS TYPE NAME[\t[MODULE]]", *n its length */
static const char *symbol_of(const char *line, const char *end, size_t *n)
{
	const char *p = line, *s;
	int field;

	for (field = 0; field < 2; field++) {
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
	}
	for (s = p; s < end && *s != ' ' && *s != '\t' && *s != '\n'; s++)
		;
	*n = (size_t)(s - p);
	return p;
}

static int named(const char *sym, size_t n, const char *const *names)
{
	for (; *names; names++)
		if (strlen(*names) == n && memcmp(*names, sym, n) == 0)
			return 1;
	return 0;
}

static int append(char **out, size_t *len, size_t *cap, const char *p, size_t n)
{
	char *grown;

	if (*len + n > *cap) {
		if (!(grown = realloc(*out, *len + n + 256)))
			return -1;
		*out = grown;
		*cap = *len + n + 256;
	}
	memcpy(*out + *len, p, n);
	*len += n;
	return 0;
}

int kallsyms_filter(const char *text, size_t textlen, const char *const *names, char **out, size_t *len, size_t *cap)
{
	const char *line = text, *end = text + textlen, *nl, *sym;
	size_t n;

	for (; line < end; line = nl) {
		nl = memchr(line, '\n', (size_t)(end - line));
		nl = nl ? nl + 1 : end;
		sym = symbol_of(line, nl, &n);
		if (named(sym, n, names) && append(out, len, cap, line, (size_t)(nl - line)))
			return -1;
	}
	return 0;
}

/* Does a line of a kernel text symbol (type t or T, an address not 0)
 * name sym? Such a line is one libbcc takes, whatever its version skips. */
static int text_line_names(const char *line, const char *end, const char *sym)
{
	const char *p = line;
	size_t n;

	while (p < end && *p == '0')
		p++;
	if (p == end || *p == ' ')
		return 0;   /* address 0: kptr_restrict hides it */
	while (p < end && *p != ' ')
		p++;
	if (end - p < 3 || (p[1] != 't' && p[1] != 'T') || p[2] != ' ')
		return 0;
	p = symbol_of(line, end, &n);
	return strlen(sym) == n && memcmp(sym, p, n) == 0;
}

int kallsyms_all_found(const char *copy, size_t len, const char *const *names)
{
	const char *end = copy + len, *line, *nl;
	int found;

	for (; *names; names++) {
		found = 0;
		for (line = copy; line < end && !found; line = nl) {
			nl = memchr(line, '\n', (size_t)(end - line));
			nl = nl ? nl + 1 : end;
			found = text_line_names(line, nl, *names);
		}
		if (!found)
			return 0;
	}
	return 1;
}

int kallsyms_read_named(int fd, size_t size, const char *const *names, char **copy, size_t *n, size_t *cap,
			char *why, size_t whylen)
{
	size_t have = 0, whole;
	char *buf = malloc(size), *last;
	ssize_t got;
	int rc = -1;

	if (!buf) {
		snprintf(why, whylen, "out of memory for reading %s", KALLSYMS);
		return -1;
	}
	for (;;) {
		if ((got = read(fd, buf + have, size - have)) < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(why, whylen, "cannot read %s: %s", KALLSYMS, strerror(errno));
			goto out;
		}
		have += (size_t)got;
		/* whole lines now; at the end, what is left too */
		last = got == 0 ? buf + have : memrchr(buf, '\n', have);
		whole = last ? (size_t)(last - buf) + (got != 0) : 0;
		if (whole == 0 && have == size) {
			snprintf(why, whylen, "a line of %s longer than %zu bytes", KALLSYMS, size);
			goto out;
		}
		if (kallsyms_filter(buf, whole, names, copy, n, cap)) {
			snprintf(why, whylen, "out of memory for the narrowed copy");
			goto out;
		}
		memmove(buf, buf + whole, have - whole);
		have -= whole;
		if (got == 0 || kallsyms_all_found(*copy, *n, names))
			break;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

/* The narrowed copy written to STAGE (a tmpfs already mounted there). */
static int write_copy(const char *path, const char *text, size_t len, char *why, size_t whylen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);

	if (fd < 0 || (len && fd_write_all(fd, text, len))) {
		snprintf(why, whylen, "cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return close(fd);
}

/* A mount namespace of this process's own whose mounts propagate
 * nowhere: without MS_PRIVATE a shared / (systemd's) would carry what is
 * mounted next into the tracer's and everyone's namespace. */
static int own_namespace(char *why, size_t whylen)
{
	if (unshare(CLONE_NEWNS))
		return snprintf(why, whylen, "cannot make a mount namespace: %s", strerror(errno)), -1;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return snprintf(why, whylen, "cannot make the mount namespace private: %s", strerror(errno)), -1;
	return 0;
}

/* copy bound over /proc/kallsyms through a tmpfs at STAGE, which is
 * then taken away again (the bind keeps the file). */
static int bind_copy(const char *copy, size_t len, char *why, size_t whylen)
{
	int rc = -1;

	if (mount("snoop-kallsyms", STAGE, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0700,size=1m"))
		return snprintf(why, whylen, "cannot mount a tmpfs on %s: %s", STAGE, strerror(errno)), -1;
	if (write_copy(STAGE "/kallsyms", copy, len, why, whylen) == 0) {
		if (mount(STAGE "/kallsyms", KALLSYMS, NULL, MS_BIND, NULL))
			snprintf(why, whylen, "cannot bind over %s: %s", KALLSYMS, strerror(errno));
		else
			rc = 0;
	}
	if (umount2(STAGE, MNT_DETACH)) {
		snprintf(why, whylen, "cannot unmount the tmpfs on %s: %s", STAGE, strerror(errno));
		if (rc == 0)
			umount2(KALLSYMS, MNT_DETACH);
		rc = -1;
	}
	return rc;
}

int kallsyms_narrow(const char *const *names, char *why, size_t whylen)
{
	size_t n = 0, cap = 0;
	char *copy = NULL;
	int rc = -1, fd = open(KALLSYMS, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(why, whylen, "cannot read %s: %s", KALLSYMS, strerror(errno));
		return -1;
	}
	/* 256 KiB a read: the kernel fills what it is asked for */
	if (kallsyms_read_named(fd, 256u << 10, names, &copy, &n, &cap, why, whylen) == 0 &&
	    own_namespace(why, whylen) == 0)
		rc = bind_copy(copy, n, why, whylen);
	close(fd);
	free(copy);
	return rc;
}
