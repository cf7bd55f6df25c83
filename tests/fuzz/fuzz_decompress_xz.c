/* libFuzzer: the xz decompressor (see fuzz_decompress.h). */
#define FUZZ_COMP COMP_XZ
#include "tests/fuzz/fuzz_decompress.h"
