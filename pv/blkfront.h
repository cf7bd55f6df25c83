/* Xen PV block frontend: the guest's disks as fs/ block devices. */
#ifndef PVBOOT_PV_BLKFRONT_H
#define PVBOOT_PV_BLKFRONT_H

#include "fs/blockdev.h"

#define BLKFRONT_MAX_DISKS 8

/* Connect every disk under device/vbd; devs[i] are filled in xenstore order.
 * A disk that fails to connect is reported and skipped. */
int blkfront_probe_all(struct blockdev *devs, int max, int *count);
/* Closing -> Closed -> Initialising for every connected disk, grants ended,
 * so that the next kernel's frontend can connect again. */
void blkfront_disconnect_all(void);
/* 4 KiB segments per request negotiated with the backend (11, or more
 * with indirect descriptors). */
uint32_t blkfront_segments(const struct blockdev *dev);

#endif
