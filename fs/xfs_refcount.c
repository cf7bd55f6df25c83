/* XFS: the per-AG reference count B+tree (reflink filesystems), asked
 * only before an in-place write: a block shared by two files must not be
 * written through one of them.  Blocks with no record have one owner;
 * records exist for shared extents and (in their own key domain, bit 31
 * of the start) copy-on-write staging extents. */
#include "fs/xfs.h"
#include "loader/lib/err.h"

#define AGF_MAGIC 0x58414746u    /* "XAGF" */
#define AGF_CRC_OFF 216
#define REFC_MAGIC 0x52334643u   /* "R3FC" */
#define SBLOCK_HDR_V5 56
#define SBLOCK_CRC_OFF 52
#define REFC_REC 12
#define REFC_MAXLEVELS 9

static int read_agf(struct xfs_fs *x, uint32_t agno, uint32_t *root, uint32_t *levels)
{
	uint8_t *agf = malloc(x->sect_size);
	uint64_t off = ((uint64_t)agno * x->ag_blocks << x->block_log) + x->sect_size;
	int rc;

	if (!agf)
		return pb_error(PB_ERR_NOMEM, "xfs: out of memory");
	rc = volume_read(&x->fs.vol, off, agf, x->sect_size);
	if (rc == PB_OK && (pb_be32(agf) != AGF_MAGIC || pb_be32(agf + 8) != agno))
		rc = pb_error(PB_ERR_CORRUPT, "xfs: AG %u: bad free space header (AGF)", agno);
	if (rc == PB_OK && !xfs_crc_ok(agf, x->sect_size, AGF_CRC_OFF))
		rc = pb_error(PB_ERR_CORRUPT, "xfs: AG %u: AGF checksum mismatch", agno);
	if (rc == PB_OK && xfs_check_hdr(x, "AGF", agno, agf + 64, 0, 0))
		rc = PB_ERR_CORRUPT;
	if (rc == PB_OK) {
		*root = pb_be32(agf + 88);
		*levels = pb_be32(agf + 92);
		if (*root >= x->ag_blocks || *levels == 0 || *levels > REFC_MAXLEVELS)
			rc = pb_error(PB_ERR_CORRUPT, "xfs: AG %u: refcount B+tree root %u, %u levels", agno,
				      *root, *levels);
	}
	free(agf);
	return rc;
}

static int check_block(struct xfs_fs *x, uint32_t agno, uint64_t fsb, const uint8_t *b,
		       uint32_t *checked, uint32_t level, uint32_t *n)
{
	uint32_t maxrecs = level ? (x->block_size - SBLOCK_HDR_V5) / 8
				 : (x->block_size - SBLOCK_HDR_V5) / REFC_REC;

	if (pb_be32(b) != REFC_MAGIC)
		return pb_error(PB_ERR_CORRUPT, "xfs: AG %u: refcount B+tree block %llu: bad magic", agno,
				(unsigned long long)fsb);
	if (*checked != REFC_MAGIC) {
		if (!xfs_crc_ok(b, x->block_size, SBLOCK_CRC_OFF))
			return pb_error(PB_ERR_CORRUPT, "xfs: AG %u: refcount B+tree block %llu: checksum mismatch",
					agno, (unsigned long long)fsb);
		if (xfs_check_hdr(x, "refcount B+tree block", fsb, b + 32, 0, 0) || pb_be32(b + 48) != agno ||
		    pb_be64(b + 16) != xfs_fsb_to_off(x, fsb) >> 9)
			return pb_error(PB_ERR_CORRUPT, "xfs: AG %u: refcount B+tree block %llu: wrong owner or address",
					agno, (unsigned long long)fsb);
		*checked = REFC_MAGIC;
	}
	*n = pb_be16(b + 6);
	/* An empty tree is a root leaf with no records (nothing is shared). */
	if (pb_be16(b + 4) != level || (*n == 0 && level) || *n > maxrecs)
		return pb_error(PB_ERR_CORRUPT, "xfs: AG %u: refcount B+tree block %llu: level %u, %u records",
				agno, (unsigned long long)fsb, pb_be16(b + 4), *n);
	return PB_OK;
}

/* Last index in n sorted 4-byte keys (stride apart) that is <= v, or -1. */
static long last_le(const uint8_t *p, uint32_t n, size_t stride, uint32_t v)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (pb_be32(p + mid * stride) <= v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

int xfs_refcount_unshared(struct xfs_fs *x, uint64_t fsblock, uint64_t *count)
{
	uint32_t agno = (uint32_t)(fsblock >> x->ag_blk_log);
	uint32_t agbno = (uint32_t)(fsblock & ((1ull << x->ag_blk_log) - 1));
	uint32_t level = 0, ptr = 0, n = 0, *checked, node_max = (x->block_size - SBLOCK_HDR_V5) / 8;
	uint64_t bound = UINT32_MAX;
	const uint8_t *b;
	int rc = read_agf(x, agno, &ptr, &level);

	/* One block per level, from the root down: bounded by REFC_MAXLEVELS. */
	while (rc == PB_OK) {
		uint64_t fsb = (uint64_t)agno << x->ag_blk_log | ptr;
		level--;
		rc = xfs_block(x, fsb, &b, &checked);
		if (rc == PB_OK)
			rc = check_block(x, agno, fsb, b, checked, level, &n);
		if (rc)
			return rc;
		const uint8_t *p = b + SBLOCK_HDR_V5;
		if (level == 0) {
			long i = last_le(p, n, REFC_REC, agbno);
			if (i >= 0 && agbno - pb_be32(p + i * REFC_REC) < pb_be32(p + i * REFC_REC + 4)) {
				*count = 0; /* in a shared (or staging) extent */
				return PB_OK;
			}
			if (i + 1 < (long)n)
				bound = PB_MIN(bound, pb_be32(p + (i + 1) * REFC_REC));
			break;
		}
		long i = last_le(p, n, 4, agbno);
		if (i + 1 < (long)n)
			bound = PB_MIN(bound, pb_be32(p + (i + 1) * 4));
		ptr = pb_be32(p + (size_t)node_max * 4 + (size_t)(i < 0 ? 0 : i) * 4);
		if (ptr >= x->ag_blocks)
			return pb_error(PB_ERR_CORRUPT, "xfs: AG %u: refcount B+tree pointer to block %u", agno, ptr);
	}
	if (rc)
		return rc;
	if (bound <= agbno)
		return pb_error(PB_ERR_CORRUPT, "xfs: AG %u: refcount records out of order", agno);
	*count = PB_MIN(*count, bound - agbno);
	return PB_OK;
}
