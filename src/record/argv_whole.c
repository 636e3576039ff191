/* argv_whole.c - see argv_whole.h. */
#include <string.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "record/argv_whole.h"
#include "record/text.h"
#include "record/value.h"

size_t argv_whole_item(uint8_t *dst, size_t room, const uint8_t *block, size_t kept, size_t len,
		       uint64_t argc, unsigned strsize, int *more)
{
	size_t k = 0, i = 0, n, show;
	uint64_t j;

	*more = 0;
	for (j = 0; j < argc && k < kept; j++) {
		n = strnlen((const char *)block + k, kept - k);
		if (j == strsize) {
			*more = 1;
			return i;
		}
		/* a string the block's end cut off is shown cut */
		show = n < strsize ? n : strsize;
		if (i + show + 2 > room) {
			*more = 1;
			return i;
		}
		dst[i++] = show < n || (k + n == kept && kept < len) ? SNOOP_ARGV_TAG_CUT : SNOOP_ARGV_TAG_WHOLE;
		memcpy(dst + i, block + k, show);
		i += show;
		dst[i++] = '\0';
		k += n + 1;
	}
	if (j < argc)
		*more = 1;
	return i;
}

void argv_whole_value(struct vout *o, const uint8_t *item, size_t len, int more)
{
	size_t text = 1, k = 0, n, escaped;   /* text: the length of its text so far, "[" */
	int cut;

	value_array_begin(o);
	while (k + 1 < len) {
		cut = item[k] == SNOOP_ARGV_TAG_CUT;
		n = strnlen((const char *)item + k + 1, len - k - 1);
		/* its text: escaped, quotes, "...", and ", " */
		escaped = fmt_escaped_len(item + k + 1, n);
		if (text + escaped + 16 > ARGV_WHOLE_TEXT_MAX) {
			more = 1;
			break;
		}
		text += (k ? 2 : 0) + escaped + 2 + (cut ? 3 : 0);
		value_elem(o);
		value_str(o, item + k + 1, n, cut);
		k += n + 2;
	}
	value_array_end(o, more);
}
