/* EFI disks: every Block I/O handle that is a whole medium (the firmware's
 * partition handles are skipped: fs/ reads pvboot's own partition tables,
 * so names and menus are the same as on Xen).  The disk pvboot itself was
 * loaded from comes first (hd0), so the configuration search, which goes
 * disk by disk, prefers it.  Writes (grubenv) go through WriteBlocks and
 * FlushBlocks; release_all only flushes, since a program started from
 * here may return to the menu. */
#include "efi/efi_rt.h"
#include "loader/lib/err.h"
#include "loader/lib/heap.h"

#define EFI_MAX_DISKS 16
#define BOUNCE_BYTES (1u << 20)

struct efi_disk {
	EFI_HANDLE handle;
	EFI_BLOCK_IO *bio;
	bool boot; /* pvboot was loaded from a partition of it */
};

static struct efi_disk edisk[EFI_MAX_DISKS];
static struct blockdev devs[EFI_MAX_DISKS];
static int ndisks;
static uint8_t *bounce; /* for firmware that wants aligned buffers */

size_t efi_devpath_len(const EFI_DEVICE_PATH *dp, size_t max)
{
	size_t len = 0;

	while (len < max) {
		const uint8_t *n = (const uint8_t *)dp + len;
		size_t l = (size_t)n[2] | (size_t)n[3] << 8;
		if (n[0] == END_DEVICE_PATH_TYPE && n[1] == END_ENTIRE_DEVICE_PATH_SUBTYPE)
			return len;
		if (l < 4)
			return 0;
		len += l;
	}
	return 0;
}

static EFI_DEVICE_PATH *devpath(EFI_HANDLE h)
{
	void *dp = NULL;

	return efi_bs->HandleProtocol(h, &efi_devpath_guid, &dp) == EFI_SUCCESS ? dp : NULL;
}

/* Is disk's device path a proper prefix of part's (part is on disk)? */
static bool on_disk(EFI_HANDLE disk, EFI_HANDLE part)
{
	EFI_DEVICE_PATH *d = devpath(disk), *p = devpath(part);
	size_t dl = d ? efi_devpath_len(d, 4096) : 0, pl = p ? efi_devpath_len(p, 4096) : 0;

	return d && p && dl && pl > dl && memcmp(d, p, dl) == 0;
}

static int io(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf, bool wr)
{
	struct efi_disk *e = dev->priv;
	EFI_BLOCK_IO *b = e->bio;
	uint32_t align = b->Media->IoAlign;
	uint64_t per = BOUNCE_BYTES / dev->sector_size;

	if (align <= 1 || ((uintptr_t)buf & (align - 1)) == 0) {
		EFI_STATUS s = wr ? b->WriteBlocks(b, b->Media->MediaId, lba, count * dev->sector_size, buf)
				  : b->ReadBlocks(b, b->Media->MediaId, lba, count * dev->sector_size, buf);
		if (s != EFI_SUCCESS)
			return pb_error(PB_ERR_IO, "%s: %s of %llu sectors at %llu: %s", dev->name, wr ? "write" : "read",
					(unsigned long long)count, (unsigned long long)lba, efi_status_str(s));
		return PB_OK;
	}
	if (!bounce && !(bounce = pb_heap_alloc(BOUNCE_BYTES, 4096)))
		return pb_error(PB_ERR_NOMEM, "%s: no memory for an aligned buffer", dev->name);
	for (uint64_t done = 0; done < count;) {
		uint64_t n = PB_MIN(count - done, per);
		uint8_t *p = (uint8_t *)buf + done * dev->sector_size;
		EFI_STATUS s;
		if (wr)
			memcpy(bounce, p, n * dev->sector_size);
		s = wr ? b->WriteBlocks(b, b->Media->MediaId, lba + done, n * dev->sector_size, bounce)
		       : b->ReadBlocks(b, b->Media->MediaId, lba + done, n * dev->sector_size, bounce);
		if (s != EFI_SUCCESS)
			return pb_error(PB_ERR_IO, "%s: %s at sector %llu: %s", dev->name, wr ? "write" : "read",
					(unsigned long long)(lba + done), efi_status_str(s));
		if (!wr)
			memcpy(p, bounce, n * dev->sector_size);
		done += n;
	}
	return PB_OK;
}

static int disk_read(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf)
{
	return io(dev, lba, count, buf, false);
}

static int disk_write(struct blockdev *dev, uint64_t lba, uint64_t count, const void *buf)
{
	struct efi_disk *e = dev->priv;
	int rc = io(dev, lba, count, (void *)buf, true);
	EFI_STATUS s;

	if (rc == PB_OK && (s = e->bio->FlushBlocks(e->bio)) != EFI_SUCCESS)
		return pb_error(PB_ERR_IO, "%s: flush: %s", dev->name, efi_status_str(s));
	return rc;
}

static const struct blockdev_ops efi_disk_ops = { disk_read, disk_write };

/* Firmware may start a loader with only its own device connected (fast
 * boot policies; OVMF's -kernel path connects no disk at all), while the
 * configuration and the kernel may be on any disk: connect every handle's
 * drivers first, recursively, as the UEFI shell's "connect -r" does.
 * Handles already connected return at once. */
static void connect_all(void)
{
	EFI_HANDLE *h = NULL;
	UINTN n = 0;

	if (efi_bs->LocateHandleBuffer(AllHandles, NULL, NULL, &n, &h) != EFI_SUCCESS)
		return;
	for (UINTN i = 0; i < n; i++)
		efi_bs->ConnectController(h[i], NULL, NULL, TRUE);
	efi_bs->FreePool(h);
}

static int disks_probe(void *ctx, struct blockdev **out, int max, int *count)
{
	EFI_HANDLE *h = NULL;
	UINTN n = 0;
	EFI_STATUS s;
	struct efi_disk found[EFI_MAX_DISKS];
	int nf = 0, skipped = 0;

	(void)ctx;
	*count = 0;
	connect_all();
	s = efi_bs->LocateHandleBuffer(ByProtocol, &efi_blockio_guid, NULL, &n, &h);
	if (s != EFI_SUCCESS)
		return pb_error(PB_ERR_NOTFOUND, "no Block I/O devices: %s", efi_status_str(s));
	for (UINTN i = 0; i < n; i++) {
		void *bio = NULL;
		EFI_BLOCK_IO *b;
		if (efi_bs->HandleProtocol(h[i], &efi_blockio_guid, &bio) != EFI_SUCCESS)
			continue;
		b = bio;
		if (b->Media->LogicalPartition || !b->Media->MediaPresent)
			continue;
		if (b->Media->BlockSize != 512 && b->Media->BlockSize != 4096) {
			efi_printf("pvboot: skipping a disk with %u-byte blocks\n", b->Media->BlockSize);
			continue;
		}
		if (nf == EFI_MAX_DISKS || nf == max) {
			skipped++;
			continue;
		}
		found[nf++] = (struct efi_disk){ h[i], b,
						 efi_self->DeviceHandle && (h[i] == efi_self->DeviceHandle ||
									    on_disk(h[i], efi_self->DeviceHandle)) };
	}
	efi_bs->FreePool(h);
	if (skipped)
		efi_printf("pvboot: %d more disks not used (at most %d)\n", skipped, EFI_MAX_DISKS);
	/* The boot disk first, the others in firmware order. */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < nf; i++) {
			if (found[i].boot != (pass == 0))
				continue;
			struct efi_disk *e = &edisk[ndisks];
			struct blockdev *d = &devs[ndisks];
			*e = found[i];
			memset(d, 0, sizeof(*d));
			d->ops = &efi_disk_ops;
			pb_snprintf(d->name, sizeof(d->name), "hd%d", ndisks);
			d->sector_size = e->bio->Media->BlockSize;
			d->nr_sectors = e->bio->Media->LastBlock + 1;
			d->read_only = e->bio->Media->ReadOnly;
			d->priv = e;
			out[ndisks++] = d;
		}
	*count = ndisks;
	return PB_OK;
}

static void disks_describe(void *ctx, const struct blockdev *d, char *buf, size_t size)
{
	const struct efi_disk *e = d->priv;

	(void)ctx;
	pb_snprintf(buf, size, "%s%s%s", e->bio->Media->RemovableMedia ? ", removable" : "",
		    d->read_only ? ", read-only" : "", e->boot ? ", pvboot's own disk" : "");
}

static void disks_release(void *ctx)
{
	(void)ctx;
	for (int i = 0; i < ndisks; i++)
		if (!devs[i].read_only)
			edisk[i].bio->FlushBlocks(edisk[i].bio);
}

const struct plat_disks efi_disks = { NULL, disks_probe, disks_describe, disks_release };
