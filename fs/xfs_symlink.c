/* XFS: symlink targets, inline in the inode (local) or in blocks (remote).
 * On v5 each extent of a remote target starts with an "XSLM" header that
 * says which bytes of the target follow, with a CRC over the extent. */
#include "fs/xfs.h"
#include "loader/lib/err.h"

#define SYMLINK_MAXLEN 1024
#define SYMLINK_MAGIC 0x58534c4du /* "XSLM" */
#define SYMLINK_HDR 56
#define SYMLINK_CRC_OFF 12 /* magic, offset, bytes, crc, uuid, owner, blkno, lsn */
#define SYMLINK_MAX_EXTENT_BLOCKS 8 /* a 1024-byte target needs at most 3 */

static int check_header(struct xfs_fs *x, const struct xfs_inode *in, const uint8_t *b, size_t len,
			uint64_t fsblock, uint32_t done, uint32_t *bytes)
{
	unsigned long long ino = (unsigned long long)in->ino;

	if (pb_be32(b) != SYMLINK_MAGIC)
		return pb_error(PB_ERR_CORRUPT, "xfs: symlink inode %llu: bad magic 0x%08x", ino, pb_be32(b));
	if (!xfs_crc_ok(b, len, SYMLINK_CRC_OFF))
		return pb_error(PB_ERR_CORRUPT, "xfs: symlink inode %llu: block %llu: checksum mismatch", ino,
				(unsigned long long)fsblock);
	if (pb_be64(b + 40) != xfs_fsb_to_off(x, fsblock) >> 9)
		return pb_error(PB_ERR_CORRUPT, "xfs: symlink inode %llu: block %llu records itself elsewhere",
				ino, (unsigned long long)fsblock);
	if (xfs_check_hdr(x, "symlink block", fsblock, b + 16, pb_be64(b + 32), in->ino))
		return PB_ERR_CORRUPT;
	*bytes = pb_be32(b + 8);
	if (pb_be32(b + 4) != done || *bytes == 0 || !pb_range_ok(SYMLINK_HDR, *bytes, len) ||
	    !pb_range_ok(done, *bytes, in->size))
		return pb_error(PB_ERR_CORRUPT, "xfs: symlink inode %llu: block %llu holds bytes %u+%u of %llu",
				ino, (unsigned long long)fsblock, pb_be32(b + 4), *bytes,
				(unsigned long long)in->size);
	return PB_OK;
}

/* Extent by extent (as the kernel wrote them), each with its header. */
static int read_remote(struct xfs_fs *x, const struct xfs_inode *in, char *out)
{
	uint32_t done = 0;
	uint64_t lblk = 0;

	while (done < in->size) {
		struct xfs_run run;
		uint32_t bytes = 0;
		uint8_t *b;
		size_t len;
		int rc = xfs_map(x, in, lblk, &run);

		if (rc)
			return rc;
		if (run.kind != XFS_RUN_DATA || run.count > SYMLINK_MAX_EXTENT_BLOCKS)
			return pb_error(PB_ERR_CORRUPT, "xfs: symlink inode %llu: file block %llu is not a short allocated extent",
					(unsigned long long)in->ino, (unsigned long long)lblk);
		len = (size_t)run.count << x->block_log;
		b = malloc(len);
		if (!b)
			return pb_error(PB_ERR_NOMEM, "xfs: out of memory");
		rc = volume_read(&x->fs.vol, xfs_fsb_to_off(x, run.fsblock), b, len);
		if (rc == PB_OK)
			rc = check_header(x, in, b, len, run.fsblock, done, &bytes);
		if (rc == PB_OK) {
			memcpy(out + done, b + SYMLINK_HDR, bytes);
			done += bytes;
		}
		free(b);
		if (rc)
			return rc;
		lblk += run.count;
	}
	return PB_OK;
}

int xfs_readlink(struct xfs_fs *x, const struct xfs_inode *in, char *buf, size_t size)
{
	size_t got;
	int rc;

	if (xfs_type(in->mode) != FS_SYMLINK)
		return pb_error(PB_ERR_INVAL, "xfs: inode %llu is not a symlink", (unsigned long long)in->ino);
	if (in->size == 0 || in->size > SYMLINK_MAXLEN)
		return pb_error(PB_ERR_CORRUPT, "xfs: symlink inode %llu is %llu bytes long",
				(unsigned long long)in->ino, (unsigned long long)in->size);
	if (in->size >= size)
		return pb_error(PB_ERR_LIMIT, "xfs: symlink inode %llu is %llu bytes long",
				(unsigned long long)in->ino, (unsigned long long)in->size);
	if (in->format == XFS_DINODE_FMT_LOCAL || !x->crc) {
		rc = xfs_read_data(x, in, 0, buf, (size_t)in->size, &got);
		if (rc == PB_OK && got != in->size)
			rc = pb_error(PB_ERR_CORRUPT, "xfs: symlink inode %llu: short read", (unsigned long long)in->ino);
	} else {
		rc = read_remote(x, in, buf);
	}
	if (rc == PB_OK)
		buf[in->size] = '\0';
	return rc;
}
