/* users.h - -u's arguments: user names or numbers, as uids. */
#ifndef SNOOP_USERS_H
#define SNOOP_USERS_H

#include <stddef.h>
#include <stdint.h>

/* user: a uid (digits; as strace's and ps's, a number is always a uid)
 * or a name in the passwd database. 0 with *uid, or -1 with err
 * ("-u NAME: why"). */
int users_resolve(const char *user, uint32_t *uid, char *err, size_t errlen);

#endif
