/* Unit tests for byte-granular device reads and volume bounds (fs/blockdev.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fs/blockdev.h"
#include "loader/lib/err.h"

struct mem_disk {
	uint8_t *data;
};

static int mem_read(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf)
{
	struct mem_disk *m = dev->priv;
	memcpy(buf, m->data + lba * dev->sector_size, count * dev->sector_size);
	return PB_OK;
}

static const struct blockdev_ops mem_ops = { .read = mem_read };

static void make_disk(struct blockdev *dev, struct mem_disk *m, uint32_t ss, uint64_t n)
{
	memset(dev, 0, sizeof(*dev));
	m->data = malloc(ss * n);
	for (uint64_t i = 0; i < ss * n; i++)
		m->data[i] = (uint8_t)(i * 7 + i / 251);
	dev->ops = &mem_ops;
	dev->sector_size = ss;
	dev->nr_sectors = n;
	dev->priv = m;
}

static void test_unaligned_reads_match(void **state)
{
	(void)state;
	uint32_t sizes[] = { 512, 4096 };
	for (int s = 0; s < 2; s++) {
		struct blockdev dev;
		struct mem_disk m;
		make_disk(&dev, &m, sizes[s], 64);
		uint64_t total = (uint64_t)sizes[s] * 64;
		uint8_t *buf = malloc(total);
		uint64_t offs[] = { 0, 1, 511, 512, 513, 4095, 4097, total - 1 };
		size_t lens[] = { 0, 1, 100, 512, 1000, 4096, 9000 };
		for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
			for (size_t j = 0; j < sizeof(lens) / sizeof(lens[0]); j++) {
				if (offs[i] + lens[j] > total)
					continue;
				assert_int_equal(blockdev_read_bytes(&dev, offs[i], buf, lens[j]), PB_OK);
				if (lens[j])
					assert_memory_equal(buf, m.data + offs[i], lens[j]);
			}
		free(buf);
		free(m.data);
	}
}

static void test_aligned_middle_is_one_request(void **state)
{
	(void)state;
	struct blockdev dev;
	struct mem_disk m;
	make_disk(&dev, &m, 512, 4096);
	uint8_t *buf = malloc(1 << 20);
	assert_int_equal(blockdev_read_bytes(&dev, 100, buf, 1 << 20), PB_OK);
	/* unaligned head sector, one big aligned run, one tail sector */
	assert_int_equal(dev.stats.requests, 3);
	assert_memory_equal(buf, m.data + 100, 1 << 20);
	free(buf);
	free(m.data);
}

static void test_out_of_range_refused(void **state)
{
	(void)state;
	struct blockdev dev;
	struct mem_disk m;
	uint8_t b[16];
	make_disk(&dev, &m, 512, 8);
	assert_int_equal(blockdev_read_bytes(&dev, 4096 - 8, b, 16), PB_ERR_IO);
	assert_int_equal(blockdev_read_bytes(&dev, UINT64_MAX - 4, b, 16), PB_ERR_IO);
	struct volume vol = { &dev, 1024, 2048 };
	assert_int_equal(volume_read(&vol, 2040, b, 16), PB_ERR_CORRUPT);
	assert_int_equal(volume_read(&vol, UINT64_MAX, b, 2), PB_ERR_CORRUPT);
	assert_int_equal(volume_read(&vol, 2032, b, 16), PB_OK);
	assert_memory_equal(b, m.data + 1024 + 2032, 16);
	assert_int_equal(dev.stats.requests, 1);
	free(m.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unaligned_reads_match),
		cmocka_unit_test(test_aligned_middle_is_one_request),
		cmocka_unit_test(test_out_of_range_refused),
	};
	return cmocka_run_group_tests_name("blockdev", tests, NULL, NULL);
}
