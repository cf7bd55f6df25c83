/* A disk image file as a pvboot block device: pread() per request, and the
 * same request accounting the in-guest devices have (stats in blockdev). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader/err.h"
#include "tools/common/host_blockdev.h"

struct host_priv {
	int fd;
};

static int host_read(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf)
{
	struct host_priv *p = dev->priv;
	size_t len = (size_t)(count * dev->sector_size);
	off_t off = (off_t)(lba * dev->sector_size);
	uint8_t *out = buf;

	while (len) {
		ssize_t n = pread(p->fd, out, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return pb_error(PB_ERR_IO, "%s: read at %lld: %s", dev->name,
					(long long)off, n < 0 ? strerror(errno) : "end of file");
		out += n;
		off += n;
		len -= (size_t)n;
	}
	return PB_OK;
}

static const struct blockdev_ops host_ops = { .read = host_read, .write = NULL };

int host_blockdev_open(const char *path, uint32_t sector_size, struct blockdev *dev)
{
	struct stat st;
	struct host_priv *p;
	int fd;

	if (sector_size != 512 && sector_size != 4096)
		return pb_error(PB_ERR_INVAL, "sector size must be 512 or 4096");
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return pb_error(PB_ERR_NOTFOUND, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || st.st_size < 0) {
		close(fd);
		return pb_error(PB_ERR_IO, "%s: cannot stat", path);
	}
	p = malloc(sizeof(*p));
	if (!p) {
		close(fd);
		return pb_error(PB_ERR_NOMEM, "out of memory");
	}
	p->fd = fd;
	memset(dev, 0, sizeof(*dev));
	dev->ops = &host_ops;
	snprintf(dev->name, sizeof(dev->name), "hd0");
	dev->sector_size = sector_size;
	/* A trailing partial sector is not addressable, as on a real disk. */
	dev->nr_sectors = (uint64_t)st.st_size / sector_size;
	dev->read_only = true;
	dev->priv = p;
	return PB_OK;
}

void host_blockdev_close(struct blockdev *dev)
{
	struct host_priv *p = dev->priv;

	if (p) {
		close(p->fd);
		free(p);
	}
	dev->priv = NULL;
}
