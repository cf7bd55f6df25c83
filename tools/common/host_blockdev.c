/* A disk image file as a pvboot block device: pread()/pwrite() per request,
 * and the same request accounting the in-guest devices have (stats in
 * blockdev).  Read-only unless opened with HOST_OPEN_RW. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader/lib/err.h"
#include "tools/common/host_blockdev.h"

struct host_priv {
	int fd;
	char *path; /* for host_blockdev_reopen */
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

static int host_write(struct blockdev *dev, uint64_t lba, uint64_t count, const void *buf)
{
	struct host_priv *p = dev->priv;
	size_t len = (size_t)(count * dev->sector_size);
	off_t off = (off_t)(lba * dev->sector_size);
	const uint8_t *in = buf;

	while (len) {
		ssize_t n = pwrite(p->fd, in, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return pb_error(PB_ERR_IO, "%s: write at %lld: %s", dev->name,
					(long long)off, n < 0 ? strerror(errno) : "no progress");
		in += n;
		off += n;
		len -= (size_t)n;
	}
	return PB_OK;
}

static const struct blockdev_ops host_ro_ops = { .read = host_read, .write = NULL };
static const struct blockdev_ops host_rw_ops = { .read = host_read, .write = host_write };

static void set_mode(struct blockdev *dev, enum host_open_mode mode)
{
	dev->ops = mode == HOST_OPEN_RW ? &host_rw_ops : &host_ro_ops;
	dev->read_only = mode != HOST_OPEN_RW;
}

int host_blockdev_open(const char *path, uint32_t sector_size, struct blockdev *dev)
{
	return host_blockdev_open_mode(path, sector_size, HOST_OPEN_RO, dev);
}

int host_blockdev_open_mode(const char *path, uint32_t sector_size, enum host_open_mode mode,
			    struct blockdev *dev)
{
	struct stat st;
	struct host_priv *p;
	int fd;

	if (sector_size != 512 && sector_size != 4096)
		return pb_error(PB_ERR_INVAL, "sector size must be 512 or 4096");
	fd = open(path, mode == HOST_OPEN_RW ? O_RDWR : O_RDONLY);
	if (fd < 0)
		return pb_error(PB_ERR_NOTFOUND, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || st.st_size < 0) {
		close(fd);
		return pb_error(PB_ERR_IO, "%s: cannot stat", path);
	}
	p = malloc(sizeof(*p));
	if (!p || !(p->path = strdup(path))) {
		free(p);
		close(fd);
		return pb_error(PB_ERR_NOMEM, "out of memory");
	}
	p->fd = fd;
	memset(dev, 0, sizeof(*dev));
	set_mode(dev, mode);
	snprintf(dev->name, sizeof(dev->name), "hd0");
	dev->sector_size = sector_size;
	/* A trailing partial sector is not addressable, as on a real disk. */
	dev->nr_sectors = (uint64_t)st.st_size / sector_size;
	dev->priv = p;
	return PB_OK;
}

void host_blockdev_close(struct blockdev *dev)
{
	struct host_priv *p = dev->priv;

	if (p) {
		close(p->fd);
		free(p->path);
		free(p);
	}
	dev->priv = NULL;
}

int host_blockdev_reopen(struct blockdev *dev, enum host_open_mode mode)
{
	struct host_priv *p = dev->priv;
	struct stat old, cur;
	int fd;

	fd = open(p->path, mode == HOST_OPEN_RW ? O_RDWR : O_RDONLY);
	if (fd < 0)
		return pb_error(mode == HOST_OPEN_RW && (errno == EACCES || errno == EROFS) ? PB_ERR_ROFS
											    : PB_ERR_IO,
				"%s: %s", p->path, strerror(errno));
	/* What was scanned must be what gets written: same file, same size. */
	if (fstat(p->fd, &old) < 0 || fstat(fd, &cur) < 0 || old.st_dev != cur.st_dev ||
	    old.st_ino != cur.st_ino || old.st_size != cur.st_size) {
		close(fd);
		return pb_error(PB_ERR_IO, "%s: the file changed since it was opened", p->path);
	}
	close(p->fd);
	p->fd = fd;
	set_mode(dev, mode);
	return PB_OK;
}
