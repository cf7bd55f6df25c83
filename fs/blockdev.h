/* The block-device interface that each platform implements: Xen blkfront
 * (pv/), EFI Block I/O (efi/), a plain image file (tools/, tests).
 *
 * Addresses are in the device's own logical sectors (512 or 4096 bytes).
 * Platforms should turn one call into as few device requests as they can:
 * callers (filesystems) coalesce contiguous runs into one big read for
 * exactly that reason.  Writes exist only for rewriting a file's existing
 * data blocks in place (fs/overwrite.c); nothing here allocates.
 */
#ifndef PVBOOT_FS_BLOCKDEV_H
#define PVBOOT_FS_BLOCKDEV_H

#include "loader/lib/libc.h"

struct blockdev;

struct blockdev_ops {
	/* Read count sectors starting at lba into buf (count * sector_size
	 * bytes).  The caller has already checked the range. */
	int (*read)(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf);
	/* Write; NULL on read-only devices. */
	int (*write)(struct blockdev *dev, uint64_t lba, uint64_t count,
		     const void *buf);
};

struct blockdev_stats {
	uint64_t requests;       /* calls into ops->read */
	uint64_t bytes;          /* bytes transferred by them */
	uint64_t write_requests; /* calls into ops->write */
	uint64_t write_bytes;    /* bytes transferred by them */
};

struct blockdev {
	const struct blockdev_ops *ops;
	char name[16];        /* platform name: "xvda", "hd0", "image" */
	uint32_t sector_size; /* 512 or 4096 (validated by the platform) */
	uint64_t nr_sectors;
	bool read_only;
	void *priv;           /* platform state */
	struct blockdev_stats stats;
};

/* Read len bytes at byte offset off: bounds-checked against the device
 * size, handles unaligned head/tail with a bounce sector, and reads the
 * aligned middle directly into buf in one ops->read call. */
int blockdev_read_bytes(struct blockdev *dev, uint64_t off, void *buf, size_t len);

/* Write len bytes at byte offset off, with the same bounds check.  A
 * partial head or tail sector is read, patched and written back (so the
 * bytes around the range are preserved, though not atomically); the
 * aligned middle goes to the device in one ops->write call.  PB_ERR_ROFS
 * if the device is read-only or has no write op. */
int blockdev_write_bytes(struct blockdev *dev, uint64_t off, const void *buf, size_t len);

/* A byte range of a device that holds one filesystem: a partition or the
 * whole disk.  Filesystems read only through volume_read(), which refuses
 * anything outside [0, size). */
struct volume {
	struct blockdev *dev;
	uint64_t start; /* byte offset on dev */
	uint64_t size;  /* bytes */
};

int volume_read(const struct volume *vol, uint64_t off, void *buf, size_t len);
/* The write counterpart, with the same refusal of anything outside [0, size). */
int volume_write(const struct volume *vol, uint64_t off, const void *buf, size_t len);

#endif
