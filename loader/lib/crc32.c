/* Bitwise CRC-32 and CRC-32C (see crc32.h). */
#include "loader/lib/crc32.h"

static uint32_t crc_update(uint32_t crc, const uint8_t *p, size_t len, uint32_t poly)
{
	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (poly & (0u - (crc & 1)));
	}
	return crc;
}

uint32_t crc32_ieee(uint32_t crc, const void *buf, size_t len)
{
	return ~crc_update(~crc, buf, len, 0xEDB88320u);
}

uint32_t crc32c_raw(uint32_t crc, const void *buf, size_t len)
{
	return crc_update(crc, buf, len, 0x82F63B78u);
}
