/* libFuzzer: the zstd decompressor (see fuzz_decompress.h). */
#define FUZZ_COMP COMP_ZSTD
#include "tests/fuzz/fuzz_decompress.h"
