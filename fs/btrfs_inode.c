/* btrfs: inode items. */
#include "fs/btrfs.h"
#include "loader/lib/err.h"

#define INODE_ITEM_SIZE 160

enum fs_type btrfs_type(uint32_t mode)
{
	switch (mode & 0170000) {
	case 0100000:
		return FS_REG;
	case 0040000:
		return FS_DIR;
	case 0120000:
		return FS_SYMLINK;
	default:
		return FS_OTHER;
	}
}

int btrfs_read_inode(struct btrfs_fs *b, uint64_t ino, struct btrfs_inode *in)
{
	const struct btrfs_root *r;
	struct btrfs_key k;
	struct btrfs_path p;
	const uint8_t *d;
	uint32_t len;
	int rc = btrfs_split_ino(b, ino, &r, &k.objectid);

	if (rc)
		return rc;
	if (k.objectid & BTRFS_INO_EMPTY_SUBVOL) {
		memset(in, 0, sizeof(*in));
		in->mode = 0040755; /* as Linux makes it up */
		in->nlink = 1;
		return PB_OK;
	}
	k.type = BTRFS_INODE_ITEM_KEY;
	k.offset = 0;
	rc = btrfs_find(b, r, &k, &p, &d, &len);
	if (rc == 1)
		rc = pb_error(PB_ERR_NOTFOUND, "btrfs: tree %llu: no inode %llu",
			      (unsigned long long)r->id, (unsigned long long)k.objectid);
	else if (rc == PB_OK && len < INODE_ITEM_SIZE)
		rc = pb_error(PB_ERR_CORRUPT, "btrfs: tree %llu: inode %llu item of %u bytes",
			      (unsigned long long)r->id, (unsigned long long)k.objectid, len);
	if (rc == PB_OK) {
		in->size = pb_le64(d + 16);
		in->nbytes = pb_le64(d + 24);
		in->nlink = pb_le32(d + 40);
		in->mode = pb_le32(d + 52);
		in->flags = pb_le64(d + 64);
		in->mtime = pb_le64(d + 136);
	}
	btrfs_path_release(&p);
	return rc;
}
