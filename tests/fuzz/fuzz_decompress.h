/* One libFuzzer target per decompressor, through pvboot's wrapper: each
 * fuzz_decompress_<fmt>.c defines FUZZ_COMP and includes this.  The output
 * bound is small so bombs are exercised constantly. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "loader/kernel/decompress.h"

#define FUZZ_OUT_MAX (4u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *out;
	size_t got;

	if (!out)
		out = malloc(FUZZ_OUT_MAX);
	/* First byte picks the bound, so truncation at the bound is covered. */
	size_t bound = size ? ((size_t)data[0] << 14) + 1 : FUZZ_OUT_MAX;
	if (bound > FUZZ_OUT_MAX)
		bound = FUZZ_OUT_MAX;
	if (size)
		decomp_run(FUZZ_COMP, data + 1, size - 1, out, bound, &got);
	return 0;
}
