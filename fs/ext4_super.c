/* ext4: superblock, features, group descriptors, metadata block cache. */
#include "fs/ext4.h"
#include "loader/lib/crc32.h"
#include "loader/lib/err.h"

int ext4_block(struct ext4_fs *e, uint64_t block, const uint8_t **data)
{
	struct ext4_cache_slot *victim = &e->cache[0];
	int rc;

	if (block >= e->blocks_count)
		return pb_error(PB_ERR_CORRUPT, "ext4: block %llu is past the end of the filesystem (%llu blocks)",
				(unsigned long long)block, (unsigned long long)e->blocks_count);
	for (int i = 0; i < EXT4_CACHE_BLOCKS; i++) {
		struct ext4_cache_slot *s = &e->cache[i];
		if (s->block == block) {
			s->stamp = ++e->stamp;
			*data = s->data;
			return PB_OK;
		}
		if (s->stamp < victim->stamp)
			victim = s;
	}
	victim->block = UINT64_MAX;
	rc = volume_read(&e->fs.vol, block * e->block_size, victim->data, e->block_size);
	if (rc)
		return rc;
	victim->block = block;
	victim->stamp = ++e->stamp;
	*data = victim->data;
	return PB_OK;
}

/* Does group g hold a superblock backup (and so, under meta_bg, is its
 * descriptor block one further in)?  Group 0 always has the primary;
 * sparse_super2 keeps backups only in the two groups the superblock names;
 * sparse_super in groups 1 and the powers of 3, 5 and 7; otherwise every
 * group has one.  (The kernel's ext4_bg_has_super, in that order.) */
static bool group_has_super(const struct ext4_fs *e, uint32_t g)
{
	if (g == 0)
		return true;
	if (e->compat & EXT4_FEATURE_COMPAT_SPARSE_SUPER2)
		return g == e->backup_bgs[0] || g == e->backup_bgs[1];
	if (!(e->ro_compat & EXT4_FEATURE_RO_COMPAT_SPARSE_SUPER) || g == 1)
		return true;
	for (uint32_t base = 3; base <= 7; base += 2) {
		uint64_t p = base;
		while (p < g)
			p *= base;
		if (p == g)
			return true;
	}
	return false;
}

/* Block holding the descriptor of group g, and its offset in that block.
 * The descriptor table follows the block holding the primary superblock
 * (byte 1024): block 1 with 1 KiB blocks, block 0 otherwise.  That is not
 * always first_data_block + 1: bigalloc with 1 KiB blocks has
 * first_data_block 0 and its superblock still in block 1. */
static void desc_location(const struct ext4_fs *e, uint32_t g, uint64_t *block, uint32_t *off)
{
	uint32_t per_block = e->block_size / e->desc_size;
	uint32_t mg = g / per_block;
	uint64_t sb_block = EXT4_SB_OFFSET / e->block_size;

	*off = (g % per_block) * e->desc_size;
	if ((e->incompat & EXT4_FEATURE_INCOMPAT_META_BG) && mg >= e->first_meta_bg) {
		/* meta_bg: each meta group's descriptors are in its first group,
		 * after that group's superblock backup if it has one; group 0's
		 * superblock is in block 1 of a 1 KiB-block group that starts at
		 * block 0 (bigalloc), so that group's table is one further. */
		uint64_t first = (uint64_t)mg * per_block;
		*block = e->first_data_block + first * e->blocks_per_group +
			 (group_has_super(e, (uint32_t)first) ? 1 : 0);
		if (first == 0 && e->first_data_block == 0 && sb_block == 1)
			(*block)++;
	} else {
		*block = sb_block + 1 + mg;
	}
}

int ext4_inode_table(struct ext4_fs *e, uint32_t group, uint64_t *block)
{
	const uint8_t *d;
	uint64_t blk;
	uint32_t off;
	int rc;

	if (group >= e->groups)
		return pb_error(PB_ERR_CORRUPT, "ext4: group %u of %u", group, e->groups);
	desc_location(e, group, &blk, &off);
	rc = ext4_block(e, blk, &d);
	if (rc)
		return rc;
	/* Holds by construction (desc_size is a power of two <= 1024 and the
	 * block size at least 1024); kept so a change to either stays safe. */
	if (!pb_array_fits(off, 1, e->desc_size, e->block_size))
		return pb_error(PB_ERR_CORRUPT, "ext4: group %u: descriptor past its block", group);
	*block = pb_le32(d + off + 8);
	if (e->desc_size >= 64)
		*block |= (uint64_t)pb_le32(d + off + 0x28) << 32;
	if (*block == 0 || *block >= e->blocks_count)
		return pb_error(PB_ERR_CORRUPT, "ext4: group %u: inode table at block %llu",
				group, (unsigned long long)*block);
	return PB_OK;
}

static int parse_super(struct ext4_fs *e, const uint8_t *sb)
{
	uint32_t log_bs = pb_le32(sb + 24);
	int rc;

	if (pb_le16(sb + 56) != EXT4_MAGIC)
		return pb_error(PB_ERR_FORMAT, "not ext2/3/4");
	e->incompat = pb_le32(sb + 96);
	e->ro_compat = pb_le32(sb + 100);
	rc = ext4_check_features(e->incompat);
	if (rc)
		return rc;
	if ((e->ro_compat & EXT4_FEATURE_RO_COMPAT_METADATA_CSUM) &&
	    crc32c_raw(~0u, sb, 1020) != pb_le32(sb + 1020))
		return pb_error(PB_ERR_CORRUPT, "ext4: superblock checksum mismatch");
	if (log_bs > 6)
		return pb_error(PB_ERR_CORRUPT, "ext4: block size 1024 << %u", log_bs);
	e->block_size = 1024u << log_bs;
	e->inodes_count = pb_le32(sb + 0);
	e->blocks_count = pb_le32(sb + 4);
	if (e->incompat & EXT4_FEATURE_INCOMPAT_64BIT)
		e->blocks_count |= (uint64_t)pb_le32(sb + 336) << 32;
	e->first_data_block = pb_le32(sb + 20);
	e->blocks_per_group = pb_le32(sb + 32);
	e->inodes_per_group = pb_le32(sb + 40);
	e->compat = pb_le32(sb + 92);
	e->backup_bgs[0] = pb_le32(sb + 588);
	e->backup_bgs[1] = pb_le32(sb + 592);
	e->inode_size = pb_le32(sb + 76) >= 1 ? pb_le16(sb + 88) : 128;
	e->desc_size = (e->incompat & EXT4_FEATURE_INCOMPAT_64BIT) ? pb_le16(sb + 254) : 32;
	e->first_meta_bg = pb_le32(sb + 260);
	/* A group's block bitmap is one block with a bit per allocation unit:
	 * a block, or under bigalloc a cluster of 2^(log_cluster - log_block)
	 * blocks.  So the bitmap bounds clusters per group, and blocks per group
	 * (what locates groups; extents still map blocks) is that times the
	 * cluster ratio.  The kernel checks the same two things. */
	uint64_t units_per_group = e->blocks_per_group;
	e->cluster_size = e->block_size;
	if (e->ro_compat & EXT4_FEATURE_RO_COMPAT_BIGALLOC) {
		uint32_t log_cluster = pb_le32(sb + 28);
		uint32_t clusters_per_group = pb_le32(sb + 36);

		if (log_cluster < log_bs || log_cluster > 20) /* the kernel's limits: 1 GiB clusters */
			return pb_error(PB_ERR_CORRUPT, "ext4: bigalloc: clusters of 1024 << %u bytes with blocks of 1024 << %u",
					log_cluster, log_bs);
		if ((uint64_t)clusters_per_group << (log_cluster - log_bs) != e->blocks_per_group)
			return pb_error(PB_ERR_CORRUPT, "ext4: bigalloc: %u blocks per group is not %u clusters of %u blocks",
					e->blocks_per_group, clusters_per_group, 1u << (log_cluster - log_bs));
		units_per_group = clusters_per_group;
		e->cluster_size = 1024u << log_cluster;
	}
	/* The inode bitmap is one block too. */
	if (e->blocks_per_group == 0 || units_per_group > 8 * e->block_size ||
	    e->inodes_per_group == 0 || e->inodes_per_group > 8 * e->block_size ||
	    e->first_data_block >= e->blocks_count)
		return pb_error(PB_ERR_CORRUPT, "ext4: superblock geometry (%u blocks / %u inodes per group)",
				e->blocks_per_group, e->inodes_per_group);
	if (e->inode_size < 128 || e->inode_size > EXT4_INODE_MAX || e->inode_size > e->block_size ||
	    (e->inode_size & (e->inode_size - 1)))
		return pb_error(PB_ERR_CORRUPT, "ext4: inode size %u", e->inode_size);
	if (e->desc_size < 32 || e->desc_size > 1024 || (e->desc_size & (e->desc_size - 1)))
		return pb_error(PB_ERR_CORRUPT, "ext4: group descriptor size %u", e->desc_size);
	if (e->blocks_count > e->fs.vol.size / e->block_size)
		return pb_error(PB_ERR_CORRUPT, "ext4: %llu blocks of %u bytes do not fit the %llu-byte volume",
				(unsigned long long)e->blocks_count, e->block_size,
				(unsigned long long)e->fs.vol.size);
	uint64_t groups = (e->blocks_count - e->first_data_block + e->blocks_per_group - 1) /
			  e->blocks_per_group;
	if (groups == 0 || groups > UINT32_MAX || groups * e->inodes_per_group < e->inodes_count)
		return pb_error(PB_ERR_CORRUPT, "ext4: %llu groups for %u inodes",
				(unsigned long long)groups, e->inodes_count);
	e->groups = (uint32_t)groups;
	return PB_OK;
}

static void format_uuid(const uint8_t *u, char *out, size_t size)
{
	pb_snprintf(out, size,
		    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		    u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10],
		    u[11], u[12], u[13], u[14], u[15]);
}

static void free_fs(struct ext4_fs *e)
{
	for (int i = 0; i < EXT4_CACHE_BLOCKS; i++)
		free(e->cache[i].data);
	free(e);
}

int ext4_mount(const struct volume *vol, struct fs **out)
{
	uint8_t sb[1024];
	struct ext4_fs *e;
	int rc;

	if (vol->size < EXT4_SB_OFFSET + sizeof(sb))
		return pb_error(PB_ERR_FORMAT, "volume too small for ext2/3/4");
	rc = volume_read(vol, EXT4_SB_OFFSET, sb, sizeof(sb));
	if (rc)
		return rc;
	if (pb_le16(sb + 56) != EXT4_MAGIC)
		return pb_error(PB_ERR_FORMAT, "not ext2/3/4");
	e = calloc(1, sizeof(*e));
	if (!e)
		return pb_error(PB_ERR_NOMEM, "ext4: out of memory");
	e->fs.ops = &ext4_ops;
	e->fs.vol = *vol;
	e->fs.root_ino = EXT4_ROOT_INO;
	e->fs.priv = e;
	rc = parse_super(e, sb);
	for (int i = 0; rc == PB_OK && i < EXT4_CACHE_BLOCKS; i++) {
		e->cache[i].block = UINT64_MAX;
		e->cache[i].data = malloc(e->block_size);
		if (!e->cache[i].data)
			rc = pb_error(PB_ERR_NOMEM, "ext4: out of memory");
	}
	if (rc) {
		free_fs(e);
		return rc;
	}
	format_uuid(sb + 104, e->fs.uuid, sizeof(e->fs.uuid));
	memcpy(e->fs.label, sb + 120, 16);
	e->fs.label[16] = '\0';
	*out = &e->fs;
	return PB_OK;
}

void ext4_unmount(struct fs *fs)
{
	free_fs(ext4_of(fs));
}
