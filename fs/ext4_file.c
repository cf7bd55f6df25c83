/* ext4: reading file contents.  Each contiguous run of blocks is one
 * volume_read straight into the caller's buffer; holes are zero-filled. */
#include "fs/ext4.h"
#include "loader/lib/err.h"

static int read_inline(const struct ext4_inode *in, uint64_t off, uint8_t *out,
		       size_t len, size_t *got)
{
	const uint8_t *a, *b;
	size_t alen, blen;
	int rc = ext4_inline_data(in, &a, &alen, &b, &blen);

	if (rc)
		return rc;
	if (in->size > alen + blen)
		return pb_error(PB_ERR_CORRUPT, "ext4: inode %llu: inline size %llu but only %zu bytes of inline data",
				(unsigned long long)in->ino, (unsigned long long)in->size, alen + blen);
	for (size_t i = 0; i < len; i++) {
		uint64_t pos = off + i;
		out[i] = pos < alen ? a[pos] : b[pos - alen];
	}
	*got = len;
	return PB_OK;
}

int ext4_read_data(struct ext4_fs *e, const struct ext4_inode *in, uint64_t off,
		   void *buf, size_t len, size_t *got)
{
	uint8_t *out = buf;
	size_t done = 0;

	*got = 0;
	if (off >= in->size)
		return PB_OK;
	if (len > in->size - off)
		len = (size_t)(in->size - off);
	if (in->flags & EXT4_INLINE_DATA_FL)
		return read_inline(in, off, out, len, got);
	while (done < len) {
		uint64_t pos = off + done, lblk = pos / e->block_size, pblk, count;
		uint32_t skip = (uint32_t)(pos % e->block_size);
		int rc = ext4_map(e, in, lblk, &pblk, &count);

		if (rc)
			return rc;
		uint64_t run = count * e->block_size - skip;
		size_t n = (size_t)PB_MIN(run, (uint64_t)(len - done));
		if (pblk == 0) {
			memset(out + done, 0, n);
		} else {
			rc = volume_read(&e->fs.vol, pblk * e->block_size + skip, out + done, n);
			if (rc)
				return rc;
		}
		done += n;
		*got = done;
	}
	return PB_OK;
}
