/* XFS: mapping file blocks through the data fork, whether it holds the
 * extent records itself (extents format) or the root of a B+tree of them
 * (btree format; on disk "BMAP" blocks, "BMA3" with a CRC header on v5). */
#include "fs/xfs.h"
#include "loader/lib/err.h"

#define BMAP_MAGIC 0x424d4150u  /* "BMAP" */
#define BMAP3_MAGIC 0x424d4133u /* "BMA3" */
#define LBLOCK_HDR_V4 24
#define LBLOCK_HDR_V5 72
#define LBLOCK_CRC_OFF 64
#define REC_SIZE 16

struct rec {
	uint64_t off, blk, count;
	bool unwritten;
};

/* A 128-bit extent record: flag:1, startoff:54, startblock:52, count:21. */
static void decode_rec(const uint8_t *p, struct rec *r)
{
	uint64_t l0 = pb_be64(p), l1 = pb_be64(p + 8);

	r->unwritten = l0 >> 63;
	r->off = (l0 & ~(1ull << 63)) >> 9;
	r->blk = (l0 & 0x1ff) << 43 | l1 >> 21;
	r->count = l1 & ((1ull << 21) - 1);
}

/* lblk in n sorted records; bound: where the next subtree starts (the
 * hole after the last record ends there). */
static int map_recs(const struct xfs_fs *x, const struct xfs_inode *in, const uint8_t *recs,
		    uint32_t n, uint64_t lblk, uint64_t bound, struct xfs_run *run)
{
	uint32_t lo = 0, hi = n;
	struct rec r;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		decode_rec(recs + (size_t)mid * REC_SIZE, &r);
		if (r.off <= lblk)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0) {
		decode_rec(recs + (size_t)(lo - 1) * REC_SIZE, &r);
		if (r.count == 0 || !xfs_fsb_ok(x, r.blk, r.count))
			return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: extent record %u (block %llu, %llu blocks) is outside the filesystem",
					(unsigned long long)in->ino, lo - 1, (unsigned long long)r.blk,
					(unsigned long long)r.count);
		if (lblk < r.off + r.count) {
			run->kind = r.unwritten ? XFS_RUN_UNWRITTEN : XFS_RUN_DATA;
			run->fsblock = r.blk + (lblk - r.off);
			run->count = r.off + r.count - lblk;
			return PB_OK;
		}
	}
	if (lo < n) {
		decode_rec(recs + (size_t)lo * REC_SIZE, &r);
		bound = PB_MIN(bound, r.off);
	}
	if (bound <= lblk)
		return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: extent records out of order near file block %llu",
				(unsigned long long)in->ino, (unsigned long long)lblk);
	run->kind = XFS_RUN_HOLE;
	run->fsblock = 0;
	run->count = bound - lblk;
	return PB_OK;
}

/* Check one B+tree block of the data fork at the level we expect. */
static int check_block(struct xfs_fs *x, const struct xfs_inode *in, uint64_t fsblock,
		       const uint8_t *b, uint32_t *checked, uint16_t level, uint32_t *numrecs)
{
	unsigned long long ino = (unsigned long long)in->ino, blk = (unsigned long long)fsblock;
	uint32_t hdr = x->crc ? LBLOCK_HDR_V5 : LBLOCK_HDR_V4;
	uint32_t magic = x->crc ? BMAP3_MAGIC : BMAP_MAGIC;
	uint32_t maxrecs = (x->block_size - hdr) / REC_SIZE; /* node: key + ptr, leaf: a record */

	if (pb_be32(b) != magic)
		return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: extent B+tree block %llu: bad magic 0x%08x",
				ino, blk, pb_be32(b));
	if (*checked != magic && x->crc) {
		if (!xfs_crc_ok(b, x->block_size, LBLOCK_CRC_OFF))
			return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: extent B+tree block %llu: checksum mismatch",
					ino, blk);
		if (pb_be64(b + 24) != xfs_fsb_to_off(x, fsblock) >> 9)
			return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: extent B+tree block %llu: records itself at sector %llu",
					ino, blk, (unsigned long long)pb_be64(b + 24));
		if (xfs_check_hdr(x, "extent B+tree block", fsblock, b + 40, pb_be64(b + 56), in->ino))
			return PB_ERR_CORRUPT;
	}
	*checked = magic;
	*numrecs = pb_be16(b + 6);
	if (pb_be16(b + 4) != level)
		return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: extent B+tree block %llu: level %u, expected %u",
				ino, blk, pb_be16(b + 4), level);
	if (*numrecs == 0 || *numrecs > maxrecs)
		return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: extent B+tree block %llu: %u records (max %u)",
				ino, blk, *numrecs, maxrecs);
	return PB_OK;
}

/* One node: keys[n] (first file block of each subtree) then, maxrecs keys
 * on, ptrs[n].  Narrows *bound; *child 0 means lblk is in the hole before
 * the first subtree (run filled in). */
static int node_step(const struct xfs_fs *x, const struct xfs_inode *in, const uint8_t *keys,
		     const uint8_t *ptrs, uint32_t n, uint64_t lblk, uint64_t *bound,
		     uint64_t *child, struct xfs_run *run)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (pb_be64(keys + (size_t)mid * 8) <= lblk)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n)
		*bound = PB_MIN(*bound, pb_be64(keys + (size_t)lo * 8));
	if (*bound <= lblk)
		return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: extent B+tree keys out of order near file block %llu",
				(unsigned long long)in->ino, (unsigned long long)lblk);
	if (lo == 0) {
		run->kind = XFS_RUN_HOLE;
		run->fsblock = 0;
		run->count = *bound - lblk;
		*child = 0;
		return PB_OK;
	}
	*child = pb_be64(ptrs + (size_t)(lo - 1) * 8);
	if (*child == 0 || !xfs_fsb_ok(x, *child, 1))
		return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: extent B+tree pointer to block %llu",
				(unsigned long long)in->ino, (unsigned long long)*child);
	return PB_OK;
}

static int map_btree(struct xfs_fs *x, const struct xfs_inode *in, uint64_t lblk, struct xfs_run *run)
{
	const uint8_t *root = xfs_fork(in), *b;
	uint16_t level = pb_be16(root);
	uint32_t n = pb_be16(root + 2), maxrecs = (in->fork_len - 4) / 16;
	uint32_t hdr = x->crc ? LBLOCK_HDR_V5 : LBLOCK_HDR_V4;
	uint32_t node_max = (x->block_size - hdr) / 16;
	uint64_t bound = UINT64_MAX, child;
	uint32_t *checked;
	int rc;

	if (level == 0 || level > XFS_BMBT_MAXLEVELS || n == 0 || n > maxrecs)
		return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: extent B+tree root: level %u, %u records (max %u)",
				(unsigned long long)in->ino, level, n, maxrecs);
	rc = node_step(x, in, root + 4, root + 4 + (size_t)maxrecs * 8, n, lblk, &bound, &child, run);
	/* Each step goes one level down: at most XFS_BMBT_MAXLEVELS blocks. */
	while (rc == PB_OK && child) {
		level--;
		rc = xfs_block(x, child, &b, &checked);
		if (rc == PB_OK)
			rc = check_block(x, in, child, b, checked, level, &n);
		if (rc)
			break;
		if (level == 0)
			return map_recs(x, in, b + hdr, n, lblk, bound, run);
		rc = node_step(x, in, b + hdr, b + hdr + (size_t)node_max * 8, n, lblk, &bound, &child, run);
	}
	return rc;
}

int xfs_map(struct xfs_fs *x, const struct xfs_inode *in, uint64_t lblk, struct xfs_run *run)
{
	if (in->format == XFS_DINODE_FMT_EXTENTS)
		return map_recs(x, in, xfs_fork(in), (uint32_t)in->nextents, lblk, UINT64_MAX, run);
	if (in->format == XFS_DINODE_FMT_BTREE)
		return map_btree(x, in, lblk, run);
	return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: data fork format %u has no block map",
			(unsigned long long)in->ino, in->format);
}
