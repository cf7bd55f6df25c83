/* ext4: inodes, inline data and fast symlinks. */
#include "fs/ext4.h"
#include "loader/lib/err.h"

#define I_BLOCK 40 /* offset of i_block[15] in the inode */
#define XATTR_MAGIC 0xEA020000u
#define XATTR_INDEX_SYSTEM 7

int ext4_read_inode(struct ext4_fs *e, uint64_t ino, struct ext4_inode *in)
{
	uint64_t table, byte;
	uint32_t group, index;
	const uint8_t *blk;
	int rc;

	if (ino == 0 || ino > e->inodes_count)
		return pb_error(PB_ERR_CORRUPT, "ext4: inode number %llu out of range (1..%u)",
				(unsigned long long)ino, e->inodes_count);
	group = (uint32_t)((ino - 1) / e->inodes_per_group);
	index = (uint32_t)((ino - 1) % e->inodes_per_group);
	rc = ext4_inode_table(e, group, &table);
	if (rc)
		return rc;
	byte = (uint64_t)index * e->inode_size;
	rc = ext4_block(e, table + byte / e->block_size, &blk);
	if (rc)
		return rc;
	/* Holds by construction (inode_size is a power of two no larger than
	 * the block): the inode never straddles a block. */
	if (!pb_array_fits(byte % e->block_size, 1, e->inode_size, e->block_size))
		return pb_error(PB_ERR_CORRUPT, "ext4: inode %llu straddles a block", (unsigned long long)ino);
	memset(in, 0, sizeof(*in));
	in->raw_size = e->inode_size;
	memcpy(in->raw, blk + byte % e->block_size, e->inode_size);
	in->ino = ino;
	in->mode = pb_le16(in->raw);
	in->flags = pb_le32(in->raw + 32);
	in->size = pb_le32(in->raw + 4) | (uint64_t)pb_le32(in->raw + 108) << 32;
	in->links = pb_le16(in->raw + 26);
	in->mtime = pb_le32(in->raw + 16);
	in->file_acl = pb_le32(in->raw + 104) | (uint64_t)pb_le16(in->raw + 118) << 32;
	in->blocks = pb_le32(in->raw + 28) | (uint64_t)pb_le16(in->raw + 116) << 32;
	if ((e->ro_compat & EXT4_FEATURE_RO_COMPAT_HUGE_FILE) && (in->flags & EXT4_HUGE_FILE_FL))
		in->blocks *= e->block_size / 512; /* counted in filesystem blocks */
	if (in->mode == 0 && in->links == 0)
		return pb_error(PB_ERR_CORRUPT, "ext4: inode %llu is not in use", (unsigned long long)ino);
	return PB_OK;
}

/* fscrypt encrypts file contents, directory entry names and symlink
 * targets with keys only the running kernel holds; the inode itself, its
 * size and its extents stay in the clear, so stat works and everything
 * else about the filesystem reads normally.  Without the key there is
 * nothing right to return, so say exactly that rather than hand back
 * ciphertext as data or as names. */
int ext4_refuse_encrypted(const struct ext4_inode *in)
{
	if (!(in->flags & EXT4_ENCRYPT_FL))
		return PB_OK;
	return pb_error(PB_ERR_UNSUPPORTED, "ext4: %s inode %llu is encrypted (fscrypt): pvboot cannot read it",
			ext4_type(in->mode) == FS_DIR ? "directory" : ext4_type(in->mode) == FS_SYMLINK ? "symlink" : "file",
			(unsigned long long)in->ino);
}

enum fs_type ext4_type(uint16_t mode)
{
	switch (mode & 0xF000) {
	case 0x8000: return FS_REG;
	case 0x4000: return FS_DIR;
	case 0xA000: return FS_SYMLINK;
	}
	return FS_OTHER;
}

/* The in-inode extended attribute area: after the 128-byte base inode and
 * i_extra_isize, a magic word, then entries whose values are placed
 * relative to the first entry.  We need only "system.data". */
static int find_system_data(const struct ext4_inode *in, const uint8_t **val, size_t *len)
{
	uint32_t extra, start, end = in->raw_size, off;

	*val = NULL;
	*len = 0;
	if (in->raw_size <= 128)
		return PB_OK;
	extra = pb_le16(in->raw + 128);
	start = 128 + extra;
	if (extra % 4 || !pb_range_ok(start, 4, end) || pb_le32(in->raw + start) != XATTR_MAGIC)
		return PB_OK;
	start += 4; /* values are relative to here */
	for (off = start; pb_range_ok(off, 16, end);) {
		const uint8_t *ent = in->raw + off;
		uint8_t name_len = ent[0], index = ent[1];
		uint16_t voff = pb_le16(ent + 2);
		uint32_t vsize = pb_le32(ent + 8);

		if (pb_le32(ent) == 0)
			break; /* end of entries */
		if (!pb_range_ok(off + 16, name_len, end))
			break;
		if (index == XATTR_INDEX_SYSTEM && name_len == 4 && memcmp(ent + 16, "data", 4) == 0) {
			if (pb_le32(ent + 4) != 0 || !pb_range_ok((uint64_t)start + voff, vsize, end))
				return pb_error(PB_ERR_CORRUPT, "ext4: inode %llu: system.data value out of the inode",
						(unsigned long long)in->ino);
			*val = in->raw + start + voff;
			*len = vsize;
			return PB_OK;
		}
		off += (16 + name_len + 3) & ~3u;
	}
	return PB_OK;
}

int ext4_inline_data(const struct ext4_inode *in, const uint8_t **a, size_t *alen,
		     const uint8_t **b, size_t *blen)
{
	*a = in->raw + I_BLOCK;
	*alen = EXT4_N_BLOCKS * 4;
	return find_system_data(in, b, blen);
}

/* As the kernel's ext4_inode_is_fast_symlink: no blocks but an xattr
 * block, which i_blocks counts as a whole cluster under bigalloc. */
bool ext4_is_fast_symlink(const struct ext4_fs *e, const struct ext4_inode *in)
{
	uint64_t ea_blocks = in->file_acl ? e->cluster_size / 512 : 0;

	if (in->flags & EXT4_INLINE_DATA_FL)
		return false;
	if (in->flags & EXT4_EA_INODE_FL)
		return in->size && in->size < EXT4_N_BLOCKS * 4;
	return in->blocks == ea_blocks && in->size < EXT4_N_BLOCKS * 4;
}
