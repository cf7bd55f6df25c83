/* Unit tests for byte-granular device writes (fs/blockdev.c): the
 * read-modify-write of partial sectors must preserve every neighbouring
 * byte, the aligned middle must be one request, and read-only devices and
 * out-of-range writes must be refused before anything is written.  The
 * filesystem half (fs/overwrite.c) is tested on real images by
 * tests/check/35-overwrite.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fs/blockdev.h"
#include "loader/lib/err.h"

static int mem_read(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf)
{
	memcpy(buf, (uint8_t *)dev->priv + lba * dev->sector_size, count * dev->sector_size);
	return PB_OK;
}

static int mem_write(struct blockdev *dev, uint64_t lba, uint64_t count, const void *buf)
{
	memcpy((uint8_t *)dev->priv + lba * dev->sector_size, buf, count * dev->sector_size);
	return PB_OK;
}

static const struct blockdev_ops rw_ops = { .read = mem_read, .write = mem_write };
static const struct blockdev_ops ro_ops = { .read = mem_read };

static uint8_t *make_disk(struct blockdev *dev, uint32_t ss, uint64_t n)
{
	uint8_t *data = malloc(ss * n);

	memset(dev, 0, sizeof(*dev));
	for (uint64_t i = 0; i < ss * n; i++)
		data[i] = (uint8_t)(i * 7 + i / 251);
	dev->ops = &rw_ops;
	dev->sector_size = ss;
	dev->nr_sectors = n;
	dev->priv = data;
	return data;
}

/* Every (offset, length) against a shadow copy patched with memcpy. */
static void test_writes_match_shadow(void **state)
{
	(void)state;
	uint32_t sizes[] = { 512, 4096 };
	for (int s = 0; s < 2; s++) {
		struct blockdev dev;
		uint64_t total = (uint64_t)sizes[s] * 16;
		uint8_t *data = make_disk(&dev, sizes[s], 16);
		uint8_t *shadow = malloc(total), *src = malloc(total);
		uint64_t offs[] = { 0, 1, 511, 512, 513, 1024, 4095, 4097, total - 1 };
		size_t lens[] = { 0, 1, 100, 512, 1000, 1024, 4096, 9000 };
		memcpy(shadow, data, total);
		for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
			for (size_t j = 0; j < sizeof(lens) / sizeof(lens[0]); j++) {
				if (offs[i] + lens[j] > total)
					continue;
				for (size_t k = 0; k < lens[j]; k++)
					src[k] = (uint8_t)(i * 31 + j * 17 + k);
				assert_int_equal(blockdev_write_bytes(&dev, offs[i], src, lens[j]), PB_OK);
				memcpy(shadow + offs[i], src, lens[j]);
				assert_memory_equal(data, shadow, total);
			}
		free(shadow);
		free(src);
		free(data);
	}
}

static void test_counts_and_one_aligned_request(void **state)
{
	(void)state;
	struct blockdev dev;
	uint8_t *data = make_disk(&dev, 512, 64);
	uint8_t buf[8192];
	memset(buf, 0xAB, sizeof(buf));
	/* unaligned head (read+write), aligned run (one write), tail (read+write) */
	assert_int_equal(blockdev_write_bytes(&dev, 100, buf, 8192), PB_OK);
	assert_int_equal(dev.stats.write_requests, 3);
	assert_int_equal(dev.stats.write_bytes, 512 + 7680 + 512);
	assert_int_equal(dev.stats.requests, 2);
	/* aligned: no read at all */
	assert_int_equal(blockdev_write_bytes(&dev, 1024, buf, 1024), PB_OK);
	assert_int_equal(dev.stats.write_requests, 4);
	assert_int_equal(dev.stats.requests, 2);
	free(data);
}

static void test_refusals_write_nothing(void **state)
{
	(void)state;
	struct blockdev dev;
	uint8_t *data = make_disk(&dev, 512, 8);
	uint8_t *copy = malloc(4096), b[16] = { 0 };
	memcpy(copy, data, 4096);
	assert_int_equal(blockdev_write_bytes(&dev, 4096 - 8, b, 16), PB_ERR_IO);
	assert_int_equal(blockdev_write_bytes(&dev, UINT64_MAX - 4, b, 16), PB_ERR_IO);
	struct volume vol = { &dev, 1024, 2048 };
	assert_int_equal(volume_write(&vol, 2040, b, 16), PB_ERR_CORRUPT);
	assert_int_equal(volume_write(&vol, UINT64_MAX, b, 2), PB_ERR_CORRUPT);
	dev.read_only = true;
	assert_int_equal(volume_write(&vol, 0, b, 16), PB_ERR_ROFS);
	dev.read_only = false;
	dev.ops = &ro_ops;
	assert_int_equal(blockdev_write_bytes(&dev, 0, b, 16), PB_ERR_ROFS);
	assert_memory_equal(data, copy, 4096);
	assert_int_equal(dev.stats.write_requests, 0);
	dev.ops = &rw_ops;
	assert_int_equal(volume_write(&vol, 2032, b, 16), PB_OK);
	assert_memory_equal(data + 1024 + 2032, b, 16);
	free(copy);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writes_match_shadow),
		cmocka_unit_test(test_counts_and_one_aligned_request),
		cmocka_unit_test(test_refusals_write_nothing),
	};
	return cmocka_run_group_tests_name("overwrite", tests, NULL, NULL);
}
