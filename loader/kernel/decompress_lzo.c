/* lzo as Linux packs it: the lzop file format around lzo1x blocks.
 *
 * Header: magic, version, lib version, [version needed], method, [level],
 * flags, [filter], mode, mtime (1 or 2 words), name, header checksum, and an
 * optional extra field.  Then blocks: u32 BE uncompressed size (0 ends),
 * u32 BE compressed size, optional checksums of the uncompressed and the
 * compressed data, the data (stored when both sizes are equal).  We verify
 * the block checksums lzop wrote (adler32 / crc32 from zlib): cheap, and it
 * turns a corrupt kernel into a clear message instead of a crash later.
 */
#include <lzo/lzo1x.h>
#include <zlib.h>

#include "loader/kernel/decompress.h"
#include "loader/lib/err.h"

#define F_ADLER32_D 0x0001u
#define F_ADLER32_C 0x0002u
#define F_H_EXTRA_FIELD 0x0040u
#define F_CRC32_D 0x0100u
#define F_CRC32_C 0x0200u
#define F_H_FILTER 0x0800u
#define F_H_CRC32 0x1000u
#define LZOP_MAX_BLOCK (64u << 20) /* lzop's own limit on a block */

struct rd {
	const uint8_t *p;
	size_t len, off;
};

static int take(struct rd *r, size_t n, const uint8_t **out)
{
	if (!pb_range_ok(r->off, n, r->len))
		return pb_error(PB_ERR_TRUNCATED, "lzo: input ends inside %s",
				r->off < 64 ? "the header" : "a block");
	*out = r->p + r->off;
	r->off += n;
	return PB_OK;
}

static int take_be32(struct rd *r, uint32_t *v)
{
	const uint8_t *b = NULL;
	int rc = take(r, 4, &b);

	if (rc == PB_OK)
		*v = pb_be32(b);
	return rc;
}

static int parse_header(struct rd *r, uint32_t *flags)
{
	const uint8_t *b = NULL;
	uint32_t version, v32;
	int rc;

	if ((rc = take(r, 9 + 2 + 2, &b)))
		return rc;
	version = pb_be16(b + 9);
	if (version >= 0x0940 && (rc = take(r, 2, &b))) /* version needed */
		return rc;
	if ((rc = take(r, 1, &b)))
		return rc;
	if (b[0] < 1 || b[0] > 3)
		return pb_error(PB_ERR_UNSUPPORTED, "lzo: method %u is not lzo1x", b[0]);
	if (version >= 0x0940 && (rc = take(r, 1, &b))) /* level */
		return rc;
	if ((rc = take_be32(r, flags)))
		return rc;
	if ((*flags & F_H_FILTER) && (rc = take_be32(r, &v32)))
		return rc;
	if ((rc = take(r, 4 + 4, &b))) /* mode, mtime low */
		return rc;
	if (version >= 0x0940 && (rc = take(r, 4, &b))) /* mtime high */
		return rc;
	if ((rc = take(r, 1, &b)) || (rc = take(r, b[0], &b))) /* name */
		return rc;
	if ((rc = take_be32(r, &v32))) /* header checksum */
		return rc;
	if (*flags & F_H_EXTRA_FIELD) {
		if ((rc = take_be32(r, &v32)) || (rc = take(r, v32, &b)) ||
		    (rc = take_be32(r, &v32)))
			return rc;
	}
	return PB_OK;
}

static uint32_t sum(uint32_t flags, uint32_t adler_bit, const uint8_t *d, size_t n)
{
	return (flags & adler_bit) ? (uint32_t)adler32(1, d, (uInt)n)
				   : (uint32_t)crc32(0, d, (uInt)n);
}

int decomp_lzo(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len)
{
	struct rd r = { in, in_len, 0 };
	uint8_t *dst = out;
	size_t done = 0;
	uint32_t flags;
	int rc;

	*out_len = 0;
	if (lzo_init() != LZO_E_OK)
		return pb_error(PB_ERR_UNSUPPORTED, "lzo: library initialisation failed");
	if ((rc = parse_header(&r, &flags)))
		return rc;
	for (;;) {
		uint32_t dlen, clen, dsum = 0, csum = 0;
		const uint8_t *data = NULL;

		if ((rc = take_be32(&r, &dlen)))
			return rc;
		if (dlen == 0)
			break; /* end of stream */
		if ((rc = take_be32(&r, &clen)))
			return rc;
		if (dlen > LZOP_MAX_BLOCK || clen > dlen)
			return pb_error(PB_ERR_CORRUPT, "lzo: block at %zu: sizes %u/%u invalid",
					r.off, clen, dlen);
		if ((flags & (F_ADLER32_D | F_CRC32_D)) && (rc = take_be32(&r, &dsum)))
			return rc;
		if (clen < dlen && (flags & (F_ADLER32_C | F_CRC32_C)) &&
		    (rc = take_be32(&r, &csum)))
			return rc;
		if ((rc = take(&r, clen, &data)))
			return rc;
		if (dlen > out_max - done)
			return pb_error(PB_ERR_LIMIT, "lzo: output exceeds %zu bytes", out_max);
		if (clen < dlen && (flags & (F_ADLER32_C | F_CRC32_C)) &&
		    sum(flags, F_ADLER32_C, data, clen) != csum)
			return pb_error(PB_ERR_CORRUPT, "lzo: compressed block checksum mismatch at output %zu", done);
		if (clen == dlen) {
			memcpy(dst + done, data, dlen);
		} else {
			lzo_uint n = dlen;
			int e = lzo1x_decompress_safe(data, clen, dst + done, &n, NULL);
			if (e != LZO_E_OK || n != dlen)
				return pb_error(PB_ERR_CORRUPT, "lzo: corrupt block at output %zu (error %d)", done, e);
		}
		if ((flags & (F_ADLER32_D | F_CRC32_D)) &&
		    sum(flags, F_ADLER32_D, dst + done, dlen) != dsum)
			return pb_error(PB_ERR_CORRUPT, "lzo: block checksum mismatch at output %zu", done);
		done += dlen;
		*out_len = done;
	}
	return PB_OK;
}
