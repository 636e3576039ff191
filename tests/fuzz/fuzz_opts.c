/* libFuzzer target: the command line. Input: NUL-separated arguments. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "opts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[4096];
	static struct options o;
	char *argv[64], err[512];
	int argc = 1;
	size_t i, n = size < sizeof(buf) - 1 ? size : sizeof(buf) - 1;

	memcpy(buf, data, n);
	buf[n] = '\0';
	argv[0] = "snoop";
	argv[argc++] = buf;
	for (i = 0; i < n && argc < 63; i++)
		if (buf[i] == '\0')
			argv[argc++] = buf + i + 1;
	argv[argc] = NULL;
	opts_parse(argc, argv, &o, err, sizeof(err));
	return 0;
}
