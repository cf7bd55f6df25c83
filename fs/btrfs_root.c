/* btrfs: the root tree (ROOT_ITEMs of subvolumes and snapshots, the
 * default subvolume, backrefs to parents) and this mount's slot table of
 * opened trees, which gives every subvolume's inodes their fs/ numbers. */
#include "fs/btrfs.h"
#include "loader/lib/err.h"

#define ROOT_ITEM_MIN 239 /* the pre-3.x size; newer items are longer */

int btrfs_read_root(struct btrfs_fs *b, uint64_t id, struct btrfs_root *r)
{
	/* Snapshots carry their creation transid in the key offset: the
	 * item with the largest offset is the current one. */
	struct btrfs_key k = { id, BTRFS_ROOT_ITEM_KEY, UINT64_MAX };
	struct btrfs_path p;
	const uint8_t *d;
	uint32_t len;
	int rc = btrfs_search(b, &b->root_tree, &k, &p);

	if (rc == PB_OK) {
		btrfs_item(&p, &k, &d, &len);
		if (k.objectid != id || k.type != BTRFS_ROOT_ITEM_KEY)
			rc = 1;
	}
	if (rc == 1)
		rc = pb_error(PB_ERR_NOTFOUND, "btrfs: no tree %llu", (unsigned long long)id);
	if (rc == PB_OK && len < ROOT_ITEM_MIN)
		rc = pb_error(PB_ERR_CORRUPT, "btrfs: root item of tree %llu: %u bytes",
			      (unsigned long long)id, len);
	if (rc == PB_OK && pb_le32(d + 216) == 0)
		rc = pb_error(PB_ERR_NOTFOUND, "btrfs: subvolume %llu is deleted", (unsigned long long)id);
	if (rc == PB_OK) {
		r->id = id;
		r->generation = pb_le64(d + 160);
		r->dirid = pb_le64(d + 168);
		r->bytenr = pb_le64(d + 176);
		r->level = d[238];
		if (r->level >= BTRFS_MAX_LEVEL)
			rc = pb_error(PB_ERR_CORRUPT, "btrfs: tree %llu: level %u",
				      (unsigned long long)id, r->level);
	}
	btrfs_path_release(&p);
	return rc;
}

int btrfs_root_slot(struct btrfs_fs *b, uint64_t id, uint32_t *slot)
{
	struct btrfs_root r;
	int rc;

	for (uint32_t i = 0; i < b->nroots; i++)
		if (b->roots[i].id == id) {
			*slot = i;
			return PB_OK;
		}
	if (id != BTRFS_FS_TREE_OBJECTID && (id < BTRFS_FIRST_FREE_OBJECTID || id > BTRFS_LAST_FREE_OBJECTID))
		return pb_error(PB_ERR_CORRUPT, "btrfs: %llu is not a subvolume id", (unsigned long long)id);
	rc = btrfs_read_root(b, id, &r);
	if (rc)
		return rc;
	if (b->nroots == b->root_cap) {
		uint32_t cap = b->root_cap ? b->root_cap * 2 : 8;
		struct btrfs_root *n;
		if (b->nroots >= BTRFS_MAX_ROOTS)
			return pb_error(PB_ERR_LIMIT, "btrfs: more than %d subvolumes opened", BTRFS_MAX_ROOTS);
		n = realloc(b->roots, cap * sizeof(*n));
		if (!n)
			return pb_error(PB_ERR_NOMEM, "btrfs: out of memory");
		b->roots = n;
		b->root_cap = cap;
	}
	b->roots[b->nroots] = r;
	*slot = b->nroots++;
	return PB_OK;
}

int btrfs_make_ino(struct btrfs_fs *b, uint32_t slot, uint64_t objectid, uint64_t *ino)
{
	(void)b;
	if (objectid >> 47)
		return pb_error(PB_ERR_UNSUPPORTED, "btrfs: object id %llu is too large",
				(unsigned long long)objectid);
	*ino = (uint64_t)slot << 48 | objectid;
	return PB_OK;
}

int btrfs_split_ino(struct btrfs_fs *b, uint64_t ino, const struct btrfs_root **r, uint64_t *objectid)
{
	uint64_t slot = ino >> 48;

	if (slot >= b->nroots)
		return pb_error(PB_ERR_INVAL, "btrfs: inode %llu of no opened subvolume",
				(unsigned long long)ino);
	*r = &b->roots[slot];
	*objectid = ino & ((1ull << 48) - 1); /* BTRFS_INO_EMPTY_SUBVOL kept */
	return PB_OK;
}

int btrfs_default_subvol(struct btrfs_fs *b, uint64_t *id)
{
	static const char name[] = "default";
	struct btrfs_key k = { BTRFS_ROOT_TREE_DIR_OBJECTID, BTRFS_DIR_ITEM_KEY,
			       btrfs_name_hash(name, sizeof(name) - 1) };
	struct btrfs_key loc;
	struct btrfs_path p;
	const uint8_t *d;
	uint32_t len;
	uint8_t ftype;
	int rc = btrfs_find(b, &b->root_tree, &k, &p, &d, &len);

	if (rc == PB_OK)
		rc = btrfs_dir_item_find(d, len, name, sizeof(name) - 1, &loc, &ftype);
	btrfs_path_release(&p);
	if (rc < 0)
		return rc;
	/* No "default" entry: the top level is the default. */
	*id = rc == 1 || loc.objectid == 0 ? BTRFS_FS_TREE_OBJECTID : loc.objectid;
	return PB_OK;
}

int btrfs_subvol_parent(struct btrfs_fs *b, uint64_t id, uint64_t *parent, uint64_t *dirid)
{
	struct btrfs_key k = { id, BTRFS_ROOT_BACKREF_KEY, 0 };
	struct btrfs_path p;
	const uint8_t *d;
	uint32_t len;
	int rc = btrfs_search_ge(b, &b->root_tree, &k, &p);

	if (rc == PB_OK) {
		btrfs_item(&p, &k, &d, &len);
		if (k.objectid != id || k.type != BTRFS_ROOT_BACKREF_KEY)
			rc = 1;
		else if (len < 18)
			rc = pb_error(PB_ERR_CORRUPT, "btrfs: root backref of %llu: %u bytes",
				      (unsigned long long)id, len);
	}
	if (rc == 1)
		rc = pb_error(PB_ERR_NOTFOUND, "btrfs: subvolume %llu has no parent", (unsigned long long)id);
	if (rc == PB_OK) {
		*parent = k.offset;
		*dirid = pb_le64(d);
	}
	btrfs_path_release(&p);
	return rc;
}
