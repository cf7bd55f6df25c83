/* libFuzzer: mount the input as XFS only (fuzz_fs tries every driver and
 * spends most inputs on ext4's probe), walk every directory (bounded
 * depth and count), stat, read and bmap every file, read every symlink,
 * and resolve the paths the loader looks for. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fs/fs.h"
#include "loader/lib/err.h"

/* The input is the start of a 64 MiB disk whose remainder reads as
 * zeros: real images are mostly empty, and their log can be elsewhere. */
#define DISK_BYTES (64u << 20)

struct zdisk {
	const uint8_t *data;
	size_t len;
};

static int zdisk_read(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf)
{
	const struct zdisk *d = dev->priv;
	uint64_t off = lba * 512, n = count * 512;

	if (!pb_range_ok(off, n, DISK_BYTES))
		return pb_error(PB_ERR_IO, "fuzz disk: read past the end");
	memset(buf, 0, n);
	if (off < d->len)
		memcpy(buf, d->data + off, PB_MIN(n, d->len - off));
	return PB_OK;
}

static const struct blockdev_ops zdisk_ops = { .read = zdisk_read };

extern const struct fs_ops xfs_ops;

static struct fs *fs;
static int budget;
static uint8_t buf[65536];

static void walk(uint64_t dir, int depth);

static int visit(void *ctx, const char *name, uint64_t ino, enum fs_type type)
{
	struct fs_stat st;
	uint64_t vol_off, run;
	size_t got;
	char link[FS_PATH_MAX];

	(void)type;
	if (--budget < 0)
		return 1;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return 0;
	if (fs->ops->stat(fs, ino, &st))
		return 0;
	if (st.type == FS_DIR) {
		walk(ino, *(int *)ctx + 1);
	} else if (st.type == FS_REG) {
		fs->ops->read(fs, ino, 0, buf, 4096, &got);
		fs->ops->read(fs, ino, st.size > sizeof(buf) ? st.size - sizeof(buf) : 0, buf, sizeof(buf), &got);
		fs->ops->bmap(fs, ino, 0, &vol_off, &run);
	} else if (st.type == FS_SYMLINK) {
		fs->ops->readlink(fs, ino, link, sizeof(link));
	}
	return 0;
}

static void walk(uint64_t dir, int depth)
{
	if (depth > 8)
		return;
	fs->ops->readdir(fs, dir, visit, &depth);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"/grub2/grub.cfg", "/boot/grub2/grubenv", "/loader/entries/a.conf", "/links/chain2",
	};
	struct blockdev dev = { .ops = &zdisk_ops, .sector_size = 512, .nr_sectors = DISK_BYTES / 512 };
	struct zdisk d = { data, size };
	struct volume vol;
	char *file;
	size_t len;

	if (size > DISK_BYTES)
		return 0;
	dev.priv = &d;
	vol.dev = &dev;
	vol.start = 0;
	vol.size = DISK_BYTES;
	if (xfs_ops.mount(&vol, &fs))
		return 0;
	budget = 2000;
	walk(fs->root_ino, 0);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (fs_read_file(fs, paths[i], 1 << 20, &file, &len) == 0)
			free(file);
	fs_unmount(fs);
	return 0;
}
