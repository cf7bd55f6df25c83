/* libFuzzer: mount the input as XFS only (fuzz_fs tries every driver and
 * spends most inputs on ext4's probe), walk every directory (bounded
 * depth and count), stat, read and bmap every file, read every symlink,
 * and resolve the paths the loader looks for. */
#include "tests/fuzz/fuzz_fs_walk.h"
#include "fs/xfs.h"

/* The input is the start of a 64 MiB disk whose remainder reads as
 * zeros: real images are mostly empty, and their log can be elsewhere. */
#define DISK_BYTES (64u << 20)

extern const struct fs_ops xfs_ops;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"/grub2/grub.cfg", "/boot/grub2/grubenv", "/loader/entries/a.conf", "/links/chain2",
	};
	struct blockdev dev;
	struct fuzz_disk d;
	struct volume vol;
	struct fs *fs;

	if (size > DISK_BYTES)
		return 0;
	fuzz_disk_init_sized(&dev, &d, data, size, 512, DISK_BYTES);
	vol.dev = &dev;
	vol.start = 0;
	vol.size = DISK_BYTES;
	if (xfs_ops.mount(&vol, &fs))
		return 0;
	/* Odd-sized inputs count the log as clean.  Seeds stop short of their
	 * log (it reads as zeros: never clean), and behind that check sit the
	 * extent mapping for in-place writes and the reflink refcount tree,
	 * otherwise out of reach; even-sized inputs still go through the log
	 * check, which mount ran either way. */
	if (size & 1)
		xfs_of(fs)->log_dirty = false;
	fuzz_walk(fs, fs->root_ino, 2000, paths, sizeof(paths) / sizeof(paths[0]));
	fs_unmount(fs);
	return 0;
}
