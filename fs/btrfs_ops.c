/* btrfs: the driver's operations table (see fs/fs.h). */
#include "fs/btrfs.h"
#include "loader/lib/err.h"

static int op_stat(struct fs *fs, uint64_t ino, struct fs_stat *st)
{
	struct btrfs_inode in;
	int rc = btrfs_read_inode(btrfs_of(fs), ino, &in);

	if (rc)
		return rc;
	memset(st, 0, sizeof(*st));
	st->ino = ino;
	st->type = btrfs_type(in.mode);
	st->size = in.size;
	st->mode = in.mode;
	st->nlink = in.nlink;
	st->mtime = in.mtime;
	return PB_OK;
}

static int op_lookup(struct fs *fs, uint64_t dir, const char *name, uint64_t *ino)
{
	return btrfs_lookup(btrfs_of(fs), dir, name, ino);
}

static int op_readdir(struct fs *fs, uint64_t dir, fs_dirent_cb cb, void *ctx)
{
	struct btrfs_inode in;
	int rc = btrfs_read_inode(btrfs_of(fs), dir, &in);

	if (rc == PB_OK && btrfs_type(in.mode) != FS_DIR)
		rc = pb_error(PB_ERR_NOTDIR, "btrfs: inode %llu is not a directory", (unsigned long long)dir);
	return rc ? rc : btrfs_readdir(btrfs_of(fs), dir, cb, ctx);
}

static int op_read(struct fs *fs, uint64_t ino, uint64_t off, void *buf, size_t len, size_t *got)
{
	struct btrfs_inode in;
	int rc = btrfs_read_inode(btrfs_of(fs), ino, &in);

	if (rc == PB_OK && btrfs_type(in.mode) == FS_DIR)
		rc = pb_error(PB_ERR_ISDIR, "btrfs: inode %llu is a directory", (unsigned long long)ino);
	return rc ? rc : btrfs_read_data(btrfs_of(fs), ino, in.size, off, buf, len, got);
}

static int op_readlink(struct fs *fs, uint64_t ino, char *buf, size_t size)
{
	struct btrfs_inode in;
	size_t got;
	int rc = btrfs_read_inode(btrfs_of(fs), ino, &in);

	if (rc == PB_OK && btrfs_type(in.mode) != FS_SYMLINK)
		rc = pb_error(PB_ERR_INVAL, "btrfs: inode %llu is not a symlink", (unsigned long long)ino);
	if (rc == PB_OK && in.size >= size)
		rc = pb_error(PB_ERR_LIMIT, "btrfs: symlink inode %llu is %llu bytes long",
			      (unsigned long long)ino, (unsigned long long)in.size);
	if (rc == PB_OK)
		rc = btrfs_read_data(btrfs_of(fs), ino, in.size, 0, buf, (size_t)in.size, &got);
	if (rc == PB_OK)
		buf[got] = '\0';
	return rc;
}

/* No bmap: btrfs checksums data (a plain overwrite would fail every later
 * read) and copies on write; grubenv stays read-only here, as in GRUB,
 * which refuses to write it on btrfs too. */
const struct fs_ops btrfs_ops = {
	.name = "btrfs",
	.mount = btrfs_mount,
	.mount_peers = btrfs_mount_peers,
	.unmount = btrfs_unmount,
	.stat = op_stat,
	.lookup = op_lookup,
	.readdir = op_readdir,
	.read = op_read,
	.readlink = op_readlink,
};
