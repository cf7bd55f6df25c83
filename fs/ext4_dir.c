/* ext4: directory iteration.  A linear scan of the directory's blocks (or
 * of its inline data); dir_index (htree) directories read correctly this
 * way because their index blocks look like one empty entry to a scanner. */
#include "fs/ext4.h"
#include "loader/lib/err.h"

#define DIRENT_HDR 8

static enum fs_type dirent_type(uint8_t t)
{
	switch (t) {
	case 1: return FS_REG;
	case 2: return FS_DIR;
	case 7: return FS_SYMLINK;
	}
	return FS_OTHER;
}

/* Walk the entries in buf[0, len): stop when cb says so. */
static int walk_entries(struct ext4_fs *e, const struct ext4_inode *dir, const uint8_t *buf,
			size_t len, uint64_t where, fs_dirent_cb cb, void *ctx)
{
	size_t off = 0;
	char name[FS_NAME_MAX + 1];

	while (pb_range_ok(off, DIRENT_HDR, len)) {
		const uint8_t *d = buf + off;
		uint32_t ino = pb_le32(d);
		uint32_t rec_len = pb_le16(d + 4);
		/* name_len is one byte whatever the features: ext2's 16-bit
		 * field only ever held names <= 255, and without filetype the
		 * second byte is not ours to read (tune2fs -O ^filetype leaves
		 * the types there until e2fsck clears them).  The kernel and
		 * libext2fs read it the same way. */
		uint32_t name_len = d[6];
		bool has_type = e->incompat & EXT4_FEATURE_INCOMPAT_FILETYPE;

		/* 64 KiB blocks: rec_len does not fit 16 bits, so the kernel folds
		 * its low bits (and 65536 is written as 0 or 65535). */
		if (e->block_size == 65536)
			rec_len = (rec_len == 0 || rec_len == 65535) ? 65536
				  : (rec_len & 65532) | ((rec_len & 3) << 16);
		if (rec_len < DIRENT_HDR || rec_len % 4 || !pb_range_ok(off, rec_len, len) ||
		    !pb_range_ok(DIRENT_HDR, name_len, rec_len))
			return pb_error(PB_ERR_CORRUPT,
					"ext4: directory inode %llu: bad entry at byte %llu (rec_len %u, name_len %u)",
					(unsigned long long)dir->ino, (unsigned long long)(where + off),
					rec_len, name_len);
		if (ino && name_len) {
			if (name_len > FS_NAME_MAX)
				return pb_error(PB_ERR_CORRUPT, "ext4: directory inode %llu: name of %u bytes",
						(unsigned long long)dir->ino, name_len);
			if (ino > e->inodes_count)
				return pb_error(PB_ERR_CORRUPT, "ext4: directory inode %llu: entry points to inode %u",
						(unsigned long long)dir->ino, ino);
			memcpy(name, d + DIRENT_HDR, name_len);
			name[name_len] = '\0';
			int stop = cb(ctx, name, ino, has_type ? dirent_type(d[7]) : FS_OTHER);
			if (stop)
				return stop;
		}
		off += rec_len;
	}
	return PB_OK;
}

static int iterate_inline(struct ext4_fs *e, const struct ext4_inode *dir, fs_dirent_cb cb, void *ctx)
{
	const uint8_t *a, *b;
	size_t alen, blen;
	int rc = ext4_inline_data(dir, &a, &alen, &b, &blen);

	if (rc)
		return rc;
	/* The first 4 bytes are the parent's inode number: report it as "..",
	 * checked as walk_entries checks an entry's (0 is an unused entry,
	 * left out as there). */
	uint32_t parent = pb_le32(a);
	if (parent > e->inodes_count)
		return pb_error(PB_ERR_CORRUPT, "ext4: directory inode %llu: parent is inode %u",
				(unsigned long long)dir->ino, parent);
	rc = cb(ctx, ".", dir->ino, FS_DIR);
	if (rc)
		return rc;
	rc = parent ? cb(ctx, "..", parent, FS_DIR) : PB_OK;
	if (rc)
		return rc;
	rc = walk_entries(e, dir, a + 4, alen - 4, 4, cb, ctx);
	if (rc || !b || !blen)
		return rc;
	return walk_entries(e, dir, b, blen, alen, cb, ctx);
}

int ext4_iterate_dir(struct ext4_fs *e, const struct ext4_inode *dir, fs_dirent_cb cb, void *ctx)
{
	uint8_t *blk;
	int rc = PB_OK;

	if (ext4_type(dir->mode) != FS_DIR)
		return pb_error(PB_ERR_NOTDIR, "ext4: inode %llu is not a directory", (unsigned long long)dir->ino);
	/* Every name in an encrypted directory is ciphertext (and any lookup
	 * would compare against it): refuse the whole directory. */
	rc = ext4_refuse_encrypted(dir);
	if (rc)
		return rc;
	if (dir->flags & EXT4_INLINE_DATA_FL)
		return iterate_inline(e, dir, cb, ctx);
	if (dir->size % e->block_size)
		return pb_error(PB_ERR_CORRUPT, "ext4: directory inode %llu: size %llu is not whole blocks",
				(unsigned long long)dir->ino, (unsigned long long)dir->size);
	blk = malloc(e->block_size);
	if (!blk)
		return pb_error(PB_ERR_NOMEM, "ext4: out of memory");
	/* Bounded: one pass over the directory's size, block by block. */
	for (uint64_t off = 0; off < dir->size && rc == PB_OK; off += e->block_size) {
		size_t got;
		rc = ext4_read_data(e, dir, off, blk, e->block_size, &got);
		if (rc == PB_OK)
			rc = walk_entries(e, dir, blk, got, off, cb, ctx);
	}
	free(blk);
	return rc;
}
