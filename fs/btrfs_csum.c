/* btrfs: metadata checksums (superblock and tree blocks).  All four types
 * mkfs.btrfs offers are verified: crc32c, xxhash (XXH64), sha256 and
 * blake2 (BLAKE2b-256).  File data checksums (the csum tree) are not
 * read, as GRUB does not read them either. */
#include "fs/btrfs.h"
#include "loader/lib/blake2b.h"
#include "loader/lib/crc32.h"
#include "loader/lib/err.h"
#include "loader/lib/sha256.h"
#include "loader/lib/xxhash64.h"

const char *btrfs_csum_name(uint16_t type)
{
	static const char *const names[] = { "crc32c", "xxhash", "sha256", "blake2" };

	return type < PB_ARRAY_SIZE(names) ? names[type] : "unknown";
}

int btrfs_csum_ok(uint16_t type, const uint8_t *buf, size_t len, bool *ok)
{
	uint8_t want[BTRFS_CSUM_SIZE];
	size_t n;

	if (len <= BTRFS_CSUM_SIZE)
		return pb_error(PB_ERR_INVAL, "btrfs: checksum over %zu bytes", len);
	memset(want, 0, sizeof(want));
	switch (type) {
	case BTRFS_CSUM_CRC32C: {
		uint32_t c = ~crc32c_raw(~0u, buf + BTRFS_CSUM_SIZE, len - BTRFS_CSUM_SIZE);
		for (int i = 0; i < 4; i++)
			want[i] = (uint8_t)(c >> (8 * i));
		n = 4;
		break;
	}
	case BTRFS_CSUM_XXHASH: {
		uint64_t h = xxh64(buf + BTRFS_CSUM_SIZE, len - BTRFS_CSUM_SIZE, 0);
		for (int i = 0; i < 8; i++)
			want[i] = (uint8_t)(h >> (8 * i));
		n = 8;
		break;
	}
	case BTRFS_CSUM_SHA256: {
		struct sha256 s;
		sha256_init(&s);
		sha256_update(&s, buf + BTRFS_CSUM_SIZE, len - BTRFS_CSUM_SIZE);
		sha256_final(&s, want);
		n = 32;
		break;
	}
	case BTRFS_CSUM_BLAKE2:
		blake2b(want, 32, buf + BTRFS_CSUM_SIZE, len - BTRFS_CSUM_SIZE);
		n = 32;
		break;
	default:
		return pb_error(PB_ERR_UNSUPPORTED, "btrfs: unknown checksum type %u", type);
	}
	*ok = memcmp(want, buf, n) == 0;
	return PB_OK;
}
