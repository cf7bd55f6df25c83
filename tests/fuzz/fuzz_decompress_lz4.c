/* libFuzzer: the lz4 decompressor (see fuzz_decompress.h). */
#define FUZZ_COMP COMP_LZ4
#include "tests/fuzz/fuzz_decompress.h"
