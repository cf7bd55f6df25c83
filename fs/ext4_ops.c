/* ext4: the driver's operations table (see fs/fs.h). */
#include "fs/ext4.h"
#include "loader/lib/err.h"

static int op_stat(struct fs *fs, uint64_t ino, struct fs_stat *st)
{
	struct ext4_inode *in = malloc(sizeof(*in));
	int rc;

	if (!in)
		return pb_error(PB_ERR_NOMEM, "ext4: out of memory");
	rc = ext4_read_inode(ext4_of(fs), ino, in);
	if (rc == PB_OK) {
		memset(st, 0, sizeof(*st));
		st->ino = ino;
		st->type = ext4_type(in->mode);
		st->size = in->size;
		st->mode = in->mode;
		st->nlink = in->links;
		st->mtime = in->mtime;
	}
	free(in);
	return rc;
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
	struct ext4_inode *in = malloc(sizeof(*in));
	struct lookup_ctx l = { name, 0 };
	int rc;

	if (!in)
		return pb_error(PB_ERR_NOMEM, "ext4: out of memory");
	rc = ext4_read_inode(ext4_of(fs), dir, in);
	if (rc == PB_OK && ext4_refuse_encrypted(in))
		rc = pb_error(PB_ERR_UNSUPPORTED, "looking up %s: %s", name, pb_errmsg());
	if (rc == PB_OK)
		rc = ext4_iterate_dir(ext4_of(fs), in, lookup_cb, &l);
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
	struct ext4_inode *in = malloc(sizeof(*in));
	int rc;

	if (!in)
		return pb_error(PB_ERR_NOMEM, "ext4: out of memory");
	rc = ext4_read_inode(ext4_of(fs), dir, in);
	if (rc == PB_OK)
		rc = ext4_iterate_dir(ext4_of(fs), in, cb, ctx);
	free(in);
	return rc;
}

static int op_read(struct fs *fs, uint64_t ino, uint64_t off, void *buf, size_t len, size_t *got)
{
	struct ext4_inode *in = malloc(sizeof(*in));
	int rc;

	if (!in)
		return pb_error(PB_ERR_NOMEM, "ext4: out of memory");
	rc = ext4_read_inode(ext4_of(fs), ino, in);
	if (rc == PB_OK && ext4_type(in->mode) == FS_DIR)
		rc = pb_error(PB_ERR_ISDIR, "ext4: inode %llu is a directory", (unsigned long long)ino);
	if (rc == PB_OK)
		rc = ext4_refuse_encrypted(in);
	if (rc == PB_OK)
		rc = ext4_read_data(ext4_of(fs), in, off, buf, len, got);
	free(in);
	return rc;
}

static int op_readlink(struct fs *fs, uint64_t ino, char *buf, size_t size)
{
	struct ext4_fs *e = ext4_of(fs);
	struct ext4_inode *in = malloc(sizeof(*in));
	size_t got;
	int rc;

	if (!in)
		return pb_error(PB_ERR_NOMEM, "ext4: out of memory");
	rc = ext4_read_inode(e, ino, in);
	if (rc == PB_OK && ext4_type(in->mode) != FS_SYMLINK)
		rc = pb_error(PB_ERR_INVAL, "ext4: inode %llu is not a symlink", (unsigned long long)ino);
	if (rc == PB_OK)
		rc = ext4_refuse_encrypted(in); /* the target is ciphertext too */
	if (rc == PB_OK && in->size >= size)
		rc = pb_error(PB_ERR_LIMIT, "ext4: symlink inode %llu is %llu bytes long",
			      (unsigned long long)ino, (unsigned long long)in->size);
	if (rc == PB_OK && ext4_is_fast_symlink(e, in)) {
		memcpy(buf, in->raw + 40, (size_t)in->size);
		buf[in->size] = '\0';
	} else if (rc == PB_OK) {
		rc = ext4_read_data(e, in, 0, buf, (size_t)in->size, &got);
		if (rc == PB_OK)
			buf[got] = '\0';
	}
	free(in);
	return rc;
}

/* Inode flags under which a plain data-block write would not be what a
 * reader sees, or would break an integrity promise: contents transformed
 * on disk (encrypt), hashed (verity), or frozen by the admin (immutable). */
#define EXT4_IMMUTABLE_FL 0x00000010
#define EXT4_VERITY_FL 0x00100000
#define BMAP_REFUSED_FL (EXT4_IMMUTABLE_FL | EXT4_ENCRYPT_FL | EXT4_VERITY_FL | EXT4_INLINE_DATA_FL)

static int op_bmap(struct fs *fs, uint64_t ino, uint64_t off, uint64_t *vol_off, uint64_t *run_len)
{
	struct ext4_fs *e = ext4_of(fs);
	struct ext4_inode *in;
	uint64_t pblk, count;
	int rc;

	/* An unreplayed journal may hold newer copies of blocks (every block
	 * in data=journal mode), which a replay would write over ours. */
	if (e->incompat & EXT4_FEATURE_INCOMPAT_RECOVER)
		return pb_error(PB_ERR_UNSUPPORTED, "ext4: the journal needs recovery; not writing");
	if (ext4_ro_compat_unwritable(e->ro_compat))
		return pb_error(PB_ERR_UNSUPPORTED, "ext4: read-only compatible features 0x%x (shared blocks or unknown); not writing",
				ext4_ro_compat_unwritable(e->ro_compat));
	in = malloc(sizeof(*in));
	if (!in)
		return pb_error(PB_ERR_NOMEM, "ext4: out of memory");
	rc = ext4_read_inode(e, ino, in);
	if (rc == PB_OK && (in->flags & BMAP_REFUSED_FL))
		rc = pb_error(PB_ERR_UNSUPPORTED, "ext4: inode %llu: flags 0x%x (inline, encrypted, verity or immutable) forbid writing its blocks",
			      (unsigned long long)ino, in->flags & BMAP_REFUSED_FL);
	if (rc == PB_OK && off >= in->size)
		rc = pb_error(PB_ERR_INVAL, "ext4: inode %llu: offset %llu is past its end",
			      (unsigned long long)ino, (unsigned long long)off);
	if (rc == PB_OK)
		rc = ext4_map(e, in, off / e->block_size, &pblk, &count);
	/* pblk 0 is a hole or an unwritten extent: writing would need
	 * allocation or an extent conversion, i.e. metadata.  A block at or
	 * below the superblock's is never file data (ext4_map already checks
	 * the upper bound). */
	if (rc == PB_OK && pblk == 0)
		rc = pb_error(PB_ERR_UNSUPPORTED, "ext4: inode %llu: byte %llu is in a hole or an unwritten extent",
			      (unsigned long long)ino, (unsigned long long)off);
	else if (rc == PB_OK && pblk <= e->first_data_block)
		rc = pb_error(PB_ERR_CORRUPT, "ext4: inode %llu: data block %llu overlaps the superblock",
			      (unsigned long long)ino, (unsigned long long)pblk);
	if (rc == PB_OK) {
		uint64_t skip = off % e->block_size;
		*vol_off = pblk * e->block_size + skip;
		*run_len = count * e->block_size - skip;
	}
	free(in);
	return rc;
}

const struct fs_ops ext4_ops = {
	.name = "ext4",
	.mount = ext4_mount,
	.unmount = ext4_unmount,
	.stat = op_stat,
	.lookup = op_lookup,
	.readdir = op_readdir,
	.read = op_read,
	.readlink = op_readlink,
	.bmap = op_bmap,
};
