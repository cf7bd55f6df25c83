/* Byte-granular, bounds-checked reads and writes on top of sector devices. */
#include "fs/blockdev.h"
#include "loader/lib/err.h"

static int read_sectors(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf)
{
	int rc = dev->ops->read(dev, lba, count, buf);

	dev->stats.requests++;
	if (rc == PB_OK)
		dev->stats.bytes += count * dev->sector_size;
	return rc;
}

/* The sector size the byte helpers support, and [off, off + len) inside
 * the device. */
static int check_range(const struct blockdev *dev, uint64_t off, size_t len, const char *what)
{
	uint32_t ss = dev->sector_size;

	if (ss != 512 && ss != 4096)
		return pb_error(PB_ERR_INVAL, "%s: sector size %u", dev->name, ss);
	if (dev->nr_sectors > UINT64_MAX / ss || !pb_range_ok(off, len, dev->nr_sectors * ss))
		return pb_error(PB_ERR_IO, "%s: %s of %zu bytes at %llu is past the end of the device",
				dev->name, what, len, (unsigned long long)off);
	return PB_OK;
}

int blockdev_read_bytes(struct blockdev *dev, uint64_t off, void *buf, size_t len)
{
	uint32_t ss = dev->sector_size;
	uint8_t *out = buf;
	uint8_t bounce[4096];
	int rc = check_range(dev, off, len, "read");

	if (rc)
		return rc;
	while (len) {
		uint64_t lba = off / ss;
		uint32_t skip = (uint32_t)(off % ss);

		if (skip || len < ss) {
			/* Unaligned head or short tail: one sector through the bounce buffer. */
			size_t n = PB_MIN((size_t)(ss - skip), len);
			rc = read_sectors(dev, lba, 1, bounce);
			if (rc)
				return rc;
			memcpy(out, bounce + skip, n);
			out += n;
			off += n;
			len -= n;
			continue;
		}
		/* Aligned middle: straight into the caller's buffer, one request. */
		uint64_t count = len / ss;
		rc = read_sectors(dev, lba, count, out);
		if (rc)
			return rc;
		out += count * ss;
		off += count * ss;
		len -= count * ss;
	}
	return PB_OK;
}

int volume_read(const struct volume *vol, uint64_t off, void *buf, size_t len)
{
	if (!pb_range_ok(off, len, vol->size))
		return pb_error(PB_ERR_CORRUPT,
				"read of %zu bytes at offset %llu is outside the %llu-byte volume",
				len, (unsigned long long)off, (unsigned long long)vol->size);
	return blockdev_read_bytes(vol->dev, vol->start + off, buf, len);
}

static int write_sectors(struct blockdev *dev, uint64_t lba, uint64_t count, const void *buf)
{
	int rc = dev->ops->write(dev, lba, count, buf);

	dev->stats.write_requests++;
	if (rc == PB_OK)
		dev->stats.write_bytes += count * dev->sector_size;
	return rc;
}

int blockdev_write_bytes(struct blockdev *dev, uint64_t off, const void *buf, size_t len)
{
	uint32_t ss = dev->sector_size;
	const uint8_t *in = buf;
	uint8_t bounce[4096];
	int rc;

	if (dev->read_only || !dev->ops->write)
		return pb_error(PB_ERR_ROFS, "%s: device is read-only", dev->name);
	if ((rc = check_range(dev, off, len, "write")))
		return rc;
	while (len) {
		uint64_t lba = off / ss;
		uint32_t skip = (uint32_t)(off % ss);

		if (skip || len < ss) {
			/* Partial sector: the device only takes whole sectors, so
			 * read it, patch our bytes in and write it back. */
			size_t n = PB_MIN((size_t)(ss - skip), len);
			rc = read_sectors(dev, lba, 1, bounce);
			if (rc)
				return rc;
			memcpy(bounce + skip, in, n);
			rc = write_sectors(dev, lba, 1, bounce);
			if (rc)
				return rc;
			in += n;
			off += n;
			len -= n;
			continue;
		}
		/* Aligned middle: straight from the caller's buffer, one request. */
		uint64_t count = len / ss;
		rc = write_sectors(dev, lba, count, in);
		if (rc)
			return rc;
		in += count * ss;
		off += count * ss;
		len -= count * ss;
	}
	return PB_OK;
}

int volume_write(const struct volume *vol, uint64_t off, const void *buf, size_t len)
{
	if (!pb_range_ok(off, len, vol->size))
		return pb_error(PB_ERR_CORRUPT,
				"write of %zu bytes at offset %llu is outside the %llu-byte volume",
				len, (unsigned long long)off, (unsigned long long)vol->size);
	return blockdev_write_bytes(vol->dev, vol->start + off, buf, len);
}
