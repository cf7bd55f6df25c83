/* libFuzzer: the FAT driver alone on the input (seeds: FAT12/16/32 images
 * made by mkfs.vfat + mcopy, tests/fuzz/seeds.d/fat-iso.sh). */
#include "tests/fuzz/fuzz_fs_walk.h"

extern const struct fs_ops fat_ops;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_walk_driver(&fat_ops, data, size, 512);
}
