/* libFuzzer: the ISO 9660 driver alone on the input (seeds: xorriso and
 * genisoimage images with Rock Ridge, Joliet, relocated directories and
 * SUSP continuation areas, tests/fuzz/seeds.d/fat-iso.sh). */
#include "tests/fuzz/fuzz_fs_walk.h"

extern const struct fs_ops iso9660_ops;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_walk_driver(&iso9660_ops, data, size, 512);
}
