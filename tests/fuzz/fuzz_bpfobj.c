/* libFuzzer target: a cache entry's reader (trace/bpfobj.h). The input is
 * an entry without its checksum, which is added here, and the key is the
 * one the input holds: so the fields behind the checksum and the key are
 * what gets explored. What decodes must patch and encode again to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "trace/bpfobj.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fds[BPFOBJ_MAX_MAPS];
	struct bpfobj o;
	struct bpf_insn *insns;
	uint8_t *buf = malloc(size + 8), *again;
	uint32_t keylen = 0, i;
	uint64_t sum = bpfobj_checksum(data, size, BPFOBJ_SEED);
	char why[256];
	size_t len;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memcpy(buf + size, &sum, 8);
	if (size >= 16)
		memcpy(&keylen, data + 12, 4);
	if (size < 16 || keylen > size - 16)
		keylen = 0;
	if (bpfobj_decode(buf, size + 8, data + 16, keylen, &o, why, sizeof(why)) == BPFOBJ_OK) {
		for (i = 0; i < o.nprogs; i++) {
			insns = malloc(sizeof(*insns) * o.progs[i].ninsns);
			if (insns)
				bpfobj_patch(&o.progs[i], fds, insns);
			free(insns);
		}
		again = bpfobj_encode(&o, data + 16, keylen, &len);
		if (again && (len != size + 8 || memcmp(again, buf, len)))
			abort();   /* decode and encode disagree */
		free(again);
		bpfobj_free(&o);
	}
	free(buf);
	return 0;
}
