/* The walk shared by the fs/ fuzz targets: walk every directory of a
 * mounted filesystem (bounded depth and count), stat, read and bmap every
 * file, readlink every symlink, and read a few paths (with '..' and case
 * games).  fuzz_walk_driver() mounts the input with one driver first (so
 * another driver never claims it). */
#include <stdlib.h>

#include "tests/fuzz/fuzz_mem_disk.h"
#include "fs/fs.h"

static struct fs *walk_fs;
static int walk_budget;
static uint8_t walk_buf[65536];

static void walk_dir(uint64_t dir, int depth);

static int walk_visit(void *ctx, const char *name, uint64_t ino, enum fs_type type)
{
	struct fs_stat st;
	size_t got;
	char link[256];
	uint64_t vol_off, run;

	(void)type;
	if (--walk_budget < 0)
		return 1;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return 0;
	if (walk_fs->ops->stat(walk_fs, ino, &st))
		return 0;
	if (st.type == FS_DIR) {
		walk_dir(ino, *(int *)ctx + 1);
	} else if (st.type == FS_REG) {
		walk_fs->ops->read(walk_fs, ino, 0, walk_buf, sizeof(walk_buf), &got);
		if (st.size > sizeof(walk_buf))
			walk_fs->ops->read(walk_fs, ino, st.size - sizeof(walk_buf) / 2, walk_buf, sizeof(walk_buf), &got);
		if (walk_fs->ops->bmap && st.size)
			walk_fs->ops->bmap(walk_fs, ino, st.size / 2, &vol_off, &run);
	} else if (st.type == FS_SYMLINK) {
		walk_fs->ops->readlink(walk_fs, ino, link, sizeof(link));
	}
	return 0;
}

static void walk_dir(uint64_t dir, int depth)
{
	if (depth > 8)
		return;
	walk_fs->ops->readdir(walk_fs, dir, walk_visit, &depth);
}

/* Walk fs from dir with a budget of visits, then read each path. */
static void fuzz_walk(struct fs *fs, uint64_t dir, int budget, const char *const *paths, size_t npaths)
{
	char *file;
	size_t len;

	walk_fs = fs;
	walk_budget = budget;
	walk_dir(dir, 0);
	for (size_t i = 0; i < npaths; i++)
		if (fs_read_file(fs, paths[i], 1 << 20, &file, &len) == 0)
			free(file);
}

static int fuzz_walk_driver(const struct fs_ops *ops, const uint8_t *data, size_t size, uint32_t sector)
{
	static const char *const paths[] = {
		"/boot/grub/grub.cfg", "/BOOT/GRUB/../grub/GRUB.CFG", "/EFI/fedora/grub.cfg",
		"/links/chain2", "/deep/a/b/c/../../b/c/d", "/efi/boot/grubenv",
	};
	struct blockdev dev;
	struct fuzz_disk d;
	struct volume vol;

	fuzz_disk_init(&dev, &d, data, size, sector);
	vol.dev = &dev;
	vol.start = 0;
	vol.size = dev.nr_sectors * sector;
	if (ops->mount(&vol, &walk_fs))
		return 0;
	fuzz_walk(walk_fs, walk_fs->root_ino, 3000, paths, sizeof(paths) / sizeof(paths[0]));
	fs_unmount(walk_fs);
	return 0;
}
