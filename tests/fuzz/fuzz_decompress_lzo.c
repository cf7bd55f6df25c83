/* libFuzzer: the lzo decompressor (see fuzz_decompress.h). */
#define FUZZ_COMP COMP_LZO
#include "tests/fuzz/fuzz_decompress.h"
