/* libFuzzer: mount the input with every driver of fs_drivers[] (ext2/3/4
 * today; each new filesystem joins), walk every directory (bounded
 * depth and count), stat and read every file and symlink. */
#include "tests/fuzz/fuzz_mem_disk.h"
#include "fs/fs.h"

static struct fs *fs;
static int budget;
static uint8_t buf[65536];

static void walk(uint64_t dir, int depth);

static int visit(void *ctx, const char *name, uint64_t ino, enum fs_type type)
{
	struct fs_stat st;
	size_t got;
	char link[256];

	(void)ctx;
	(void)type;
	if (--budget < 0)
		return 1;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return 0;
	if (fs->ops->stat(fs, ino, &st))
		return 0;
	if (st.type == FS_DIR)
		walk(ino, *(int *)ctx + 1);
	else if (st.type == FS_REG)
		fs->ops->read(fs, ino, st.size > sizeof(buf) ? st.size - sizeof(buf) : 0, buf, sizeof(buf), &got);
	else if (st.type == FS_SYMLINK)
		fs->ops->readlink(fs, ino, link, sizeof(link));
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
	struct blockdev dev;
	struct fuzz_disk d;
	struct volume vol;
	uint64_t ino;
	char *file;
	size_t len;

	fuzz_disk_init(&dev, &d, data, size, 512);
	vol.dev = &dev;
	vol.start = 0;
	vol.size = dev.nr_sectors * 512;
	if (fs_mount(&vol, &fs))
		return 0;
	budget = 2000;
	walk(fs->root_ino, 0);
	fs_resolve(fs, "/boot/grub/../grub/grub.cfg", false, &ino);
	if (fs_read_file(fs, "/links/chain2", 1 << 20, &file, &len) == 0)
		free(file);
	fs_unmount(fs);
	return 0;
}
