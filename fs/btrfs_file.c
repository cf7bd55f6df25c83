/* btrfs: file contents from EXTENT_DATA items: inline, regular and
 * preallocated extents, compressed or not.  What no extent covers is a
 * hole (no-holes filesystems leave them out; older ones write explicit
 * extents with disk address 0), read as zeros, as is prealloc. */
#include "fs/btrfs.h"
#include "loader/lib/err.h"

#define EXTENT_INLINE_HEADER 21
#define EXTENT_ITEM_SIZE 53
#define EXTENT_INLINE 0
#define EXTENT_REG 1
#define EXTENT_PREALLOC 2
#define MAX_COMPRESSED (128u << 10) /* the kernel's limit, both sides */

/* The whole decompressed extent at disk_bytenr, through the one-entry cache. */
static int load_compressed(struct btrfs_fs *b, const uint8_t *d, uint64_t disk_bytenr,
			   uint64_t disk_len, uint64_t ram)
{
	uint8_t *in;
	int rc;

	if (b->zcache_bytenr == disk_bytenr && b->zcache_ram == ram)
		return PB_OK;
	if (disk_len == 0 || disk_len > MAX_COMPRESSED || ram > MAX_COMPRESSED)
		return pb_error(PB_ERR_CORRUPT, "btrfs: compressed extent at %llu: %llu bytes for %llu (at most %u)",
				(unsigned long long)disk_bytenr, (unsigned long long)disk_len,
				(unsigned long long)ram, MAX_COMPRESSED);
	if (!b->zcache && !(b->zcache = malloc(MAX_COMPRESSED)))
		return pb_error(PB_ERR_NOMEM, "btrfs: out of memory");
	in = malloc((size_t)disk_len);
	if (!in)
		return pb_error(PB_ERR_NOMEM, "btrfs: out of memory");
	b->zcache_bytenr = UINT64_MAX;
	rc = btrfs_read_logical(b, disk_bytenr, in, (size_t)disk_len);
	if (rc == PB_OK)
		rc = btrfs_decompress(b, d[16], in, (size_t)disk_len, b->zcache, (size_t)ram, &b->zcache_len);
	free(in);
	if (rc)
		return rc;
	/* Short output reads as zeros, as in the kernel. */
	memset(b->zcache + b->zcache_len, 0, (size_t)ram - b->zcache_len);
	b->zcache_bytenr = disk_bytenr;
	b->zcache_ram = ram;
	return PB_OK;
}

/* Copy the part of one extent item [eoff, ...) that falls in [off, off + len). */
static int read_extent(struct btrfs_fs *b, uint64_t obj, uint64_t eoff, const uint8_t *d, uint32_t ilen,
		       uint64_t off, uint8_t *buf, size_t len)
{
	uint64_t end = off + len;
	uint8_t type, comp;

	if (ilen < EXTENT_INLINE_HEADER)
		return pb_error(PB_ERR_CORRUPT, "btrfs: inode %llu: extent item of %u bytes",
				(unsigned long long)obj, ilen);
	type = d[20];
	comp = d[16];
	if (d[17] || pb_le16(d + 18))
		return pb_error(PB_ERR_UNSUPPORTED, "btrfs: inode %llu: encrypted or encoded extent at %llu",
				(unsigned long long)obj, (unsigned long long)eoff);
	if (type == EXTENT_INLINE) {
		const uint8_t *data = d + EXTENT_INLINE_HEADER;
		uint64_t n = ilen - EXTENT_INLINE_HEADER, ram = pb_le64(d + 8);
		uint8_t *tmp = NULL;
		size_t got;
		if (comp) {
			if (ram > MAX_COMPRESSED)
				return pb_error(PB_ERR_CORRUPT, "btrfs: inode %llu: inline extent of %llu bytes",
						(unsigned long long)obj, (unsigned long long)ram);
			tmp = calloc(1, (size_t)ram + 1);
			if (!tmp)
				return pb_error(PB_ERR_NOMEM, "btrfs: out of memory");
			int rc = btrfs_decompress(b, comp, data, (size_t)n, tmp, (size_t)ram, &got);
			if (rc) {
				free(tmp);
				return rc;
			}
			data = tmp;
			n = ram;
		}
		if (!pb_range_ok(eoff, n, UINT64_MAX)) {
			free(tmp);
			return pb_error(PB_ERR_CORRUPT, "btrfs: inode %llu: inline extent at %llu",
					(unsigned long long)obj, (unsigned long long)eoff);
		}
		if (eoff < end && eoff + n > off) {
			uint64_t s = PB_MAX(eoff, off), e = PB_MIN(eoff + n, end);
			memcpy(buf + (s - off), data + (s - eoff), (size_t)(e - s));
		}
		free(tmp);
		return PB_OK;
	}
	if (type != EXTENT_REG && type != EXTENT_PREALLOC)
		return pb_error(PB_ERR_CORRUPT, "btrfs: inode %llu: extent type %u", (unsigned long long)obj, type);
	if (ilen < EXTENT_ITEM_SIZE)
		return pb_error(PB_ERR_CORRUPT, "btrfs: inode %llu: extent item of %u bytes",
				(unsigned long long)obj, ilen);
	uint64_t disk = pb_le64(d + 21), disk_len = pb_le64(d + 29), eofs = pb_le64(d + 37);
	uint64_t num = pb_le64(d + 45), ram = pb_le64(d + 8);
	if (!pb_range_ok(eoff, num, UINT64_MAX))
		return pb_error(PB_ERR_CORRUPT, "btrfs: inode %llu: extent at %llu of %llu bytes",
				(unsigned long long)obj, (unsigned long long)eoff, (unsigned long long)num);
	if (type == EXTENT_PREALLOC || disk == 0 || eoff >= end || eoff + num <= off)
		return PB_OK; /* zeros, already there; or outside the range */
	uint64_t s = PB_MAX(eoff, off), e = PB_MIN(eoff + num, end);
	if (!comp) {
		/* Two additions, each checked: one test of the sum wrapped twice
		 * (disk + eofs, then the skip) and came back above disk. */
		if (!pb_range_ok(disk, eofs, UINT64_MAX) || !pb_range_ok(disk + eofs, s - eoff, UINT64_MAX))
			return pb_error(PB_ERR_CORRUPT, "btrfs: inode %llu: extent offset %llu",
					(unsigned long long)obj, (unsigned long long)eofs);
		return btrfs_read_logical(b, disk + eofs + (s - eoff), buf + (s - off), (size_t)(e - s));
	}
	if (!pb_range_ok(eofs, num, ram))
		return pb_error(PB_ERR_CORRUPT, "btrfs: inode %llu: compressed extent at %llu: bytes %llu+%llu of %llu",
				(unsigned long long)obj, (unsigned long long)eoff, (unsigned long long)eofs,
				(unsigned long long)num, (unsigned long long)ram);
	int rc = load_compressed(b, d, disk, disk_len, ram);
	if (rc)
		return rc;
	memcpy(buf + (s - off), b->zcache + eofs + (s - eoff), (size_t)(e - s));
	return PB_OK;
}

int btrfs_read_data(struct btrfs_fs *b, uint64_t ino, uint64_t size, uint64_t off, void *buf,
		    size_t len, size_t *got)
{
	const struct btrfs_root *rp;
	struct btrfs_root r;
	struct btrfs_key k;
	struct btrfs_path p;
	uint64_t obj;
	int rc = btrfs_split_ino(b, ino, &rp, &obj);

	*got = 0;
	if (rc)
		return rc;
	if (off >= size)
		return PB_OK;
	len = (size_t)PB_MIN((uint64_t)len, size - off);
	memset(buf, 0, len);
	r = *rp;
	/* The extent starting at or before off, or the first one after it. */
	k.objectid = obj;
	k.type = BTRFS_EXTENT_DATA_KEY;
	k.offset = off;
	rc = btrfs_search(b, &r, &k, &p);
	if (rc == PB_OK) {
		const uint8_t *d;
		uint32_t ilen;
		btrfs_item(&p, &k, &d, &ilen);
		if (k.objectid != obj || k.type != BTRFS_EXTENT_DATA_KEY)
			rc = btrfs_next(b, &p);
	} else if (rc == 1) {
		rc = p.lv[0].nritems ? PB_OK : 1;
	}
	while (rc == PB_OK) {
		const uint8_t *d;
		uint32_t ilen;

		btrfs_item(&p, &k, &d, &ilen);
		if (k.objectid != obj || k.type != BTRFS_EXTENT_DATA_KEY || k.offset >= off + len)
			break;
		rc = read_extent(b, obj, k.offset, d, ilen, off, buf, len);
		if (rc == PB_OK)
			rc = btrfs_next(b, &p);
	}
	btrfs_path_release(&p);
	if (rc < 0)
		return rc;
	*got = len;
	return PB_OK;
}
