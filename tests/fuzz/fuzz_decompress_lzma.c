/* libFuzzer: the lzma decompressor (see fuzz_decompress.h). */
#define FUZZ_COMP COMP_LZMA
#include "tests/fuzz/fuzz_decompress.h"
