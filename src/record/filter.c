/* filter.c - see filter.h. */
#include <string.h>
#include "record/decode.h"
#include "record/decoders.h"
#include "record/filter.h"
#include "record/ia32.h"

int record_on_paths(const struct snoop_record *r, const uint8_t *data, size_t len, const char *const *paths,
		    int npaths)
{
	const char *sig = decode_signature(record_native_nr(r));
	struct mem_item m;
	size_t n;
	int a, k;

	for (a = 0; sig && sig[a] && a < 6; a++) {
		if (sig[a] != 'S' || !record_mem_item(r, data, len, a, &m))
			continue;
		for (k = 0; k < npaths; k++) {
			n = strlen(paths[k]);
			if (m.len >= n && m.len <= n + 1 && memcmp(m.p, paths[k], n) == 0 && (m.len == n || !m.p[n]))
				return 1;
		}
	}
	return 0;
}

int record_call_wanted(const struct snoop_record *r, const uint8_t *data, size_t len, const struct call_filter *f)
{
	return snoop_result_wanted(r, f->status, f->min_ns) &&
	       (!f->npaths || record_on_paths(r, data, len, f->paths, f->npaths));
}
