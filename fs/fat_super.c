/* FAT: the boot sector (BPB), its FAT32 backup, FAT type and geometry, the
 * volume serial number and label. */
#include "fs/fat.h"
#include "loader/lib/err.h"

#define BOOT_READ 512 /* every BPB field lives in the first 512 bytes */

static bool pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

/* Decode and check the BPB in bs (BOOT_READ bytes).  PB_ERR_FORMAT if it
 * is not a BPB at all, PB_ERR_CORRUPT (with the reason) if it is one whose
 * geometry does not hold together, PB_ERR_UNSUPPORTED for a FAT32 version
 * we do not know. */
static int parse_bpb(struct fat_fs *f, const uint8_t *bs, uint64_t vol_size)
{
	uint32_t bps = pb_le16(bs + 11), spc = bs[13], reserved = pb_le16(bs + 14);
	uint32_t nfats = bs[16], root_entries = pb_le16(bs + 17);
	uint64_t total = pb_le16(bs + 19) ? pb_le16(bs + 19) : pb_le32(bs + 32);
	uint64_t fat_sectors = pb_le16(bs + 22) ? pb_le16(bs + 22) : pb_le32(bs + 36);
	uint8_t media = bs[21];
	bool fat32 = pb_le16(bs + 22) == 0;

	if (!pow2(bps) || bps < 512 || bps > 4096 || !pow2(spc) || reserved == 0 || nfats == 0 ||
	    nfats > 4 || (media != 0xF0 && media < 0xF8))
		return pb_error(PB_ERR_FORMAT, "not FAT");
	if ((uint64_t)bps * spc > FAT_CLUSTER_MAX)
		return pb_error(PB_ERR_UNSUPPORTED, "fat: clusters of %u bytes", bps * spc);
	if (total == 0 || fat_sectors == 0)
		return pb_error(PB_ERR_CORRUPT, "fat: boot sector: %llu sectors, %llu per FAT",
				(unsigned long long)total, (unsigned long long)fat_sectors);
	if (fat32 && root_entries != 0)
		return pb_error(PB_ERR_CORRUPT, "fat: FAT32 boot sector with %u fixed root entries",
				root_entries);
	if (fat32 && pb_le16(bs + 42) != 0)
		return pb_error(PB_ERR_UNSUPPORTED, "fat: FAT32 version %u.%u", bs[43], bs[42]);
	uint64_t root_sectors = ((uint64_t)root_entries * FAT_DIRENT + bps - 1) / bps;
	uint64_t meta = reserved + nfats * fat_sectors + root_sectors;
	if (meta >= total)
		return pb_error(PB_ERR_CORRUPT, "fat: %llu metadata sectors of %llu", (unsigned long long)meta,
				(unsigned long long)total);
	if (!pb_array_fits(0, total, bps, vol_size))
		return pb_error(PB_ERR_CORRUPT, "fat: %llu sectors of %u bytes do not fit the %llu-byte volume",
				(unsigned long long)total, bps, (unsigned long long)vol_size);
	uint64_t clusters = (total - meta) / spc;
	/* As Linux: FAT32 is said by the BPB's shape, FAT12 against FAT16 by
	 * the cluster count (the specification's thresholds). */
	f->bits = fat32 ? 32 : clusters < 4085 ? 12 : 16;
	uint64_t fat_entries = fat_sectors * bps * 8 / f->bits;
	/* FAT16 numbers from 0xFFF7 up mean bad or end of chain. */
	if (clusters == 0 || clusters > (f->bits == 16 ? 0xFFF4u : 0x0FFFFFF5u) ||
	    !pb_range_ok(2, clusters, fat_entries))
		return pb_error(PB_ERR_CORRUPT, "fat: %llu clusters, room for %llu in a FAT of %llu sectors",
				(unsigned long long)clusters, (unsigned long long)fat_entries,
				(unsigned long long)fat_sectors);
	f->sector_size = bps;
	f->cluster_size = bps * spc;
	f->fat_bytes = fat_sectors * bps;
	f->fat_off = (uint64_t)reserved * bps;
	f->root_off = (reserved + nfats * fat_sectors) * bps;
	f->root_entries = root_entries;
	f->data_off = meta * bps;
	f->clusters = (uint32_t)clusters;
	if (fat32) {
		uint16_t ext = pb_le16(bs + 40);
		/* Mirroring off: only the active FAT (bits 0-3) is current. */
		if (ext & 0x80) {
			if ((ext & 0xF) >= nfats)
				return pb_error(PB_ERR_CORRUPT, "fat: active FAT %u of %u", ext & 0xF, nfats);
			f->fat_off += (ext & 0xF) * f->fat_bytes;
		}
		f->root_cluster = pb_le32(bs + 44);
		if (f->root_cluster < 2 || f->root_cluster >= f->clusters + 2)
			return pb_error(PB_ERR_CORRUPT, "fat: root directory at cluster %u of %u", f->root_cluster,
					f->clusters);
	}
	return PB_OK;
}

/* GRUB and blkid print the 32-bit serial number as XXXX-XXXX. */
static void set_uuid(struct fat_fs *f, const uint8_t *bs)
{
	uint32_t off = f->bits == 32 ? 67 : 39, sig = f->bits == 32 ? 66 : 38;

	if (bs[sig] != 0x29 && bs[sig] != 0x28)
		return; /* no extended boot signature: no serial number */
	uint32_t id = pb_le32(bs + off);
	pb_snprintf(f->fs.uuid, sizeof(f->fs.uuid), "%04X-%04X", id >> 16, id & 0xFFFF);
}

/* The label is the root directory's volume-label entry (as GRUB and blkid
 * read it; the copy in the boot sector is often stale), trailing spaces cut. */
static int label_cb(void *ctx, const uint8_t *e, uint64_t ino)
{
	struct fat_fs *f = ctx;
	size_t n = 11;

	(void)ino;
	if (e[0] == 0xE5 || (e[11] & ~0x20) != FAT_ATTR_VOLUME) /* as GRUB: the archive bit aside */
		return 0;
	while (n && e[n - 1] == ' ')
		n--;
	memcpy(f->fs.label, e, n);
	f->fs.label[n] = '\0';
	if (n && (uint8_t)f->fs.label[0] == 0x05)
		f->fs.label[0] = (char)0xE5;
	return 1;
}

static void free_fs(struct fat_fs *f)
{
	free(f->win);
	free(f);
}

/* A FAT32 boot sector has a backup (normally at sector 6; its own BPB says
 * which sector size it was written with).  Tried only when the primary is
 * unusable; the backup must itself be FAT32 and say it is at sector 6. */
static int try_backup(struct fat_fs *f, const struct volume *vol, uint8_t *bs)
{
	for (uint32_t bps = 512; bps <= 4096; bps <<= 1) {
		if (!pb_range_ok(6ull * bps, BOOT_READ, vol->size) ||
		    volume_read(vol, 6ull * bps, bs, BOOT_READ) != PB_OK)
			continue;
		if (pb_le16(bs + 11) != bps || pb_le16(bs + 22) != 0 || pb_le16(bs + 50) != 6 ||
		    pb_le16(bs + 510) != 0xAA55)
			continue;
		if (parse_bpb(f, bs, vol->size) == PB_OK)
			return PB_OK;
	}
	return PB_ERR_FORMAT;
}

int fat_mount(const struct volume *vol, struct fs **out)
{
	uint8_t bs[BOOT_READ];
	struct fat_fs *f;
	int rc;

	if (vol->size < 64 * 512)
		return pb_error(PB_ERR_FORMAT, "volume too small for FAT");
	rc = volume_read(vol, 0, bs, sizeof(bs));
	if (rc)
		return rc;
	f = calloc(1, sizeof(*f));
	if (!f)
		return pb_error(PB_ERR_NOMEM, "fat: out of memory");
	rc = parse_bpb(f, bs, vol->size);
	if (rc == PB_ERR_FORMAT || rc == PB_ERR_CORRUPT) {
		char why[128];
		int first = rc;
		pb_strlcpy(why, pb_errmsg(), sizeof(why));
		if (try_backup(f, vol, bs) == PB_OK) {
			f->used_backup = true;
			rc = PB_OK;
		} else {
			rc = pb_error(first, "%s", why);
		}
	}
	if (rc == PB_OK) {
		f->win = malloc(FAT_WINDOW);
		if (!f->win)
			rc = pb_error(PB_ERR_NOMEM, "fat: out of memory");
	}
	if (rc) {
		free_fs(f);
		return rc;
	}
	f->fs.ops = &fat_ops;
	f->fs.vol = *vol;
	f->fs.root_ino = FAT_ROOT_INO;
	f->fs.priv = f;
	f->win_off = UINT64_MAX;
	set_uuid(f, bs);
	struct fat_node root = { .ino = FAT_ROOT_INO, .attr = FAT_ATTR_DIR };
	rc = fat_walk_raw(f, &root, label_cb, f);
	if (rc < 0) {
		free_fs(f);
		return rc;
	}
	*out = &f->fs;
	return PB_OK;
}

void fat_unmount(struct fs *fs)
{
	free_fs(fat_of(fs));
}
