/* libFuzzer: the gzip decompressor (see fuzz_decompress.h). */
#define FUZZ_COMP COMP_GZIP
#include "tests/fuzz/fuzz_decompress.h"
