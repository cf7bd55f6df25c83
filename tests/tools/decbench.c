/* decbench FILE...: decompress each file (any of the seven formats)
 * through pvboot's wrapper, repeatedly for at least a second, and print the
 * output throughput.  Used by tests/bench/decompress.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "loader/kernel/decompress.h"
#include "loader/lib/err.h"
#include "tools/common/host_file.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const size_t out_max = 1u << 30;
	unsigned char *out = malloc(out_max);

	for (int i = 1; i < argc; i++) {
		unsigned char *in;
		size_t len, got = 0;
		if (host_read_file(argv[i], 1u << 30, &in, &len)) {
			fprintf(stderr, "%s\n", pb_errmsg());
			return 1;
		}
		enum comp c = decomp_detect(in, len);
		int runs = 0;
		double t0 = now(), t;
		do {
			if (decomp_run(c, in, len, out, out_max, &got)) {
				fprintf(stderr, "%s: %s\n", argv[i], pb_errmsg());
				return 1;
			}
			runs++;
			t = now() - t0;
		} while (t < 1.0);
		printf("%-6s %9zu -> %9zu bytes  %8.1f MB/s output  (%d runs)\n", decomp_name(c), len, got,
		       (double)got * runs / t / 1e6, runs);
		free(in);
	}
	free(out);
	return 0;
}
