/* btrfs: compressed extents.  zlib and zstd are plain streams (through
 * loader/kernel's decoders, the libraries the loader already links);
 * lzo is btrfs's own framing around lzo1x: a 4-byte total length, then
 * segments of a 4-byte length and the lzo1x data of at most one sector of
 * output, a segment header never crossing a sector boundary (the rest of
 * such a sector is zero padding). */
#include <lzo/lzo1x.h>

#include "fs/btrfs.h"
#include "loader/kernel/decompress.h"
#include "loader/lib/err.h"

#define BTRFS_COMPRESS_ZLIB 1
#define BTRFS_COMPRESS_LZO 2
#define BTRFS_COMPRESS_ZSTD 3

static int lzo_segments(uint32_t sectorsize, const uint8_t *in, size_t in_len, uint8_t *out,
			size_t out_max, size_t *out_len)
{
	/* lzo1x's worst case for one sector of input. */
	size_t seg_max = sectorsize + sectorsize / 16 + 64 + 3;
	uint8_t *tmp;
	size_t pos = 4, done = 0, tot;
	int rc = PB_OK;

	*out_len = 0;
	if (in_len < 4)
		return pb_error(PB_ERR_CORRUPT, "btrfs: lzo extent of %zu bytes", in_len);
	tot = pb_le32(in);
	if (tot < 4 || tot > in_len)
		return pb_error(PB_ERR_CORRUPT, "btrfs: lzo extent says %zu bytes, has %zu", tot, in_len);
	tmp = malloc(sectorsize);
	if (!tmp)
		return pb_error(PB_ERR_NOMEM, "btrfs: out of memory");
	while (pos < tot && done < out_max) {
		size_t seg, left;
		lzo_uint n = sectorsize;

		if (!pb_range_ok(pos, 4, tot)) {
			rc = pb_error(PB_ERR_CORRUPT, "btrfs: lzo segment header cut at %zu", pos);
			break;
		}
		seg = pb_le32(in + pos);
		pos += 4;
		if (seg == 0 || seg > seg_max || !pb_range_ok(pos, seg, tot)) {
			rc = pb_error(PB_ERR_CORRUPT, "btrfs: lzo segment of %zu bytes at %zu (of %zu)", seg,
				      pos - 4, tot);
			break;
		}
		int e = lzo1x_decompress_safe(in + pos, (lzo_uint)seg, tmp, &n, NULL);
		if (e != LZO_E_OK && !(e == LZO_E_INPUT_NOT_CONSUMED && n > 0)) {
			rc = pb_error(PB_ERR_CORRUPT, "btrfs: lzo segment at %zu: lzo1x error %d", pos - 4, e);
			break;
		}
		n = PB_MIN((size_t)n, out_max - done);
		memcpy(out + done, tmp, n);
		done += n;
		pos += seg;
		left = sectorsize - pos % sectorsize;
		if (left < 4)
			pos += left; /* padding: a header never straddles a sector */
	}
	free(tmp);
	*out_len = done;
	return rc;
}

int btrfs_decompress(struct btrfs_fs *b, uint8_t type, const uint8_t *in, size_t in_len,
		     uint8_t *out, size_t out_max, size_t *out_len)
{
	int rc;

	switch (type) {
	case BTRFS_COMPRESS_ZLIB:
		rc = decomp_zlib(in, in_len, out, out_max, out_len);
		break;
	case BTRFS_COMPRESS_LZO:
		return lzo_segments(b->sectorsize, in, in_len, out, out_max, out_len);
	case BTRFS_COMPRESS_ZSTD:
		rc = decomp_zstd(in, in_len, out, out_max, out_len);
		break;
	default:
		return pb_error(PB_ERR_UNSUPPORTED, "btrfs: compression type %u", type);
	}
	/* The extent's size is known: a stream that fills it exactly and
	 * would go on (or whose end marker follows) has given all we need. */
	if (rc == PB_ERR_LIMIT && *out_len == out_max)
		rc = PB_OK;
	if (rc) {
		char why[128];
		pb_strlcpy(why, pb_errmsg(), sizeof(why)); /* pb_error formats into the same buffer */
		return pb_error(rc, "btrfs: compressed extent: %s", why);
	}
	return PB_OK;
}
