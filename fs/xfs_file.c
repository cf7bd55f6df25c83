/* XFS: reading file contents.  Each contiguous run of blocks is one
 * volume_read straight into the caller's buffer; holes and unwritten
 * (preallocated) extents read as zeros. */
#include "fs/xfs.h"
#include "loader/lib/err.h"

/* Read [off, off+len) through the block map.  holes_ok: zero-fill holes
 * (file data) or refuse them (directory and symlink blocks). */
static int read_runs(struct xfs_fs *x, const struct xfs_inode *in, uint64_t off, uint8_t *out,
		     size_t len, bool holes_ok)
{
	size_t done = 0;

	if (in->format == XFS_DINODE_FMT_LOCAL)
		return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: inline data where blocks were expected",
				(unsigned long long)in->ino);
	/* Bounded: every pass maps at least one block. */
	while (done < len) {
		uint64_t pos = off + done, lblk = pos >> x->block_log;
		uint32_t skip = (uint32_t)(pos & (x->block_size - 1));
		struct xfs_run run;
		int rc = xfs_map(x, in, lblk, &run);

		if (rc)
			return rc;
		uint64_t avail = run.count > (UINT64_MAX >> x->block_log) ? UINT64_MAX
									 : (run.count << x->block_log) - skip;
		size_t n = (size_t)PB_MIN(avail, (uint64_t)(len - done));
		if (run.kind == XFS_RUN_DATA) {
			rc = volume_read(&x->fs.vol, xfs_fsb_to_off(x, run.fsblock) + skip, out + done, n);
			if (rc)
				return rc;
		} else if (holes_ok) {
			memset(out + done, 0, n);
		} else {
			return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: byte %llu of its metadata is not allocated",
					(unsigned long long)in->ino, (unsigned long long)pos);
		}
		done += n;
	}
	return PB_OK;
}

int xfs_read_data(struct xfs_fs *x, const struct xfs_inode *in, uint64_t off, void *buf,
		  size_t len, size_t *got)
{
	int rc;

	*got = 0;
	if (off >= in->size)
		return PB_OK;
	if (len > in->size - off)
		len = (size_t)(in->size - off);
	if (in->format == XFS_DINODE_FMT_LOCAL) {
		memcpy(buf, xfs_fork(in) + off, len); /* size <= fork_len: xfs_read_inode */
		*got = len;
		return PB_OK;
	}
	rc = read_runs(x, in, off, buf, len, true);
	if (rc == PB_OK)
		*got = len;
	return rc;
}

int xfs_read_mapped(struct xfs_fs *x, const struct xfs_inode *in, uint64_t off, void *buf, size_t len)
{
	return read_runs(x, in, off, buf, len, false);
}
