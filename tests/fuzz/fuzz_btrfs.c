/* libFuzzer: the btrfs driver.  A btrfs image is mostly zeros and the
 * metadata that matters is spread over a large device, so the input is a
 * sparse image: records of [u32 little-endian 4 KiB block number][4096
 * bytes], placed on a 256 MiB device that reads zeros elsewhere (seeds
 * are real images, tests/fuzz/seeds.d/btrfs.sh).  Before mounting, the
 * target re-computes the checksum of the superblock and of every block
 * that looks like a tree block, so mutations get past checksum
 * verification to the parsers behind it (the driver itself is unchanged).
 * Then it mounts, walks every directory (bounded), reads every file and
 * symlink, resolves paths through subvolumes and the default subvolume
 * (whose path is looked up and resolved back). */
#include "tests/fuzz/fuzz_fs_walk.h"
#include "fs/btrfs_api.h"
#include "loader/lib/blake2b.h"
#include "loader/lib/crc32.h"
#include "loader/lib/err.h"
#include "loader/lib/sha256.h"
#include "loader/lib/xxhash64.h"

#define BLK 4096
#define DISK_BLOCKS ((256u << 20) / BLK)
#define REC (4 + BLK)

static uint8_t *map[DISK_BLOCKS];
static uint32_t used[DISK_BLOCKS], nused; /* which map[] entries are set */
static struct fs *fs;

static int sparse_read(struct blockdev *dev, uint64_t lba, uint64_t count, void *out)
{
	uint8_t *o = out;

	for (uint64_t s = lba; s < lba + count; s++, o += 512) {
		uint64_t off = s * 512;
		if (off / BLK >= DISK_BLOCKS)
			return pb_error(PB_ERR_IO, "fuzz disk: read past the end");
		const uint8_t *b = map[off / BLK];
		if (b)
			memcpy(o, b + off % BLK, 512);
		else
			memset(o, 0, 512);
	}
	(void)dev;
	return PB_OK;
}

static const struct blockdev_ops sparse_ops = { .read = sparse_read };

static void csum(uint16_t type, uint8_t *blk, size_t len)
{
	const uint8_t *p = blk + 32;
	size_t n = len - 32;

	if (type == 0) {
		uint32_t c = ~crc32c_raw(~0u, p, n);
		for (int i = 0; i < 4; i++)
			blk[i] = (uint8_t)(c >> (8 * i));
	} else if (type == 1) {
		uint64_t h = xxh64(p, n, 0);
		for (int i = 0; i < 8; i++)
			blk[i] = (uint8_t)(h >> (8 * i));
	} else if (type == 2) {
		struct sha256 s;
		sha256_init(&s);
		sha256_update(&s, p, n);
		sha256_final(&s, blk);
	} else if (type == 3) {
		blake2b(blk, 32, p, n);
	}
}

/* Make checksums right again after the mutations. */
static void fix_checksums(void)
{
	uint8_t *sb = map[0x10000 / BLK], *node;
	uint32_t nodesize;
	uint16_t type;

	if (!sb)
		return;
	type = pb_le16(sb + 0xc4);
	nodesize = pb_le32(sb + 0x94);
	if (nodesize >= BLK && nodesize <= 65536 && !(nodesize & (nodesize - 1)) && (node = malloc(nodesize))) {
		const uint8_t *fsid = (pb_le64(sb + 0xbc) & (1u << 10)) ? sb + 0x23b : sb + 0x20;
		uint32_t per = nodesize / BLK;
		for (uint32_t b = 0; b + per <= DISK_BLOCKS; b += per) {
			if (!map[b] || memcmp(map[b] + 0x20, fsid, 16) != 0)
				continue;
			for (uint32_t i = 0; i < per; i++) {
				if (map[b + i])
					memcpy(node + i * BLK, map[b + i], BLK);
				else
					memset(node + i * BLK, 0, BLK);
			}
			csum(type, node, nodesize);
			memcpy(map[b], node, 32);
		}
		free(node);
	}
	csum(type, sb, BLK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	struct blockdev dev;
	struct volume vol;
	uint64_t ino, id;
	size_t n = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	for (uint32_t i = 0; i < nused; i++)
		map[used[i]] = NULL;
	nused = 0;
	for (size_t off = 0; off + REC <= size && nused < DISK_BLOCKS; off += REC, n++) {
		uint32_t b = pb_le32(copy + off) % DISK_BLOCKS;
		map[b] = copy + off + 4;
		used[nused++] = b;
	}
	fix_checksums();
	memset(&dev, 0, sizeof(dev));
	dev.ops = &sparse_ops;
	dev.sector_size = 512;
	dev.nr_sectors = (uint64_t)DISK_BLOCKS * (BLK / 512);
	memcpy(dev.name, "fuzz", 5);
	vol.dev = &dev;
	vol.start = 0;
	vol.size = dev.nr_sectors * 512;
	if (n && fs_mount(&vol, &fs) == PB_OK) {
		fs_resolve(fs, "/boot/grub/../grub/grub.cfg", false, &ino);
		fuzz_walk(fs, fs->root_ino, 2000, NULL, 0);
		if (btrfs_subvol_default(fs, &ino, &id) == PB_OK) {
			char path[512];
			fuzz_walk(fs, ino, 200, NULL, 0);
			/* The default subvolume's path and back, as the SUSE
			 * grub.cfg rules do ($btrfs_subvol). */
			if (btrfs_subvol_path(fs, id, path, sizeof(path)) == PB_OK && path[0])
				btrfs_subvol_by_path(fs, path, &ino, &id);
		}
		btrfs_subvol_by_path(fs, "/@/.snapshots/1/snapshot", &ino, &id);
		fs_unmount(fs);
	}
	free(copy);
	return 0;
}
