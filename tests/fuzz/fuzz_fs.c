/* libFuzzer: mount the input with every driver of fs_drivers[] (the probe
 * order the loader uses), walk every directory (bounded depth and count),
 * stat and read every file and symlink, and resolve a path with '..'. */
#include "tests/fuzz/fuzz_fs_walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "/links/chain2" };
	struct blockdev dev;
	struct fuzz_disk d;
	struct volume vol;
	struct fs *fs;
	uint64_t ino;

	fuzz_disk_init(&dev, &d, data, size, 512);
	vol.dev = &dev;
	vol.start = 0;
	vol.size = dev.nr_sectors * 512;
	if (fs_mount(&vol, &fs))
		return 0;
	fs_resolve(fs, "/boot/grub/../grub/grub.cfg", false, &ino);
	fuzz_walk(fs, fs->root_ino, 2000, paths, 1);
	fs_unmount(fs);
	return 0;
}
