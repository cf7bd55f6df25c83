/* menu_io over a volset (see menu_fsio.h). */
#include "menu/menu_fsio.h"
#include "fs/btrfs_api.h"
#include "loader/lib/err.h"

static struct fs *fs_of(struct volset *vs, const char *dev)
{
	struct vol_entry *v = volset_by_name(vs, dev);

	if (!v) {
		pb_error(PB_ERR_NOTFOUND, "no device (%s)", dev);
		return NULL;
	}
	if (!v->fs)
		pb_error(PB_ERR_NOTFOUND, "(%s): no filesystem: %s", dev, v->mount_msg);
	return v->fs;
}

static int io_read(void *ctx, const char *dev, const char *path, size_t max, char **buf, size_t *len)
{
	struct fs *fs = fs_of(ctx, dev);

	return fs ? fs_read_file(fs, path, max, buf, len) : PB_ERR_NOTFOUND;
}

static int io_stat(void *ctx, const char *dev, const char *path, bool *is_dir, uint64_t *size)
{
	struct fs *fs = fs_of(ctx, dev);
	struct fs_stat st;
	int rc;

	if (!fs)
		return PB_ERR_NOTFOUND;
	rc = fs_stat_path(fs, path, false, &st);
	if (rc == PB_OK) {
		*is_dir = st.type == FS_DIR;
		*size = st.size;
	}
	return rc;
}

struct list_ctx {
	menu_dir_cb cb;
	void *ctx;
};

static int list_cb(void *ctx, const char *name, uint64_t ino, enum fs_type type)
{
	struct list_ctx *l = ctx;

	(void)ino;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return 0;
	return l->cb(l->ctx, name, type == FS_DIR);
}

static int io_list(void *ctx, const char *dev, const char *path, menu_dir_cb cb, void *cb_ctx)
{
	struct fs *fs = fs_of(ctx, dev);
	struct list_ctx l = { cb, cb_ctx };

	return fs ? fs_readdir_path(fs, path, list_cb, &l) : PB_ERR_NOTFOUND;
}

/* GRUB searches devices in order and takes the first match; a volume
 * without a UUID or label is not found by an empty key. */
static int io_search(void *ctx, enum menu_search_kind kind, const char *key, char *out, size_t size)
{
	struct volset *vs = ctx;
	struct vol_entry *hit = NULL;

	if (kind == SEARCH_FS_UUID) {
		hit = volset_by_uuid(vs, key);
	} else if (kind == SEARCH_LABEL) {
		hit = volset_by_label(vs, key);
	} else {
		for (uint32_t i = 0; !hit && i < vs->count; i++) {
			struct fs_stat st;
			if (vs->v[i].fs && fs_stat_path(vs->v[i].fs, key, false, &st) == PB_OK)
				hit = &vs->v[i];
		}
	}
	if (!hit)
		return pb_error(PB_ERR_NOTFOUND, "search: '%s' not found", key);
	pb_strlcpy(out, hit->grub_name, size);
	return PB_OK;
}

/* grubenv updates: the file's own blocks, same size (fs_overwrite_file). */
static int io_write(void *ctx, const char *dev, const char *path, const void *buf, size_t len)
{
	struct fs *fs = fs_of(ctx, dev);

	if (!fs)
		return pb_error(PB_ERR_NOTFOUND, "(%s): no filesystem", dev ? dev : "");
	return fs_overwrite_file(fs, path, buf, len);
}

static int io_subvol(void *ctx, const char *dev, const char *path, uint64_t *id, char *out, size_t size)
{
	struct fs *fs = fs_of(ctx, dev);
	uint64_t ino;
	int rc;

	if (!fs)
		return PB_ERR_NOTFOUND;
	if (!btrfs_is(fs))
		return pb_error(PB_ERR_INVAL, "(%s) is not btrfs", dev ? dev : "");
	if (path)
		rc = btrfs_subvol_by_path(fs, path, &ino, id);
	else if (*id == 0)
		rc = btrfs_subvol_default(fs, &ino, id);
	else
		rc = btrfs_subvol_by_id(fs, *id, &ino);
	return rc ? rc : btrfs_subvol_path(fs, *id, out, size);
}

void menu_fsio_init(struct menu_io *io, struct volset *vs)
{
	memset(io, 0, sizeof(*io));
	io->ctx = vs;
	io->read_file = io_read;
	io->stat = io_stat;
	io->list_dir = io_list;
	io->search = io_search;
	io->write_file = io_write;
	io->btrfs_subvol = io_subvol;
}
