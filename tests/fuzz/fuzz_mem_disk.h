/* A block device over the fuzzer's input buffer, for fs/ fuzz targets.
 * With a size larger than the input, the input is the start of a disk
 * whose remainder reads as zeros (real images are mostly empty, and a
 * driver may look far from the start, e.g. XFS's log). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fs/blockdev.h"
#include "loader/lib/err.h"

struct fuzz_disk {
	const uint8_t *data;
	size_t len;       /* bytes of input */
	uint64_t size;    /* bytes of disk (>= len) */
};

static int fuzz_disk_read(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf)
{
	const struct fuzz_disk *d = dev->priv;
	uint64_t off = lba * dev->sector_size, n = count * dev->sector_size;

	if (!pb_range_ok(off, n, d->size))
		return pb_error(PB_ERR_IO, "fuzz disk: read past the end");
	uint64_t have = off < d->len ? PB_MIN(n, d->len - off) : 0;

	if (have) /* past the input d->data + off would point nowhere */
		memcpy(buf, d->data + off, have);
	memset((uint8_t *)buf + have, 0, n - have);
	return PB_OK;
}

static const struct blockdev_ops fuzz_disk_ops = { .read = fuzz_disk_read };

/* disk_bytes 0: the disk is the input. */
static void fuzz_disk_init_sized(struct blockdev *dev, struct fuzz_disk *d, const uint8_t *data,
				 size_t len, uint32_t sector_size, uint64_t disk_bytes)
{
	memset(dev, 0, sizeof(*dev));
	d->data = data;
	d->len = len;
	d->size = disk_bytes > len ? disk_bytes : len;
	dev->ops = &fuzz_disk_ops;
	dev->sector_size = sector_size;
	dev->nr_sectors = d->size / sector_size;
	dev->priv = d;
	memcpy(dev->name, "fuzz", 5);
}

static inline void fuzz_disk_init(struct blockdev *dev, struct fuzz_disk *d, const uint8_t *data,
				  size_t len, uint32_t sector_size)
{
	fuzz_disk_init_sized(dev, d, data, len, sector_size, 0);
}
