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

/* Prepend "/name" to the path being built backwards in buf[*at..]. */
static int prepend(char *buf, size_t *at, const uint8_t *name, size_t len)
{
	if (len + 1 > *at)
		return pb_error(PB_ERR_LIMIT, "btrfs: subvolume path longer than the buffer");
	*at -= len;
	memcpy(buf + *at, name, len);
	buf[--*at] = '/';
	return PB_OK;
}

/* The path of directory objectid obj inside tree r, up to its top
 * directory, from the INODE_REFs (a directory has exactly one). */
static int dir_path(struct btrfs_fs *b, const struct btrfs_root *r, uint64_t obj, char *buf, size_t *at)
{
	for (int depth = 0; obj != r->dirid; depth++) {
		struct btrfs_key k = { obj, BTRFS_INODE_REF_KEY, 0 };
		struct btrfs_path p;
		const uint8_t *d;
		uint32_t len;
		int rc;

		if (depth > 4096)
			return pb_error(PB_ERR_CORRUPT, "btrfs: directory loop in tree %llu", (unsigned long long)r->id);
		/* A failed search may still hold the blocks it read: released
		 * below on every outcome. */
		rc = btrfs_search_ge(b, r, &k, &p);
		if (rc == PB_OK) {
			btrfs_item(&p, &k, &d, &len);
			if (k.objectid != obj || k.type != BTRFS_INODE_REF_KEY || len < 10 ||
			    !pb_range_ok(10, pb_le16(d + 8), len))
				rc = 1;
			else
				rc = prepend(buf, at, d + 10, pb_le16(d + 8));
		}
		btrfs_path_release(&p);
		if (rc == 1)
			return pb_error(PB_ERR_CORRUPT, "btrfs: tree %llu: directory %llu has no name",
					(unsigned long long)r->id, (unsigned long long)obj);
		if (rc)
			return rc;
		obj = k.offset;
	}
	return PB_OK;
}

int btrfs_subvol_path(struct fs *fs, uint64_t id, char *out, size_t size)
{
	struct btrfs_fs *b;
	char buf[1024];
	size_t at = sizeof(buf) - 1;
	int rc = PB_OK;

	if (!btrfs_is(fs))
		return pb_error(PB_ERR_INVAL, "not a btrfs filesystem");
	b = btrfs_of(fs);
	buf[at] = '\0';
	/* Up the ROOT_BACKREFs (parent id, directory in it, name) to the top. */
	for (int depth = 0; rc == PB_OK && id != BTRFS_FS_TREE_OBJECTID; depth++) {
		struct btrfs_key k = { id, BTRFS_ROOT_BACKREF_KEY, 0 };
		struct btrfs_path p;
		const uint8_t *d;
		uint32_t len, slot;
		uint64_t parent = 0, dirid = 0;

		if (depth > 256)
			return pb_error(PB_ERR_CORRUPT, "btrfs: subvolume %llu: parents loop", (unsigned long long)id);
		rc = btrfs_search_ge(b, &b->root_tree, &k, &p);
		if (rc == PB_OK) {
			btrfs_item(&p, &k, &d, &len);
			if (k.objectid != id || k.type != BTRFS_ROOT_BACKREF_KEY || len < 18 ||
			    !pb_range_ok(18, pb_le16(d + 16), len))
				rc = 1;
			else {
				parent = k.offset;
				dirid = pb_le64(d);
				rc = prepend(buf, &at, d + 18, pb_le16(d + 16));
			}
		}
		btrfs_path_release(&p);
		if (rc == 1)
			return pb_error(PB_ERR_NOTFOUND, "btrfs: subvolume %llu has no parent", (unsigned long long)id);
		if (rc == PB_OK)
			rc = btrfs_root_slot(b, parent, &slot);
		if (rc == PB_OK)
			rc = dir_path(b, &b->roots[slot], dirid, buf, &at);
		id = parent;
	}
	if (rc)
		return rc;
	if (sizeof(buf) - 1 - at >= size)
		return pb_error(PB_ERR_LIMIT, "btrfs: subvolume path longer than %zu bytes", size);
	pb_strlcpy(out, buf + at, size);
	return PB_OK;
}
