/* FAT: the driver's operations table (see fs/fs.h).  Names are looked up
 * as FAT has them: case-insensitively (ASCII, as GRUB), by long name or by
 * the 8.3 alias. */
#include "fs/fat.h"
#include "loader/lib/err.h"

static int op_stat(struct fs *fs, uint64_t ino, struct fs_stat *st)
{
	struct fat_node n;
	int rc = fat_read_node(fat_of(fs), ino, &n);

	if (rc)
		return rc;
	memset(st, 0, sizeof(*st));
	st->ino = ino;
	st->nlink = 1;
	st->mtime = n.mtime;
	if (n.attr & FAT_ATTR_DIR) {
		st->type = FS_DIR;
		st->mode = 040755;
	} else {
		st->type = FS_REG;
		st->size = n.size;
		st->mode = n.attr & FAT_ATTR_RO ? 0100444 : 0100644;
	}
	return PB_OK;
}

struct lookup_ctx {
	const char *name;
	uint64_t ino;
};

static int lookup_cb(void *ctx, const char *name, const char *short_name, uint64_t ino)
{
	struct lookup_ctx *l = ctx;

	if (pb_strcasecmp(name, l->name) && pb_strcasecmp(short_name, l->name))
		return 0;
	l->ino = ino;
	return 1;
}

static int op_lookup(struct fs *fs, uint64_t dir, const char *name, uint64_t *ino)
{
	struct fat_fs *f = fat_of(fs);
	struct lookup_ctx l = { name, 0 };
	struct fat_node n;
	int rc = fat_read_node(f, dir, &n);

	if (rc == PB_OK)
		rc = fat_iterate_names(f, &n, lookup_cb, &l);
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
	struct fat_node n;
	int rc = fat_read_node(fat_of(fs), dir, &n);

	return rc ? rc : fat_iterate_dir(fat_of(fs), &n, cb, ctx);
}

static int op_read(struct fs *fs, uint64_t ino, uint64_t off, void *buf, size_t len, size_t *got)
{
	struct fat_node n;
	int rc = fat_read_node(fat_of(fs), ino, &n);

	if (rc == PB_OK && (n.attr & FAT_ATTR_DIR))
		rc = pb_error(PB_ERR_ISDIR, "fat: entry %llu is a directory", (unsigned long long)ino);
	return rc ? rc : fat_read_data(fat_of(fs), &n, off, buf, len, got);
}

static int op_readlink(struct fs *fs, uint64_t ino, char *buf, size_t size)
{
	(void)fs;
	(void)buf;
	(void)size;
	return pb_error(PB_ERR_INVAL, "fat: entry %llu: FAT has no symbolic links", (unsigned long long)ino);
}

/* Data clusters are plain storage (no checksums, no journal): a same-size
 * rewrite touches nothing else, exactly as GRUB's save_env on an ESP. */
static int op_bmap(struct fs *fs, uint64_t ino, uint64_t off, uint64_t *vol_off, uint64_t *run_len)
{
	struct fat_node n;
	int rc = fat_read_node(fat_of(fs), ino, &n);

	if (rc == PB_OK && (n.attr & FAT_ATTR_DIR))
		rc = pb_error(PB_ERR_ISDIR, "fat: entry %llu is a directory", (unsigned long long)ino);
	return rc ? rc : fat_map(fat_of(fs), &n, off, vol_off, run_len);
}

const struct fs_ops fat_ops = {
	.name = "fat",
	.mount = fat_mount,
	.unmount = fat_unmount,
	.stat = op_stat,
	.lookup = op_lookup,
	.readdir = op_readdir,
	.read = op_read,
	.readlink = op_readlink,
	.bmap = op_bmap,
};
