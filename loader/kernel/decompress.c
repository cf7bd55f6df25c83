/* Format detection and dispatch for the kernel decompressors. */
#include "loader/kernel/decompress.h"
#include "loader/lib/err.h"

struct decomp_format {
	const char *name;
	const uint8_t *magic;
	size_t magic_len;
	decomp_fn fn;
};

static const struct decomp_format formats[COMP_COUNT] = {
	[COMP_NONE] = { "none", NULL, 0, NULL },
	[COMP_GZIP] = { "gzip", (const uint8_t *)"\x1f\x8b\x08", 3, decomp_gzip },
	[COMP_BZIP2] = { "bzip2", (const uint8_t *)"BZh", 3, decomp_bzip2 },
	/* lzma-alone has no magic; Linux (and lzma(1) at its defaults) writes
	 * properties 0x5d and a dictionary size below 4 GiB. */
	[COMP_LZMA] = { "lzma", (const uint8_t *)"\x5d\x00\x00", 3, decomp_lzma },
	[COMP_XZ] = { "xz", (const uint8_t *)"\xfd" "7zXZ\x00", 6, decomp_xz },
	[COMP_LZO] = { "lzo", (const uint8_t *)"\x89LZO\x00\x0d\x0a\x1a\x0a", 9, decomp_lzo },
	[COMP_LZ4] = { "lz4", (const uint8_t *)"\x02\x21\x4c\x18", 4, decomp_lz4 },
	[COMP_ZSTD] = { "zstd", (const uint8_t *)"\x28\xb5\x2f\xfd", 4, decomp_zstd },
};

enum comp decomp_detect(const void *buf, size_t len)
{
	for (int c = 1; c < COMP_COUNT; c++)
		if (len >= formats[c].magic_len &&
		    memcmp(buf, formats[c].magic, formats[c].magic_len) == 0)
			return (enum comp)c;
	return COMP_NONE;
}

const char *decomp_name(enum comp c)
{
	return c >= 0 && c < COMP_COUNT ? formats[c].name : "unknown";
}

int decomp_run(enum comp c, const void *in, size_t in_len, void *out,
	       size_t out_max, size_t *out_len)
{
	*out_len = 0;
	if (c <= COMP_NONE || c >= COMP_COUNT)
		return pb_error(PB_ERR_INVAL, "decompress: no such format %d", (int)c);
	return formats[c].fn(in, in_len, out, out_max, out_len);
}
