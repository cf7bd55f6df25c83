/* ISO 9660: the driver's operations table (see fs/fs.h).  No bmap: the
 * medium is read-only by nature (a grubenv on an ISO is never written). */
#include "fs/iso9660.h"
#include "loader/lib/err.h"

static int with_node(struct fs *fs, uint64_t ino, struct iso_node **n)
{
	*n = malloc(sizeof(**n));
	if (!*n)
		return pb_error(PB_ERR_NOMEM, "iso9660: out of memory");
	int rc = iso_read_node(iso_of(fs), ino, *n);
	if (rc) {
		free(*n);
		*n = NULL;
	}
	return rc;
}

static int op_stat(struct fs *fs, uint64_t ino, struct fs_stat *st)
{
	struct iso_node *n;
	int rc = with_node(fs, ino, &n);

	if (rc)
		return rc;
	memset(st, 0, sizeof(*st));
	st->ino = ino;
	st->type = n->type;
	st->size = n->type == FS_REG || n->type == FS_SYMLINK ? n->size : 0;
	st->mode = n->mode;
	st->nlink = n->nlink;
	st->mtime = n->mtime;
	free(n);
	return PB_OK;
}

struct lookup_ctx {
	const char *name;
	bool nocase;
	uint64_t ino;
};

static int lookup_cb(void *ctx, const char *name, uint64_t ino, enum fs_type type)
{
	struct lookup_ctx *l = ctx;

	(void)type;
	if (l->nocase ? pb_strcasecmp(name, l->name) : strcmp(name, l->name))
		return 0;
	l->ino = ino;
	return 1;
}

static int op_lookup(struct fs *fs, uint64_t dir, const char *name, uint64_t *ino)
{
	/* Plain ISO names are upper case on disk and shown in lower case:
	 * matched either way, as GRUB does. */
	struct lookup_ctx l = { name, iso_of(fs)->mode == ISO_PLAIN, 0 };
	struct iso_node *n;
	int rc = with_node(fs, dir, &n);

	if (rc)
		return rc;
	rc = iso_iterate_dir(iso_of(fs), n, lookup_cb, &l);
	free(n);
	if (rc == 1) {
		*ino = l.ino;
		return PB_OK;
	}
	return rc ? rc : pb_error(PB_ERR_NOTFOUND, "%s: not found", name);
}

static int op_readdir(struct fs *fs, uint64_t dir, fs_dirent_cb cb, void *ctx)
{
	struct iso_node *n;
	int rc = with_node(fs, dir, &n);

	if (rc)
		return rc;
	rc = iso_iterate_dir(iso_of(fs), n, cb, ctx);
	free(n);
	return rc;
}

static int op_read(struct fs *fs, uint64_t ino, uint64_t off, void *buf, size_t len, size_t *got)
{
	struct iso_node *n;
	int rc = with_node(fs, ino, &n);

	if (rc)
		return rc;
	if (n->type == FS_DIR)
		rc = pb_error(PB_ERR_ISDIR, "iso9660: record at %llu is a directory", (unsigned long long)ino);
	else
		rc = iso_read_data(iso_of(fs), n, off, buf, len, got);
	free(n);
	return rc;
}

static int op_readlink(struct fs *fs, uint64_t ino, char *buf, size_t size)
{
	struct iso_fs *f = iso_of(fs);
	struct iso_rr rr;
	uint8_t rec[256];
	const uint8_t *p;
	int rc = iso_meta(f, ino, 1, &p);

	if (rc == PB_OK && p[0] < 34)
		rc = pb_error(PB_ERR_CORRUPT, "iso9660: directory record at %llu is %u bytes", (unsigned long long)ino, p[0]);
	if (rc == PB_OK)
		rc = iso_meta(f, ino, p[0], &p);
	if (rc)
		return rc;
	memcpy(rec, p, p[0]);
	rc = iso_susp(f, rec, &rr, NULL, buf, size);
	if (rc == PB_OK && (!rr.has_px || (rr.mode & 0170000) != 0120000))
		rc = pb_error(PB_ERR_INVAL, "iso9660: record at %llu is not a symlink", (unsigned long long)ino);
	return rc;
}

const struct fs_ops iso9660_ops = {
	.name = "iso9660",
	.mount = iso_mount,
	.unmount = iso_unmount,
	.stat = op_stat,
	.lookup = op_lookup,
	.readdir = op_readdir,
	.read = op_read,
	.readlink = op_readlink,
	.bmap = NULL,
};
