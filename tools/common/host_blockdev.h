/* A disk image file as a pvboot block device (host tools and tests). */
#ifndef PVBOOT_TOOLS_HOST_BLOCKDEV_H
#define PVBOOT_TOOLS_HOST_BLOCKDEV_H

#include "fs/blockdev.h"

/* Open path read-only with the given logical sector size (512 or 4096). */
int host_blockdev_open(const char *path, uint32_t sector_size, struct blockdev *dev);
void host_blockdev_close(struct blockdev *dev);

#endif
