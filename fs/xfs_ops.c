/* XFS: the driver's operations table (see fs/fs.h). */
#include "fs/xfs.h"
#include "loader/lib/err.h"

/* Every op reads its inode into a heap copy (2 KiB at most). */
static int load(struct fs *fs, uint64_t ino, struct xfs_inode **out)
{
	struct xfs_inode *in = malloc(sizeof(*in));
	int rc;

	if (!in)
		return pb_error(PB_ERR_NOMEM, "xfs: out of memory");
	rc = xfs_read_inode(xfs_of(fs), ino, in);
	if (rc) {
		free(in);
		return rc;
	}
	*out = in;
	return PB_OK;
}

static int op_stat(struct fs *fs, uint64_t ino, struct fs_stat *st)
{
	struct xfs_inode *in = NULL;
	int rc = load(fs, ino, &in);

	if (rc)
		return rc;
	memset(st, 0, sizeof(*st));
	st->ino = ino;
	st->type = xfs_type(in->mode);
	st->size = in->size;
	st->mode = in->mode;
	st->nlink = in->nlink;
	st->mtime = in->mtime;
	free(in);
	return PB_OK;
}

struct lookup_ctx {
	const char *name;
	uint64_t ino;
};

static int lookup_cb(void *ctx, const char *name, uint64_t ino, enum fs_type type)
{
	struct lookup_ctx *l = ctx;

	(void)type;
	if (strcmp(name, l->name) != 0)
		return 0;
	l->ino = ino;
	return 1;
}

static int op_lookup(struct fs *fs, uint64_t dir, const char *name, uint64_t *ino)
{
	struct lookup_ctx l = { name, 0 };
	struct xfs_inode *in = NULL;
	int rc = load(fs, dir, &in);

	if (rc)
		return rc;
	rc = xfs_iterate_dir(xfs_of(fs), in, lookup_cb, &l);
	free(in);
	if (rc == 1) {
		*ino = l.ino;
		return PB_OK;
	}
	if (rc == PB_OK)
		return pb_error(PB_ERR_NOTFOUND, "%s: not found", name);
	return rc;
}

static int op_readdir(struct fs *fs, uint64_t dir, fs_dirent_cb cb, void *ctx)
{
	struct xfs_inode *in = NULL;
	int rc = load(fs, dir, &in);

	if (rc)
		return rc;
	rc = xfs_iterate_dir(xfs_of(fs), in, cb, ctx);
	free(in);
	return rc;
}

static int op_read(struct fs *fs, uint64_t ino, uint64_t off, void *buf, size_t len, size_t *got)
{
	struct xfs_inode *in = NULL;
	int rc = load(fs, ino, &in);

	if (rc)
		return rc;
	if (xfs_type(in->mode) == FS_DIR)
		rc = pb_error(PB_ERR_ISDIR, "xfs: inode %llu is a directory", (unsigned long long)ino);
	else
		rc = xfs_read_data(xfs_of(fs), in, off, buf, len, got);
	free(in);
	return rc;
}

static int op_readlink(struct fs *fs, uint64_t ino, char *buf, size_t size)
{
	struct xfs_inode *in = NULL;
	int rc = load(fs, ino, &in);

	if (rc)
		return rc;
	rc = xfs_readlink(xfs_of(fs), in, buf, size);
	free(in);
	return rc;
}

/* A plain write of the block is what a reader would then see only for an
 * allocated, written, unshared extent of a mutable file on a filesystem
 * whose log will not be replayed over it. */
static int bmap_inode(struct xfs_fs *x, const struct xfs_inode *in, uint64_t off, uint64_t *vol_off,
		      uint64_t *run_len)
{
	unsigned long long ino = (unsigned long long)in->ino;
	struct xfs_run run;
	uint64_t unshared;
	int rc;

	if (xfs_type(in->mode) != FS_REG || (in->flags & XFS_DIFLAG_IMMUTABLE))
		return pb_error(PB_ERR_UNSUPPORTED, "xfs: inode %llu is not a mutable regular file", ino);
	if (off >= in->size)
		return pb_error(PB_ERR_INVAL, "xfs: inode %llu: offset %llu is past its end", ino,
				(unsigned long long)off);
	rc = xfs_map(x, in, off >> x->block_log, &run);
	if (rc)
		return rc;
	if (run.kind != XFS_RUN_DATA)
		return pb_error(PB_ERR_UNSUPPORTED, "xfs: inode %llu: byte %llu is in a hole or an unwritten extent",
				ino, (unsigned long long)off);
	unshared = run.count;
	if (x->ro_compat & XFS_SB_FEAT_RO_COMPAT_REFLINK) {
		rc = xfs_refcount_unshared(x, run.fsblock, &unshared);
		if (rc)
			return rc;
		if (unshared == 0)
			return pb_error(PB_ERR_UNSUPPORTED, "xfs: inode %llu: byte %llu is in a block shared with another file (reflink)",
					ino, (unsigned long long)off);
	}
	uint64_t skip = off & (x->block_size - 1);
	*vol_off = xfs_fsb_to_off(x, run.fsblock) + skip;
	*run_len = (unshared << x->block_log) - skip;
	return PB_OK;
}

static int op_bmap(struct fs *fs, uint64_t ino, uint64_t off, uint64_t *vol_off, uint64_t *run_len)
{
	struct xfs_fs *x = xfs_of(fs);
	struct xfs_inode *in = NULL;
	int rc;

	if (x->log_dirty)
		return pb_error(PB_ERR_UNSUPPORTED, "xfs: the log is not known to be clean; not writing");
	/* Data blocks only, but a newer read-only feature may cover data too. */
	if (x->ro_compat & ~XFS_SB_FEAT_RO_COMPAT_KNOWN)
		return pb_error(PB_ERR_UNSUPPORTED, "xfs: read-only compatible features 0x%x are unknown; not writing",
				x->ro_compat & ~XFS_SB_FEAT_RO_COMPAT_KNOWN);
	rc = load(fs, ino, &in);
	if (rc)
		return rc;
	rc = bmap_inode(x, in, off, vol_off, run_len);
	free(in);
	return rc;
}

const struct fs_ops xfs_ops = {
	.name = "xfs",
	.mount = xfs_mount,
	.unmount = xfs_unmount,
	.stat = op_stat,
	.lookup = op_lookup,
	.readdir = op_readdir,
	.read = op_read,
	.readlink = op_readlink,
	.bmap = op_bmap,
};
