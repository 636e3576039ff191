/* libFuzzer target: the capture reader, and every record it yields through
 * both formatters, as `snoop -r` does. */
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include "record/capture.h"
#include "record/format.h"
#include "record/sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[FORMAT_RECORD_MAX];
	struct cap_reader r;
	struct cap_frame f;
	struct snoop_record rec;
	const uint8_t *caps;
	char err[512];
	size_t len;
	int fd = memfd_create("fuzz", 0);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET)) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	if (cap_reader_open(&r, fd, err, sizeof(err)) == 0) {
		while (cap_reader_next(&r, &f, err, sizeof(err)) == 1) {
			if (f.type != CAP_RECORD || sink_check(f.payload, f.len, &rec, &caps, &len))
				continue;
			fmt_record(out, &rec, caps, len, 0);
			fmt_record_json(out, &rec, caps, len, 0, NULL, NULL);
		}
	}
	cap_reader_close(&r);
	close(fd);
	return 0;
}
