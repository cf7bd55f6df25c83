/* Rewriting an existing file in place, for GRUB's grubenv (see fs/fs.h).
 *
 * GRUB's save_env writes the 1024-byte environment block over the file's
 * own data blocks and never touches metadata: that keeps the write small,
 * needs no allocator, and leaves the filesystem consistent for fsck
 * whatever the journal or checksum features (ext4 data blocks carry no
 * checksum).  We do exactly that, for any driver that can say where a
 * file's bytes are (fs_ops.bmap).
 */
#include "fs/fs.h"
#include "loader/lib/err.h"

/* Every byte of [0, len) must map to a plain block before the first write,
 * so that a file with a hole or inline tail is refused untouched rather
 * than half-written.  With buf == NULL this only checks. */
static int walk_runs(struct fs *fs, uint64_t ino, const uint8_t *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		uint64_t vol_off, run;
		int rc = fs->ops->bmap(fs, ino, done, &vol_off, &run);

		if (rc)
			return rc;
		if (run == 0)
			return pb_error(PB_ERR_CORRUPT, "inode %llu: empty run at byte %zu",
					(unsigned long long)ino, done);
		size_t n = (size_t)PB_MIN(run, (uint64_t)(len - done));
		if (buf) {
			rc = volume_write(&fs->vol, vol_off, buf + done, n);
			if (rc)
				return rc;
		} else if (!pb_range_ok(vol_off, n, fs->vol.size)) {
			return pb_error(PB_ERR_CORRUPT, "inode %llu: byte %zu maps to %llu, outside the volume",
					(unsigned long long)ino, done, (unsigned long long)vol_off);
		}
		done += n;
	}
	return PB_OK;
}

/* Read back through the driver, as the next boot will, and compare. */
static int verify(struct fs *fs, const char *path, uint64_t ino, const void *buf, size_t len)
{
	uint8_t *chk = malloc(len);
	size_t got;
	int rc;

	if (!chk)
		return pb_error(PB_ERR_NOMEM, "%s: cannot allocate %zu bytes to verify", path, len);
	rc = fs->ops->read(fs, ino, 0, chk, len, &got);
	if (rc == PB_OK && (got != len || memcmp(chk, buf, len) != 0))
		rc = pb_error(PB_ERR_IO, "%s: the data read back differs from what was written", path);
	free(chk);
	return rc;
}

int fs_overwrite_file(struct fs *fs, const char *path, const void *buf, size_t len)
{
	struct fs_stat st;
	int rc;

	if (!fs->ops->bmap)
		return pb_error(PB_ERR_UNSUPPORTED, "%s: %s cannot write files in place", path,
				fs->ops->name);
	if (fs->vol.dev->read_only || !fs->vol.dev->ops->write)
		return pb_error(PB_ERR_ROFS, "%s: %s is read-only", path, fs->vol.dev->name);
	rc = fs_stat_regular(fs, path, &st);
	if (rc)
		return rc;
	if (st.size != len)
		return pb_error(PB_ERR_INVAL, "%s: is %llu bytes, new contents are %zu: only a same-size rewrite is possible",
				path, (unsigned long long)st.size, len);
	rc = walk_runs(fs, st.ino, NULL, len);
	if (rc == PB_OK)
		rc = walk_runs(fs, st.ino, buf, len);
	if (rc == PB_OK && len)
		rc = verify(fs, path, st.ino, buf, len);
	return rc;
}
