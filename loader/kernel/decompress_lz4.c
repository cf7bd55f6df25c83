/* lz4 as Linux packs it: the legacy frame.  Magic 0x184C2102, then blocks,
 * each a u32 LE compressed size and data decoding to at most 8 MiB.  A new
 * magic may start another stream.  Linux appends the 4-byte uncompressed
 * size after the last block, so a few bytes too short to be a block end the
 * stream rather than truncate it. */
#include <lz4.h>

#include "loader/kernel/decompress.h"
#include "loader/lib/err.h"

#define LZ4_LEGACY_MAGIC 0x184C2102u
#define LZ4_LEGACY_BLOCK (8u << 20)

int decomp_lz4(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len)
{
	const uint8_t *p = in;
	uint8_t *dst = out;
	size_t off = 4, done = 0;
	int blocks = 0;

	*out_len = 0;
	if (in_len < 4 || pb_le32(p) != LZ4_LEGACY_MAGIC)
		return pb_error(PB_ERR_FORMAT, "lz4: no legacy frame magic");
	while (in_len - off >= 4) {
		uint32_t clen = pb_le32(p + off);

		if (clen == LZ4_LEGACY_MAGIC) {
			off += 4;
			continue;
		}
		if (clen > in_len - off - 4 ||
		    clen > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK)) {
			/* Not a block: the appended size (or a short trailer). */
			if (blocks && in_len - off <= 8)
				break;
			if (clen > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK))
				return pb_error(PB_ERR_CORRUPT, "lz4: block of %u bytes at %zu", clen, off);
			return pb_error(PB_ERR_TRUNCATED, "lz4: block of %u bytes at %zu runs past the input",
					clen, off);
		}
		size_t room = PB_MIN(out_max - done, (size_t)LZ4_LEGACY_BLOCK);
		int n = LZ4_decompress_safe((const char *)p + off + 4, (char *)dst + done,
					    (int)clen, (int)room);
		if (n < 0) {
			if (room < LZ4_LEGACY_BLOCK)
				return pb_error(PB_ERR_LIMIT, "lz4: output exceeds %zu bytes (or corrupt block at %zu)",
						out_max, off);
			return pb_error(PB_ERR_CORRUPT, "lz4: corrupt block at %zu", off);
		}
		done += (size_t)n;
		off += 4 + clen;
		blocks++;
		*out_len = done;
	}
	if (!blocks)
		return pb_error(PB_ERR_TRUNCATED, "lz4: no block after the magic");
	return PB_OK;
}
