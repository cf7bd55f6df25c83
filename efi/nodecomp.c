/* The EFI image links no decompressors (see efi/efi.mk): the kernel's EFI
 * stub decompresses itself, and Debian's archives assume a red zone and a
 * %fs stack canary, neither of which an EFI application may rely on.  What
 * would need them — btrfs compressed extents — fails with this message. */
#include "fs/btrfs.h"
#include "loader/kernel/decompress.h"
#include "loader/lib/err.h"

#define NO_DECOMP(fn, what)                                                                         \
	int fn(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len)            \
	{                                                                                            \
		(void)in, (void)in_len, (void)out, (void)out_max;                                     \
		*out_len = 0;                                                                        \
		return pb_error(PB_ERR_UNSUPPORTED, what " is not built into the EFI image");         \
	}

NO_DECOMP(decomp_gzip, "gzip")
NO_DECOMP(decomp_zlib, "zlib")
NO_DECOMP(decomp_bzip2, "bzip2")
NO_DECOMP(decomp_lzma, "lzma")
NO_DECOMP(decomp_xz, "xz")
NO_DECOMP(decomp_lzo, "lzo")
NO_DECOMP(decomp_lz4, "lz4")
NO_DECOMP(decomp_zstd, "zstd")

int btrfs_decompress(struct btrfs_fs *b, uint8_t type, const uint8_t *in, size_t in_len, uint8_t *out,
		     size_t out_max, size_t *out_len)
{
	(void)b, (void)in, (void)in_len, (void)out, (void)out_max;
	*out_len = 0;
	return pb_error(PB_ERR_UNSUPPORTED, "btrfs: compressed extent (type %u): no decompressors in the EFI image",
			type);
}
