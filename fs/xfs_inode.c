/* XFS: inode numbers and the inode core (v1/v2 on v4 filesystems, v3 with
 * CRC on v5): mode, size, links, times, where the data fork is. */
#include "fs/xfs.h"
#include "loader/lib/err.h"

#define DINODE_MAGIC 0x494e /* "IN" */
#define DINODE_CRC_OFF 100
#define DINODE_V2_CORE 100 /* the data fork follows di_next_unlinked */
#define DINODE_V3_CORE 176
#define BIGTIME_EPOCH_OFFSET 2147483648ull /* bigtime counts from 1901-12-13 */

bool xfs_ino_ok(const struct xfs_fs *x, uint64_t ino)
{
	uint64_t agino_bits = (uint64_t)x->ag_blk_log + x->inop_blog;
	uint64_t agno = ino >> agino_bits;
	uint64_t agbno = (ino >> x->inop_blog) & ((1ull << x->ag_blk_log) - 1);

	if (ino == 0 || agno >= x->ag_count || agbno >= x->ag_blocks)
		return false;
	return xfs_fsb_ok(x, agno << x->ag_blk_log | agbno, 1);
}

enum fs_type xfs_type(uint16_t mode)
{
	switch (mode & 0xF000) {
	case 0x8000: return FS_REG;
	case 0x4000: return FS_DIR;
	case 0xA000: return FS_SYMLINK;
	}
	return FS_OTHER;
}

static uint64_t inode_mtime(const struct xfs_inode *in)
{
	const uint8_t *t = in->raw + 40;

	if (in->flags2 & XFS_DIFLAG2_BIGTIME) {
		uint64_t secs = pb_be64(t) / 1000000000u;
		return secs >= BIGTIME_EPOCH_OFFSET ? secs - BIGTIME_EPOCH_OFFSET : 0;
	}
	int32_t secs = (int32_t)pb_be32(t);
	return secs > 0 ? (uint64_t)secs : 0;
}

/* The data fork's format must fit its size and the inode's type. */
static int check_fork(const struct xfs_inode *in)
{
	enum fs_type type = xfs_type(in->mode);
	unsigned long long ino = (unsigned long long)in->ino;

	switch (in->format) {
	case XFS_DINODE_FMT_LOCAL:
		if (type != FS_DIR && type != FS_SYMLINK)
			return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: inline data fork on a non-directory", ino);
		if (in->size > in->fork_len)
			return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: %llu bytes of inline data in a %u-byte fork",
					ino, (unsigned long long)in->size, in->fork_len);
		return PB_OK;
	case XFS_DINODE_FMT_EXTENTS:
		if (!pb_array_fits(0, in->nextents, 16, in->fork_len))
			return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: %llu extents in a %u-byte fork", ino,
					(unsigned long long)in->nextents, in->fork_len);
		return PB_OK;
	case XFS_DINODE_FMT_BTREE:
		if (in->fork_len < 4 + 16)
			return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: B+tree root in a %u-byte fork", ino,
					in->fork_len);
		return PB_OK;
	}
	if (type == FS_REG || type == FS_DIR || type == FS_SYMLINK)
		return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: data fork format %u", ino, in->format);
	return PB_OK; /* devices, fifos, sockets: nothing to read */
}

static int parse_inode(struct xfs_fs *x, struct xfs_inode *in)
{
	const uint8_t *r = in->raw;
	unsigned long long ino = (unsigned long long)in->ino;
	uint32_t core, forkoff;

	if (pb_be16(r) != DINODE_MAGIC)
		return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: bad magic 0x%04x", ino, pb_be16(r));
	in->version = r[4];
	if (in->version != (x->crc ? 3 : 2) && !(in->version == 1 && !x->crc))
		return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: version %u on a v%u filesystem", ino,
				in->version, x->version);
	if (in->version == 3) {
		if (!xfs_crc_ok(r, x->inode_size, DINODE_CRC_OFF))
			return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: checksum mismatch", ino);
		if (pb_be64(r + 152) != in->ino)
			return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: records itself as inode %llu", ino,
					(unsigned long long)pb_be64(r + 152));
		if (xfs_check_hdr(x, "inode", in->ino, r + 160, 0, 0))
			return PB_ERR_CORRUPT;
		in->flags2 = pb_be64(r + 120);
	}
	in->mode = pb_be16(r + 2);
	in->format = r[5];
	in->nlink = in->version == 1 ? pb_be16(r + 6) : pb_be32(r + 16);
	in->size = pb_be64(r + 56);
	in->nblocks = pb_be64(r + 64);
	in->nextents = (in->flags2 & XFS_DIFLAG2_NREXT64) ? pb_be64(r + 24) : pb_be32(r + 76);
	in->flags = pb_be16(r + 90);
	in->mtime = inode_mtime(in);
	if (in->size >> 63)
		return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: size %llu", ino, (unsigned long long)in->size);
	core = in->version == 3 ? DINODE_V3_CORE : DINODE_V2_CORE;
	forkoff = (uint32_t)r[82] * 8;
	if (forkoff >= x->inode_size - core)
		return pb_error(PB_ERR_CORRUPT, "xfs: inode %llu: attribute fork offset %u", ino, forkoff);
	in->fork_off = core;
	in->fork_len = forkoff ? forkoff : x->inode_size - core;
	return check_fork(in);
}

int xfs_read_inode(struct xfs_fs *x, uint64_t ino, struct xfs_inode *in)
{
	uint64_t fsblock;
	uint32_t index;
	const uint8_t *blk;
	int rc;

	if (!xfs_ino_ok(x, ino))
		return pb_error(PB_ERR_CORRUPT, "xfs: inode number %llu is outside the filesystem",
				(unsigned long long)ino);
	fsblock = ino >> x->inop_blog; /* agno << agblklog | agbno */
	index = (uint32_t)(ino & ((1u << x->inop_blog) - 1));
	rc = xfs_block(x, fsblock, &blk, NULL);
	if (rc)
		return rc;
	memset(in, 0, offsetof(struct xfs_inode, raw));
	in->ino = ino;
	memcpy(in->raw, blk + (size_t)index * x->inode_size, x->inode_size);
	rc = parse_inode(x, in);
	if (rc == PB_OK && in->mode == 0)
		rc = pb_error(PB_ERR_CORRUPT, "xfs: inode %llu is not in use", (unsigned long long)ino);
	if (rc == PB_OK && (in->flags & XFS_DIFLAG_REALTIME) && xfs_type(in->mode) == FS_REG)
		rc = pb_error(PB_ERR_UNSUPPORTED, "xfs: inode %llu: its data is on the realtime device",
			      (unsigned long long)ino);
	return rc;
}
