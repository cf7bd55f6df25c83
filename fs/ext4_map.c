/* ext4: logical to physical block mapping, through extent trees (ext4) or
 * the classic direct/indirect block map (ext2/3).  Both return a run of
 * contiguous blocks so that file reads become few, large device reads. */
#include "fs/ext4.h"
#include "loader/lib/err.h"

#define EXT_MAGIC 0xF30A
#define EXT_MAX_DEPTH 5
#define EXT_INIT_MAX_LEN 32768u
#define RUN_MAX 65536u /* blocks per returned run: bounds one device request */

/* Check an extent node header (in the inode, or a tree block). */
static int check_header(const struct ext4_inode *in, const uint8_t *h, size_t room,
			int expect_depth, uint16_t *entries)
{
	uint16_t n = pb_le16(h + 2), max = pb_le16(h + 4), depth = pb_le16(h + 6);

	if (pb_le16(h) != EXT_MAGIC)
		return pb_error(PB_ERR_CORRUPT, "ext4: inode %llu: bad extent header magic 0x%04x",
				(unsigned long long)in->ino, pb_le16(h));
	/* The header's 12 bytes, then max entries of 12 bytes in the node. */
	if (max == 0 || !pb_array_fits(12, max, 12, room) || n > max)
		return pb_error(PB_ERR_CORRUPT, "ext4: inode %llu: extent node with %u of %u entries",
				(unsigned long long)in->ino, n, max);
	if ((expect_depth < 0 && depth > EXT_MAX_DEPTH) || (expect_depth >= 0 && depth != expect_depth))
		return pb_error(PB_ERR_CORRUPT, "ext4: inode %llu: extent depth %u (expected %d, max %d)",
				(unsigned long long)in->ino, depth, expect_depth, EXT_MAX_DEPTH);
	/* Entries sorted by first logical block and, in a leaf, not
	 * overlapping (the kernel's ext4_valid_extent_entries): lookups that
	 * assume the order (the kernel's binary search, libext2fs's walk)
	 * and our linear scan would otherwise read different data. */
	uint64_t next = 0; /* the first block the next entry may start at */
	for (uint16_t i = 0; i < n; i++) {
		const uint8_t *ent = h + 12 + 12 * i;
		uint64_t first = pb_le32(ent);
		uint32_t len = pb_le16(ent + 4);

		if (first < next)
			return pb_error(PB_ERR_CORRUPT, "ext4: inode %llu: extent node entry %u (block %llu) is out of order",
					(unsigned long long)in->ino, i, (unsigned long long)first);
		if (depth == 0)
			next = first + (len > EXT_INIT_MAX_LEN ? len - EXT_INIT_MAX_LEN : len);
		else
			next = first + 1;
	}
	*entries = n;
	return PB_OK;
}

static int map_extent(struct ext4_fs *e, const struct ext4_inode *in, uint64_t lblk,
		      uint64_t *pblk, uint64_t *count)
{
	const uint8_t *node = in->raw + 40;
	size_t room = EXT4_N_BLOCKS * 4;
	int depth = -1;
	uint16_t n;
	int rc;

	if (lblk > UINT32_MAX) {
		*pblk = 0;
		*count = RUN_MAX;
		return PB_OK;
	}
	/* The first block the current subtree does not cover: a hole at the
	 * end of one leaf stops where the next index entry starts. */
	uint64_t bound = UINT64_MAX;

	rc = check_header(in, node, room, depth, &n);
	if (rc)
		return rc;
	depth = pb_le16(node + 6);
	/* Each level's depth must be exactly one less: a cycle cannot pass. */
	for (;;) {
		if (depth == 0)
			break;
		if (n == 0) {
			*pblk = 0;
			*count = RUN_MAX;
			return PB_OK;
		}
		/* The last entry starting at or before lblk; before the first
		 * one, the first (as the kernel's binary search): its subtree
		 * starts at that entry's block, which the check below holds it
		 * to, so lblk is a hole there unless the tree is corrupt. */
		int pick = 0;
		for (int i = 1; i < n; i++)
			if (pb_le32(node + 12 + 12 * i) <= lblk)
				pick = i;
		if (pick + 1 < n && pb_le32(node + 12 + 12 * (pick + 1)) < bound)
			bound = pb_le32(node + 12 + 12 * (pick + 1));
		const uint8_t *ix = node + 12 + 12 * pick;
		uint64_t child = pb_le32(ix + 4) | (uint64_t)pb_le16(ix + 8) << 32;
		uint32_t ix_first = pb_le32(ix); /* ix is in the parent's buffer */
		rc = ext4_block(e, child, &node);
		if (rc)
			return rc;
		room = e->block_size;
		rc = check_header(in, node, room, depth - 1, &n);
		if (rc)
			return rc;
		/* A node's first entry starts where its index entry says (the
		 * kernel checks it too): otherwise which blocks the subtree
		 * maps would depend on how a reader descends. */
		if (n && pb_le32(node + 12) != ix_first)
			return pb_error(PB_ERR_CORRUPT, "ext4: inode %llu: extent node at block %llu starts at block %u, its index entry at %u",
					(unsigned long long)in->ino, (unsigned long long)child,
					pb_le32(node + 12), ix_first);
		depth--;
	}
	uint64_t next_start = UINT64_MAX;
	for (int i = 0; i < n; i++) {
		const uint8_t *ex = node + 12 + 12 * i;
		uint64_t first = pb_le32(ex);
		uint32_t len = pb_le16(ex + 4);
		bool unwritten = len > EXT_INIT_MAX_LEN;
		uint64_t start = pb_le32(ex + 8) | (uint64_t)pb_le16(ex + 6) << 32;

		if (unwritten)
			len -= EXT_INIT_MAX_LEN;
		if (lblk >= first && lblk < first + len) {
			if (!unwritten && (start == 0 || !pb_range_ok(start, len, e->blocks_count)))
				return pb_error(PB_ERR_CORRUPT, "ext4: inode %llu: extent at block %llu points to %llu+%u, outside the filesystem",
						(unsigned long long)in->ino, (unsigned long long)first,
						(unsigned long long)start, len);
			*pblk = unwritten ? 0 : start + (lblk - first);
			*count = PB_MIN(first + len, bound) - lblk;
			return PB_OK;
		}
		if (first > lblk && first < next_start)
			next_start = first;
	}
	*pblk = 0; /* a hole up to the next extent, in this leaf or the next */
	if (bound < next_start)
		next_start = bound;
	*count = next_start == UINT64_MAX ? RUN_MAX : PB_MIN(next_start - lblk, (uint64_t)RUN_MAX);
	return PB_OK;
}

/* One block of the classic map: i_block[0..11] direct, [12] single,
 * [13] double, [14] triple indirect. */
static int map_indirect_one(struct ext4_fs *e, const struct ext4_inode *in, uint64_t lblk,
			    uint64_t *pblk)
{
	uint64_t per = e->block_size / 4, span = 1;
	int level;
	uint32_t slot;

	if (lblk < 12) {
		*pblk = pb_le32(in->raw + 40 + 4 * lblk);
		return PB_OK;
	}
	lblk -= 12;
	for (level = 1; level <= 3; level++) {
		span *= per;
		if (lblk < span)
			break;
		lblk -= span;
	}
	if (level > 3) {
		*pblk = 0;
		return PB_OK;
	}
	uint64_t blk = pb_le32(in->raw + 40 + 4 * (11 + level));
	for (; level > 0; level--) {
		const uint8_t *data;
		int rc;

		if (blk == 0) {
			*pblk = 0;
			return PB_OK;
		}
		rc = ext4_block(e, blk, &data);
		if (rc)
			return rc;
		span /= per;
		slot = (uint32_t)(lblk / span);
		lblk %= span;
		blk = pb_le32(data + 4 * slot);
	}
	*pblk = blk;
	return PB_OK;
}

static int map_indirect(struct ext4_fs *e, const struct ext4_inode *in, uint64_t lblk,
			uint64_t *pblk, uint64_t *count)
{
	uint64_t first, next;
	int rc = map_indirect_one(e, in, lblk, &first);

	if (rc)
		return rc;
	if (first >= e->blocks_count)
		return pb_error(PB_ERR_CORRUPT, "ext4: inode %llu: block %llu maps to %llu, outside the filesystem",
				(unsigned long long)in->ino, (unsigned long long)lblk,
				(unsigned long long)first);
	*pblk = first;
	*count = 1;
	/* Extend the run while the map stays contiguous (or stays a hole). */
	while (*count < 4096) {
		rc = map_indirect_one(e, in, lblk + *count, &next);
		if (rc)
			return rc;
		if (first ? next != first + *count : next != 0)
			break;
		(*count)++;
	}
	return PB_OK;
}

int ext4_map(struct ext4_fs *e, const struct ext4_inode *in, uint64_t lblk,
	     uint64_t *pblk, uint64_t *count)
{
	if (in->flags & EXT4_EXTENTS_FL)
		return map_extent(e, in, lblk, pblk, count);
	return map_indirect(e, in, lblk, pblk, count);
}
