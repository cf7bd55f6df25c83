/* XFS: directory iteration in every format.  Short-form directories live
 * in the inode; block, leaf, node and B+tree directories all keep their
 * entries in data blocks below XFS_DIR_LEAF_OFFSET, with hash indexes
 * above it.  A linear scan of the data blocks sees every entry of all of
 * them, so the indexes are never needed (lookups are by scan too). */
#include "fs/xfs.h"
#include "loader/lib/err.h"

#define DIR2_BLOCK_MAGIC 0x58443242u /* "XD2B": single-block directory */
#define DIR2_DATA_MAGIC 0x58443244u  /* "XD2D" */
#define DIR3_BLOCK_MAGIC 0x58444233u /* "XDB3" */
#define DIR3_DATA_MAGIC 0x58444433u  /* "XDD3" */
#define DIR2_DATA_HDR 16
#define DIR3_DATA_HDR 64
#define DIR3_CRC_OFF 4
#define DIR_FREE_TAG 0xffff

static enum fs_type ftype_to_type(const struct xfs_fs *x, uint8_t t)
{
	if (!x->ftype)
		return FS_OTHER;
	switch (t) {
	case 1: return FS_REG;
	case 2: return FS_DIR;
	case 7: return FS_SYMLINK;
	}
	return FS_OTHER;
}

static int emit(const struct xfs_fs *x, const struct xfs_inode *dir, const uint8_t *name,
		uint32_t len, uint64_t ino, enum fs_type type, fs_dirent_cb cb, void *ctx)
{
	char buf[FS_NAME_MAX + 1];

	if (len == 0 || len > FS_NAME_MAX || memchr(name, '\0', len) || memchr(name, '/', len))
		return pb_error(PB_ERR_CORRUPT, "xfs: directory inode %llu: bad name of %u bytes",
				(unsigned long long)dir->ino, len);
	if (!xfs_ino_ok(x, ino))
		return pb_error(PB_ERR_CORRUPT, "xfs: directory inode %llu: entry points to inode %llu",
				(unsigned long long)dir->ino, (unsigned long long)ino);
	memcpy(buf, name, len);
	buf[len] = '\0';
	return cb(ctx, buf, ino, type);
}

/* Short form: count, i8count, parent; then per entry namelen, a 2-byte
 * offset hint, the name, [ftype], and a 4-byte (8 if i8count) inode. */
static int iterate_short(struct xfs_fs *x, const struct xfs_inode *dir, fs_dirent_cb cb, void *ctx)
{
	const uint8_t *d = xfs_fork(dir);
	size_t len = (size_t)dir->size, isize, p;
	uint32_t count;
	int rc;

	if (len < 6)
		return pb_error(PB_ERR_CORRUPT, "xfs: directory inode %llu: short-form header of %zu bytes",
				(unsigned long long)dir->ino, len);
	count = d[0];
	isize = d[1] ? 8 : 4;
	if (!pb_range_ok(2, isize, len))
		return pb_error(PB_ERR_CORRUPT, "xfs: directory inode %llu: short-form header of %zu bytes",
				(unsigned long long)dir->ino, len);
	rc = cb(ctx, ".", dir->ino, FS_DIR);
	if (rc == 0) {
		uint64_t parent = isize == 8 ? pb_be64(d + 2) : pb_be32(d + 2);
		rc = emit(x, dir, (const uint8_t *)"..", 2, parent, FS_DIR, cb, ctx);
	}
	p = 2 + isize;
	for (uint32_t i = 0; rc == 0 && i < count; i++) {
		uint32_t nlen = p < len ? d[p] : 0;
		size_t tsize = x->ftype ? 1 : 0, esize = 3 + nlen + tsize + isize;

		if (!pb_range_ok(p, esize, len))
			return pb_error(PB_ERR_CORRUPT, "xfs: directory inode %llu: short-form entry %u runs past its %zu bytes",
					(unsigned long long)dir->ino, i, len);
		const uint8_t *e = d + p;
		uint64_t ino = isize == 8 ? pb_be64(e + 3 + nlen + tsize) : pb_be32(e + 3 + nlen + tsize);
		rc = emit(x, dir, e + 3, nlen, ino, ftype_to_type(x, tsize ? e[3 + nlen] : 0), cb, ctx);
		p += esize;
	}
	return rc;
}

/* Header checks of one directory data block; *end is where its entries
 * stop (a single-block directory keeps its hash leaf and tail at the end). */
static int check_data_block(struct xfs_fs *x, const struct xfs_inode *dir, const uint8_t *b,
			    uint64_t off, uint64_t first_fsb, uint32_t *hdr, uint32_t *end)
{
	unsigned long long ino = (unsigned long long)dir->ino, o = (unsigned long long)off;
	uint32_t magic = pb_be32(b), size = x->dir_blk_size;
	bool block_form;

	if (x->crc) {
		if (magic != DIR3_BLOCK_MAGIC && magic != DIR3_DATA_MAGIC)
			return pb_error(PB_ERR_CORRUPT, "xfs: directory inode %llu: data block at %llu: bad magic 0x%08x",
					ino, o, magic);
		if (!xfs_crc_ok(b, size, DIR3_CRC_OFF))
			return pb_error(PB_ERR_CORRUPT, "xfs: directory inode %llu: data block at %llu: checksum mismatch",
					ino, o);
		if (pb_be64(b + 8) != xfs_fsb_to_off(x, first_fsb) >> 9)
			return pb_error(PB_ERR_CORRUPT, "xfs: directory inode %llu: data block at %llu records itself at sector %llu",
					ino, o, (unsigned long long)pb_be64(b + 8));
		if (xfs_check_hdr(x, "directory block", off, b + 24, pb_be64(b + 40), dir->ino))
			return PB_ERR_CORRUPT;
		block_form = magic == DIR3_BLOCK_MAGIC;
		*hdr = DIR3_DATA_HDR;
	} else {
		if (magic != DIR2_BLOCK_MAGIC && magic != DIR2_DATA_MAGIC)
			return pb_error(PB_ERR_CORRUPT, "xfs: directory inode %llu: data block at %llu: bad magic 0x%08x",
					ino, o, magic);
		block_form = magic == DIR2_BLOCK_MAGIC;
		*hdr = DIR2_DATA_HDR;
	}
	*end = size;
	if (block_form) {
		uint64_t leaf = (uint64_t)pb_be32(b + size - 8) * 8 + 8;
		if (off != 0 || !pb_range_ok(*hdr, leaf, size))
			return pb_error(PB_ERR_CORRUPT, "xfs: directory inode %llu: single-block directory at %llu with %u hash entries",
					ino, o, pb_be32(b + size - 8));
		*end = size - (uint32_t)leaf;
	}
	return PB_OK;
}

/* Entries: inode (8), namelen, name, [ftype], padding to 8, a 2-byte tag
 * (the entry's own offset); free space: 0xffff, length, ..., tag. */
static int walk_data_block(struct xfs_fs *x, const struct xfs_inode *dir, const uint8_t *b,
			   uint64_t off, uint32_t p, uint32_t end, fs_dirent_cb cb, void *ctx)
{
	uint32_t tsize = x->ftype ? 1 : 0;

	while (p < end) {
		uint32_t esize;
		int rc = 0;

		if (!pb_range_ok(p, 8, end))
			break;
		if (pb_be16(b + p) == DIR_FREE_TAG) {
			esize = pb_be16(b + p + 2);
			if (esize < 8 || esize % 8 || !pb_range_ok(p, esize, end))
				return pb_error(PB_ERR_CORRUPT, "xfs: directory inode %llu: block at %llu: free space of %u bytes at %u",
						(unsigned long long)dir->ino, (unsigned long long)off, esize, p);
		} else {
			/* The name length is the byte after the inode number: a
			 * data block's last 8 bytes hold no entry (its end is the
			 * buffer's end), so it is read only when it is there. */
			uint32_t nlen = pb_range_ok(p, 9, end) ? b[p + 8] : 0;
			esize = (8 + 1 + nlen + tsize + 2 + 7) & ~7u;
			if (!pb_range_ok(p, esize, end) || pb_be16(b + p + esize - 2) != p)
				return pb_error(PB_ERR_CORRUPT, "xfs: directory inode %llu: block at %llu: bad entry at %u (name of %u bytes)",
						(unsigned long long)dir->ino, (unsigned long long)off, p, nlen);
			rc = emit(x, dir, b + p + 9, nlen, pb_be64(b + p),
				  ftype_to_type(x, tsize ? b[p + 9 + nlen] : 0), cb, ctx);
		}
		if (rc)
			return rc;
		p += esize;
	}
	return PB_OK;
}

static int iterate_blocks(struct xfs_fs *x, const struct xfs_inode *dir, fs_dirent_cb cb, void *ctx)
{
	uint32_t dbs = x->dir_blk_size;
	uint8_t *b;
	int rc = PB_OK;

	if (dir->size % dbs || dir->size > XFS_DIR_LEAF_OFFSET)
		return pb_error(PB_ERR_CORRUPT, "xfs: directory inode %llu: size %llu (blocks of %u)",
				(unsigned long long)dir->ino, (unsigned long long)dir->size, dbs);
	b = malloc(dbs);
	if (!b)
		return pb_error(PB_ERR_NOMEM, "xfs: out of memory");
	/* Bounded: each pass moves on by a directory block or a whole hole. */
	for (uint64_t off = 0; off < dir->size && rc == PB_OK;) {
		struct xfs_run run;
		uint32_t hdr = 0, end = 0;

		rc = xfs_map(x, dir, off >> x->block_log, &run);
		if (rc)
			break;
		if (run.kind != XFS_RUN_DATA) {
			/* Emptied data blocks are freed: the directory has holes. */
			if (run.count >= (dir->size - off) >> x->block_log)
				break;
			off += run.count << x->block_log;
			off = (off + dbs - 1) / dbs * dbs;
			continue;
		}
		rc = xfs_read_mapped(x, dir, off, b, dbs);
		if (rc == PB_OK)
			rc = check_data_block(x, dir, b, off, run.fsblock, &hdr, &end);
		if (rc == PB_OK)
			rc = walk_data_block(x, dir, b, off, hdr, end, cb, ctx);
		off += dbs;
	}
	free(b);
	return rc;
}

int xfs_iterate_dir(struct xfs_fs *x, const struct xfs_inode *dir, fs_dirent_cb cb, void *ctx)
{
	if (xfs_type(dir->mode) != FS_DIR)
		return pb_error(PB_ERR_NOTDIR, "xfs: inode %llu is not a directory", (unsigned long long)dir->ino);
	if (dir->format == XFS_DINODE_FMT_LOCAL)
		return iterate_short(x, dir, cb, ctx);
	return iterate_blocks(x, dir, cb, ctx);
}
