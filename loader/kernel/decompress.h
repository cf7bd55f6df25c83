/* Decompression of kernel payloads in the seven formats Linux uses, through
 * Debian's libraries (zlib, libbz2, liblzma, liblzo2, liblz4, libzstd).
 *
 * Contract of every decoder: write at most out_max bytes into out; *out_len
 * is what was produced.  A stream that wants to produce more than out_max is
 * PB_ERR_LIMIT (a bomb, or a caller's buffer too small); one that ends early
 * is PB_ERR_TRUNCATED; anything else malformed is PB_ERR_CORRUPT.  Bytes
 * after a complete stream are ignored (Linux appends the decompressed size).
 */
#ifndef PVBOOT_LOADER_DECOMPRESS_H
#define PVBOOT_LOADER_DECOMPRESS_H

#include "loader/lib/libc.h"

enum comp {
	COMP_NONE = 0,
	COMP_GZIP,
	COMP_BZIP2,
	COMP_LZMA, /* the "alone" (.lzma) container */
	COMP_XZ,
	COMP_LZO,  /* the lzop file format around lzo1x blocks */
	COMP_LZ4,  /* the legacy lz4 frame (magic 0x184C2102) */
	COMP_ZSTD,
	COMP_COUNT
};

typedef int (*decomp_fn)(const void *in, size_t in_len, void *out,
			 size_t out_max, size_t *out_len);

int decomp_gzip(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len);
/* A zlib stream (RFC 1950: deflate with a 2-byte header and Adler-32), as
 * btrfs compresses extents; not a kernel payload format, so not in enum comp. */
int decomp_zlib(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len);
int decomp_bzip2(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len);
int decomp_lzma(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len);
int decomp_xz(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len);
int decomp_lzo(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len);
int decomp_lz4(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len);
int decomp_zstd(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len);

/* Recognise a format by its magic bytes; COMP_NONE if none matches. */
enum comp decomp_detect(const void *buf, size_t len);
const char *decomp_name(enum comp c);
int decomp_run(enum comp c, const void *in, size_t in_len, void *out,
	       size_t out_max, size_t *out_len);

/* Memory the decoders may use for their own state (xz/lzma dictionaries,
 * zstd windows): enough for any kernel, bounded against hostile headers. */
#define DECOMP_MEMLIMIT (256u << 20)

#endif
