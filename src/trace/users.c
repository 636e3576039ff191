/* users.c - see users.h. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trace/users.h"

/* digits only, below (uid_t)-1 (which means "no uid" to the kernel) */
static int parse_uid(const char *s, uint32_t *uid)
{
	unsigned long long v = 0;
	const char *p;

	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9' || (v = v * 10 + (unsigned)(*p - '0')) >= 0xffffffffull)
			return -1;
	}
	*uid = (uint32_t)v;
	return p == s ? -1 : 0;
}

int users_resolve(const char *user, uint32_t *uid, char *err, size_t errlen)
{
	struct passwd pw, *found = NULL;
	char buf[4096];
	int rc;

	if (user[0] >= '0' && user[0] <= '9') {
		if (parse_uid(user, uid) == 0)
			return 0;
		return snprintf(err, errlen, "-u %s: not a uid (0 to 4294967294) nor a user name", user), -1;
	}
	rc = getpwnam_r(user, &pw, buf, sizeof(buf), &found);
	if (!found) {
		snprintf(err, errlen, "-u %s: no such user (%s): give a name from the passwd database or a uid", user,
			 rc ? strerror(rc) : "not in the passwd database");
		return -1;
	}
	*uid = (uint32_t)pw.pw_uid;
	return 0;
}
