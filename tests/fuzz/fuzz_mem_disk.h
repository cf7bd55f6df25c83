/* A block device over the fuzzer's input buffer, for fs/ fuzz targets. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fs/blockdev.h"
#include "loader/lib/err.h"

struct fuzz_disk {
	const uint8_t *data;
	size_t len;
};

static int fuzz_disk_read(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf)
{
	const struct fuzz_disk *d = dev->priv;
	uint64_t off = lba * dev->sector_size, n = count * dev->sector_size;

	if (!pb_range_ok(off, n, d->len))
		return pb_error(PB_ERR_IO, "fuzz disk: read past the end");
	memcpy(buf, d->data + off, n);
	return PB_OK;
}

static const struct blockdev_ops fuzz_disk_ops = { .read = fuzz_disk_read };

static void fuzz_disk_init(struct blockdev *dev, struct fuzz_disk *d, const uint8_t *data,
			   size_t len, uint32_t sector_size)
{
	memset(dev, 0, sizeof(*dev));
	d->data = data;
	d->len = len;
	dev->ops = &fuzz_disk_ops;
	dev->sector_size = sector_size;
	dev->nr_sectors = len / sector_size;
	dev->priv = d;
	memcpy(dev->name, "fuzz", 5);
}
