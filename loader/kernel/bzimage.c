/* Linux bzImage setup header (see bzimage.h).  Offsets are the boot
 * protocol's, fixed since 2.00; payload_offset/length arrived in 2.08. */
#include "loader/kernel/bzimage.h"
#include "loader/lib/err.h"

#define HDR_SETUP_SECTS 0x1f1
#define HDR_BOOT_FLAG 0x1fe
#define HDR_MAGIC 0x202
#define HDR_VERSION 0x206
#define HDR_LOADFLAGS 0x211
#define HDR_PAYLOAD_OFFSET 0x248
#define HDR_PAYLOAD_LENGTH 0x24c
#define HDR_INIT_SIZE 0x260
#define HDR_MIN_LEN 0x264

bool bzimage_is_bzimage(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	return len >= HDR_MIN_LEN && pb_le16(p + HDR_BOOT_FLAG) == 0xAA55 &&
	       memcmp(p + HDR_MAGIC, "HdrS", 4) == 0;
}

int bzimage_parse(const void *buf, size_t len, struct bzimage_info *bz)
{
	const uint8_t *p = buf;

	memset(bz, 0, sizeof(*bz));
	if (!bzimage_is_bzimage(buf, len))
		return pb_error(PB_ERR_FORMAT, "not a Linux bzImage (no boot flag / HdrS)");
	bz->version = pb_le16(p + HDR_VERSION);
	if (bz->version < 0x0208)
		return pb_error(PB_ERR_UNSUPPORTED,
				"bzImage: boot protocol %u.%02u has no payload fields (need 2.08)",
				bz->version >> 8, bz->version & 0xff);
	bz->setup_sects = p[HDR_SETUP_SECTS] ? p[HDR_SETUP_SECTS] : 4;
	bz->loadflags = p[HDR_LOADFLAGS];
	bz->pm_offset = ((uint64_t)bz->setup_sects + 1) * 512;
	bz->payload_offset = bz->pm_offset + pb_le32(p + HDR_PAYLOAD_OFFSET);
	bz->payload_length = pb_le32(p + HDR_PAYLOAD_LENGTH);
	bz->init_size = pb_le32(p + HDR_INIT_SIZE);
	if (bz->pm_offset > len)
		return pb_error(PB_ERR_TRUNCATED, "bzImage: %u setup sectors but the file is %zu bytes",
				bz->setup_sects, len);
	if (bz->payload_length < 4 || !pb_range_ok(bz->payload_offset, bz->payload_length, len))
		return pb_error(PB_ERR_CORRUPT,
				"bzImage: payload at %llu, %u bytes, outside the %zu-byte file",
				(unsigned long long)bz->payload_offset, bz->payload_length, len);
	return PB_OK;
}
