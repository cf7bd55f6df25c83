/* libFuzzer: the bzip2 decompressor (see fuzz_decompress.h). */
#define FUZZ_COMP COMP_BZIP2
#include "tests/fuzz/fuzz_decompress.h"
