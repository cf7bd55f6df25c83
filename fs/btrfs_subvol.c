/* btrfs: subvolumes by id, by path and the default one (fs/btrfs_api.h). */
#include "fs/btrfs.h"
#include "loader/lib/err.h"

bool btrfs_is(const struct fs *fs)
{
	return fs && fs->ops == &btrfs_ops;
}

int btrfs_subvol_by_id(struct fs *fs, uint64_t id, uint64_t *dir_ino)
{
	struct btrfs_fs *b;
	uint32_t slot;
	int rc;

	if (!btrfs_is(fs))
		return pb_error(PB_ERR_INVAL, "not a btrfs filesystem");
	b = btrfs_of(fs);
	rc = btrfs_root_slot(b, id, &slot);
	return rc ? rc : btrfs_make_ino(b, slot, b->roots[slot].dirid, dir_ino);
}

int btrfs_subvol_default(struct fs *fs, uint64_t *dir_ino, uint64_t *id)
{
	int rc;

	if (!btrfs_is(fs))
		return pb_error(PB_ERR_INVAL, "not a btrfs filesystem");
	rc = btrfs_default_subvol(btrfs_of(fs), id);
	return rc ? rc : btrfs_subvol_by_id(fs, *id, dir_ino);
}

int btrfs_subvol_by_path(struct fs *fs, const char *path, uint64_t *dir_ino, uint64_t *id)
{
	struct btrfs_fs *b;
	uint64_t ino;
	int rc;

	if (!btrfs_is(fs))
		return pb_error(PB_ERR_INVAL, "not a btrfs filesystem");
	b = btrfs_of(fs);
	rc = fs_resolve(fs, path, false, &ino);
	if (rc)
		return rc;
	const struct btrfs_root *r;
	uint64_t obj;
	rc = btrfs_split_ino(b, ino, &r, &obj);
	if (rc)
		return rc;
	if (obj != r->dirid)
		return pb_error(PB_ERR_NOTFOUND, "btrfs: %s is not a subvolume", path);
	*dir_ino = ino;
	*id = r->id;
	return PB_OK;
}
