/* Xen PV block frontend: the guest's disks as fs/ block devices. */
#ifndef PVBOOT_PV_BLKFRONT_H
#define PVBOOT_PV_BLKFRONT_H

#include "fs/blockdev.h"

/* xvda..xvdz, xvdaa..xvdaf.  The disks share their I/O pages (one pool
 * per backend domain), so each one beyond the first costs only a ring page,
 * a grant and an event channel.  Callers size arrays by it: static ones for
 * struct blockdev (88 bytes each), nothing big on the stack. */
#define BLKFRONT_MAX_DISKS 32

/* Connect every disk under device/vbd; devs[i] are filled in xenstore order.
 * A disk that fails to connect is reported and skipped. */
int blkfront_probe_all(struct blockdev *devs, int max, int *count);
/* Closing -> Closed -> Initialising for every connected disk, grants ended
 * (the disks' rings, then the shared I/O pages), so that the next kernel's
 * frontend can connect again.  A later blkfront_probe_all starts afresh. */
void blkfront_disconnect_all(void);
/* 4 KiB segments per request negotiated with the backend (11, or more
 * with indirect descriptors). */
uint32_t blkfront_segments(const struct blockdev *dev);

#endif
