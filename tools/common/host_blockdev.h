/* A disk image file as a pvboot block device (host tools and tests). */
#ifndef PVBOOT_TOOLS_HOST_BLOCKDEV_H
#define PVBOOT_TOOLS_HOST_BLOCKDEV_H

#include "fs/blockdev.h"

/* Images are opened read-only unless a caller asks for writes explicitly:
 * inspecting an image must never be able to change it. */
enum host_open_mode { HOST_OPEN_RO, HOST_OPEN_RW };

/* Open path read-only with the given logical sector size (512 or 4096). */
int host_blockdev_open(const char *path, uint32_t sector_size, struct blockdev *dev);
/* The same, read-write when mode is HOST_OPEN_RW (dev->read_only false,
 * ops->write set). */
int host_blockdev_open_mode(const char *path, uint32_t sector_size, enum host_open_mode mode,
			    struct blockdev *dev);
/* Switch an open device to mode, reopening the same file (refused if the
 * path now names a different file).  For callers that get their devices
 * from a shared read-only opener and decide to write later. */
int host_blockdev_reopen(struct blockdev *dev, enum host_open_mode mode);
void host_blockdev_close(struct blockdev *dev);

#endif
