/* btrfs regular extents (fs/btrfs_file.c is included here for its static
 * read_extent): the logical address read is disk + offset + skip, each
 * addition checked for wrapping.  One chunk maps logical 2^63 onward to a
 * disk in memory.  The case that found it: an offset of 2^63 wraps
 * disk + offset to 0 and a skip of 2^63 + 4096 brings the sum back above
 * disk, which a single "sum < disk" test let through to a read of
 * another part of the filesystem. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "fs/btrfs_file.c"

#define DISK 65536
#define BASE (1ull << 63)

static uint8_t disk[DISK];

static int mem_read(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf)
{
	if (!pb_range_ok(lba * dev->sector_size, count * dev->sector_size, sizeof(disk)))
		return pb_error(PB_ERR_IO, "memdisk: read past the end");
	memcpy(buf, disk + lba * dev->sector_size, count * dev->sector_size);
	return PB_OK;
}

static const struct blockdev_ops mem_ops = { .read = mem_read };
static struct blockdev dev = { .ops = &mem_ops, .name = "mem", .sector_size = 512, .nr_sectors = DISK / 512 };

static void w64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }

/* A single-profile chunk [BASE, BASE + DISK) on device 1 at offset 0. */
static struct btrfs_fs *one_chunk(void)
{
	struct btrfs_fs *b = calloc(1, sizeof(*b));
	uint8_t item[48 + 32] = { 0 };
	size_t used;

	assert_non_null(b);
	b->ndev = 1;
	b->num_devices = 1;
	b->dev[0].devid = 1;
	b->dev[0].vol = (struct volume){ &dev, 0, DISK };
	w64(item, DISK);
	w64(item + 16, 65536);
	w64(item + 24, BTRFS_BLOCK_GROUP_DATA);
	item[44] = 1;
	w64(item + 48, 1);
	assert_int_equal(btrfs_chunk_add(b, BASE, item, sizeof(item), &used), PB_OK);
	for (int i = 0; i < DISK; i++)
		disk[i] = (uint8_t)(i * 7 + i / 256);
	return b;
}

static void extent(uint8_t d[EXTENT_ITEM_SIZE], uint64_t where, uint64_t offset, uint64_t num)
{
	memset(d, 0, EXTENT_ITEM_SIZE);
	d[20] = EXTENT_REG;
	w64(d + 21, where);
	w64(d + 29, DISK);
	w64(d + 37, offset);
	w64(d + 45, num);
	w64(d + 8, DISK);
}

static void test_plain_extent(void **state)
{
	struct btrfs_fs *b = one_chunk();
	uint8_t d[EXTENT_ITEM_SIZE], buf[16];

	(void)state;
	extent(d, BASE, 4096, 8192);
	assert_int_equal(read_extent(b, 257, 0, d, sizeof(d), 100, buf, sizeof(buf)), PB_OK);
	assert_memory_equal(buf, disk + 4096 + 100, sizeof(buf));
	btrfs_free_chunks(b);
	free(b);
}

static void test_offset_wraps_twice(void **state)
{
	struct btrfs_fs *b = one_chunk();
	uint8_t d[EXTENT_ITEM_SIZE], buf[16];

	(void)state;
	extent(d, BASE, BASE, BASE + 8192);
	pb_errclear();
	assert_int_equal(read_extent(b, 257, 0, d, sizeof(d), BASE + 4096, buf, sizeof(buf)), PB_ERR_CORRUPT);
	assert_non_null(strstr(pb_errmsg(), "extent offset"));
	btrfs_free_chunks(b);
	free(b);
}

static void test_offset_wraps_once(void **state)
{
	struct btrfs_fs *b = one_chunk();
	uint8_t d[EXTENT_ITEM_SIZE], buf[16];

	(void)state;
	extent(d, BASE, BASE + 4096, 8192);
	pb_errclear();
	assert_int_equal(read_extent(b, 257, 0, d, sizeof(d), 0, buf, sizeof(buf)), PB_ERR_CORRUPT);
	assert_non_null(strstr(pb_errmsg(), "extent offset"));
	btrfs_free_chunks(b);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_extent),
		cmocka_unit_test(test_offset_wraps_twice),
		cmocka_unit_test(test_offset_wraps_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
