/* CRC-32 and CRC-32C against their published check values (the CRC
 * catalogue's "123456789", RFC 3720's iSCSI vectors), continued in pieces,
 * and XFS's use of CRC-32C: the stored word excluded, stored inverted and
 * little-endian. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fs/xfs.h"
#include "loader/lib/crc32.h"

static uint32_t crc32c(const void *p, size_t len)
{
	return ~crc32c_raw(~0u, p, len);
}

static void test_check_values(void **state)
{
	uint8_t buf[32];

	(void)state;
	assert_int_equal(crc32_ieee(0, "123456789", 9), 0xCBF43926u);
	assert_int_equal(crc32c("123456789", 9), 0xE3069283u);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(crc32c(buf, sizeof(buf)), 0x8A9136AAu);
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(crc32c(buf, sizeof(buf)), 0x62A8AB43u);
	for (int i = 0; i < 32; i++)
		buf[i] = (uint8_t)i;
	assert_int_equal(crc32c(buf, sizeof(buf)), 0x46DD794Eu);
	/* Continued over pieces: the same as in one go. */
	uint32_t c = crc32c_raw(~0u, buf, 5);
	c = crc32c_raw(c, buf + 5, 27);
	assert_int_equal(~c, 0x46DD794Eu);
	assert_int_equal(crc32_ieee(crc32_ieee(0, "1234", 4), "56789", 5), 0xCBF43926u);
}

static void test_xfs_crc(void **state)
{
	uint8_t blk[512];

	(void)state;
	for (size_t i = 0; i < sizeof(blk); i++)
		blk[i] = (uint8_t)(i * 7 + 3);
	/* The CRC word counts as zero; the result is stored little-endian. */
	memset(blk + 224, 0, 4);
	uint32_t c = crc32c(blk, sizeof(blk));
	blk[224] = (uint8_t)c;
	blk[225] = (uint8_t)(c >> 8);
	blk[226] = (uint8_t)(c >> 16);
	blk[227] = (uint8_t)(c >> 24);
	assert_true(xfs_crc_ok(blk, sizeof(blk), 224));
	blk[300] ^= 1;
	assert_false(xfs_crc_ok(blk, sizeof(blk), 224));
	blk[300] ^= 1;
	blk[226] ^= 0x80;
	assert_false(xfs_crc_ok(blk, sizeof(blk), 224));
	assert_false(xfs_crc_ok(blk, 226, 224)); /* the word must fit */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_values),
		cmocka_unit_test(test_xfs_crc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
