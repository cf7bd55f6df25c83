/* btrfs: directories.  Names are found through DIR_ITEMs (keyed by the
 * name's crc32c hash), listed through DIR_INDEXes (creation order); an
 * entry whose location is a ROOT_ITEM is a subvolume, entered at its top
 * directory.  '..' comes from INODE_REF / INODE_EXTREF, and at the top of
 * a subvolume from its ROOT_BACKREF. */
#include "fs/btrfs.h"
#include "loader/lib/crc32.h"
#include "loader/lib/err.h"

#define DIR_ITEM_HEADER 30

uint64_t btrfs_name_hash(const char *name, size_t len)
{
	return crc32c_raw(~1u, name, len);
}

/* One entry at p (avail bytes left): its name, location and type. */
static int parse_entry(const uint8_t *p, uint32_t avail, struct btrfs_key *loc, uint8_t *ftype,
		       const char **name, uint16_t *name_len, uint32_t *total)
{
	uint16_t nlen, dlen;

	if (avail < DIR_ITEM_HEADER)
		return pb_error(PB_ERR_CORRUPT, "btrfs: directory entry cut (%u bytes)", avail);
	nlen = pb_le16(p + 27);
	dlen = pb_le16(p + 25);
	if (nlen == 0 || nlen > FS_NAME_MAX || !pb_range_ok(DIR_ITEM_HEADER, (uint32_t)nlen + dlen, avail))
		return pb_error(PB_ERR_CORRUPT, "btrfs: directory entry: name of %u and data of %u bytes in %u",
				nlen, dlen, avail);
	btrfs_key_read(p, loc);
	*ftype = p[29];
	*name = (const char *)p + DIR_ITEM_HEADER;
	*name_len = nlen;
	*total = DIR_ITEM_HEADER + nlen + dlen;
	return PB_OK;
}

int btrfs_dir_item_find(const uint8_t *data, uint32_t len, const char *name, size_t name_len,
			struct btrfs_key *location, uint8_t *ftype)
{
	uint32_t pos = 0;

	while (pos < len) {
		const char *n;
		uint16_t nlen;
		uint32_t total;
		int rc = parse_entry(data + pos, len - pos, location, ftype, &n, &nlen, &total);
		if (rc)
			return rc;
		if (nlen == name_len && memcmp(n, name, name_len) == 0)
			return PB_OK;
		pos += total;
	}
	return 1;
}

/* Is subvolume child linked from directory dirid of tree parent under
 * this name?  Its ROOT_REF says where it was created; a snapshot of the
 * parent copies the entry but not the reference. */
static int is_child(struct btrfs_fs *b, uint64_t parent, uint64_t child, uint64_t dirid,
		    const char *name, size_t name_len, bool *yes)
{
	struct btrfs_key k = { parent, BTRFS_ROOT_REF_KEY, child };
	struct btrfs_path p;
	const uint8_t *d;
	uint32_t len;
	int rc = btrfs_find(b, &b->root_tree, &k, &p, &d, &len);

	*yes = false;
	if (rc == PB_OK && len >= 18 && pb_le64(d) == dirid && pb_le16(d + 16) == name_len &&
	    pb_range_ok(18, name_len, len) && memcmp(d + 18, name, name_len) == 0)
		*yes = true;
	btrfs_path_release(&p);
	return rc < 0 ? rc : PB_OK;
}

/* The fs/ inode an entry (name) of directory dir points to. */
static int entry_ino(struct btrfs_fs *b, uint64_t dir, const struct btrfs_key *loc, const char *name,
		     size_t name_len, uint64_t *ino)
{
	uint32_t slot = (uint32_t)(dir >> 48), sub;
	const struct btrfs_root *r;
	uint64_t obj;
	bool child;
	int rc;

	if (loc->type == BTRFS_INODE_ITEM_KEY)
		return btrfs_make_ino(b, slot, loc->objectid, ino);
	if (loc->type != BTRFS_ROOT_ITEM_KEY)
		return pb_error(PB_ERR_CORRUPT, "btrfs: directory entry points to a key of type %u", loc->type);
	rc = btrfs_split_ino(b, dir, &r, &obj);
	if (rc == PB_OK)
		rc = is_child(b, r->id, loc->objectid, obj, name, name_len, &child);
	if (rc)
		return rc;
	if (!child) {
		rc = btrfs_make_ino(b, slot, obj, ino);
		*ino |= BTRFS_INO_EMPTY_SUBVOL;
		return rc;
	}
	rc = btrfs_root_slot(b, loc->objectid, &sub);
	return rc ? rc : btrfs_make_ino(b, sub, b->roots[sub].dirid, ino);
}

static int parent_of(struct btrfs_fs *b, uint64_t dir, uint64_t *ino)
{
	const struct btrfs_root *r;
	uint32_t slot = (uint32_t)(dir >> 48);
	struct btrfs_key k;
	struct btrfs_path p;
	const uint8_t *d;
	uint32_t len;
	uint64_t obj;
	int rc = btrfs_split_ino(b, dir, &r, &obj);

	if (rc)
		return rc;
	if (obj & BTRFS_INO_EMPTY_SUBVOL)
		return btrfs_make_ino(b, slot, obj & ~BTRFS_INO_EMPTY_SUBVOL, ino);
	if (obj == r->dirid) {
		uint64_t parent, dirid;
		if (r->id == BTRFS_FS_TREE_OBJECTID) {
			*ino = dir; /* the top of the filesystem */
			return PB_OK;
		}
		rc = btrfs_subvol_parent(b, r->id, &parent, &dirid);
		if (rc == PB_OK)
			rc = btrfs_root_slot(b, parent, &slot);
		return rc ? rc : btrfs_make_ino(b, slot, dirid, ino);
	}
	for (uint8_t type = BTRFS_INODE_REF_KEY; type <= BTRFS_INODE_EXTREF_KEY; type++) {
		k.objectid = obj;
		k.type = type;
		k.offset = 0;
		rc = btrfs_search_ge(b, r, &k, &p);
		if (rc == PB_OK) {
			btrfs_item(&p, &k, &d, &len);
			if (k.objectid != obj || k.type != type)
				rc = 1;
			else if (type == BTRFS_INODE_EXTREF_KEY && len < 8)
				rc = pb_error(PB_ERR_CORRUPT, "btrfs: inode %llu: extref of %u bytes",
					      (unsigned long long)obj, len);
		}
		if (rc == PB_OK)
			obj = type == BTRFS_INODE_REF_KEY ? k.offset : pb_le64(d);
		btrfs_path_release(&p);
		if (rc <= 0)
			return rc ? rc : btrfs_make_ino(b, slot, obj, ino);
	}
	return pb_error(PB_ERR_CORRUPT, "btrfs: tree %llu: directory %llu has no parent reference",
			(unsigned long long)r->id, (unsigned long long)obj);
}

int btrfs_lookup(struct btrfs_fs *b, uint64_t dir, const char *name, uint64_t *ino)
{
	const struct btrfs_root *r;
	size_t nlen = strlen(name);
	struct btrfs_key k, loc;
	struct btrfs_path p;
	const uint8_t *d;
	uint32_t len;
	uint8_t ftype;
	int rc;

	if (strcmp(name, "..") == 0)
		return parent_of(b, dir, ino);
	if (strcmp(name, ".") == 0) {
		*ino = dir;
		return PB_OK;
	}
	rc = btrfs_split_ino(b, dir, &r, &k.objectid);
	if (rc)
		return rc;
	if (k.objectid & BTRFS_INO_EMPTY_SUBVOL)
		return pb_error(PB_ERR_NOTFOUND, "%s: not found", name);
	k.type = BTRFS_DIR_ITEM_KEY;
	k.offset = btrfs_name_hash(name, nlen);
	rc = btrfs_find(b, r, &k, &p, &d, &len);
	if (rc == PB_OK)
		rc = btrfs_dir_item_find(d, len, name, nlen, &loc, &ftype);
	btrfs_path_release(&p);
	if (rc == 1)
		return pb_error(PB_ERR_NOTFOUND, "%s: not found", name);
	return rc ? rc : entry_ino(b, dir, &loc, name, nlen, ino);
}

static enum fs_type ftype_of(uint8_t t)
{
	return t == 1 ? FS_REG : t == 2 ? FS_DIR : t == 7 ? FS_SYMLINK : FS_OTHER;
}

int btrfs_readdir(struct btrfs_fs *b, uint64_t dir, fs_dirent_cb cb, void *ctx)
{
	const struct btrfs_root *r;
	struct btrfs_key k, loc;
	struct btrfs_path p;
	char name[FS_NAME_MAX + 1];
	uint64_t obj, ino;
	int rc = btrfs_split_ino(b, dir, &r, &obj);

	if (rc)
		return rc;
	if ((rc = cb(ctx, ".", dir, FS_DIR)) != 0)
		return rc;
	if ((rc = parent_of(b, dir, &ino)) != PB_OK || (rc = cb(ctx, "..", ino, FS_DIR)) != 0)
		return rc;
	if (obj & BTRFS_INO_EMPTY_SUBVOL)
		return PB_OK;
	/* Callbacks may open subvolumes (the slot table moves): copy what
	 * we need of r first. */
	struct btrfs_root root = *r;
	k.objectid = obj;
	k.type = BTRFS_DIR_INDEX_KEY;
	k.offset = 0;
	int stop = 0;
	rc = btrfs_search_ge(b, &root, &k, &p);
	while (rc == PB_OK) {
		const uint8_t *d;
		const char *n;
		uint32_t len, total;
		uint16_t nlen;
		uint8_t ftype;

		btrfs_item(&p, &k, &d, &len);
		if (k.objectid != obj || k.type != BTRFS_DIR_INDEX_KEY)
			break;
		rc = parse_entry(d, len, &loc, &ftype, &n, &nlen, &total);
		if (rc)
			break;
		memcpy(name, n, nlen);
		name[nlen] = '\0';
		rc = entry_ino(b, dir, &loc, name, nlen, &ino);
		if (rc == PB_ERR_NOTFOUND && loc.type == BTRFS_ROOT_ITEM_KEY) {
			rc = btrfs_next(b, &p); /* a subvolume being deleted */
			continue;
		}
		if (rc)
			break;
		stop = cb(ctx, name, ino, loc.type == BTRFS_ROOT_ITEM_KEY ? FS_DIR : ftype_of(ftype));
		if (stop)
			break;
		rc = btrfs_next(b, &p);
	}
	btrfs_path_release(&p);
	if (stop)
		return stop;
	return rc == 1 ? PB_OK : rc;
}
