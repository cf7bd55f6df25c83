/* XFS directory data blocks (fs/xfs_dir.c is included here for its static
 * walker): entries and free space are read inside the block only.  Each
 * block sits at the end of a page whose next page is inaccessible, so a
 * read one byte past the block is a crash, not a silent pass.  The case
 * that found it: a data block whose last 8 bytes are not free space; the
 * walker read their name length from the byte after the block. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "fs/xfs_dir.c"

#define BLK 4096

static uint8_t *guarded_block(void **map)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), span = (BLK + page - 1) / page * page;
	uint8_t *m = mmap(NULL, span + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_true(m != MAP_FAILED);
	assert_int_equal(mprotect(m + span, page, PROT_NONE), 0);
	*map = m;
	return m + span - BLK; /* the block ends where the guard page starts */
}

static void unmap(void *m)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	munmap(m, (BLK + page - 1) / page * page + page);
}

static void wbe16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void wbe64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (56 - 8 * i)); }

static void free_space(uint8_t *b, uint32_t at, uint32_t len)
{
	wbe16(b + at, DIR_FREE_TAG);
	wbe16(b + at + 2, (uint16_t)len);
	wbe16(b + at + len - 2, (uint16_t)at);
}

/* One inode per 8 in a block, one AG of 1024 blocks: inode 128 exists. */
static void small_fs(struct xfs_fs *x, struct xfs_inode *dir)
{
	memset(x, 0, sizeof(*x));
	x->ag_count = 1;
	x->ag_blocks = 1024;
	x->ag_blk_log = 10;
	x->inop_blog = 3;
	x->dblocks = 1024;
	x->ftype = true;
	memset(dir, 0, sizeof(*dir));
	dir->ino = 128;
}

struct seen {
	int n;
	char name[16];
};

static int count_cb(void *ctx, const char *name, uint64_t ino, enum fs_type type)
{
	struct seen *s = ctx;
	(void)ino;
	(void)type;
	s->n++;
	pb_strlcpy(s->name, name, sizeof(s->name));
	return 0;
}

/* An entry "vmlinuz" at 16, free space to the end: one entry, no error. */
static void test_entry_then_free(void **state)
{
	struct xfs_fs x;
	struct xfs_inode dir;
	struct seen s = { 0 };
	void *m;
	uint8_t *b = guarded_block(&m);

	(void)state;
	small_fs(&x, &dir);
	memset(b, 0, BLK);
	wbe64(b + 16, 136);
	b[24] = 7;
	memcpy(b + 25, "vmlinuz", 7);
	b[32] = 1; /* ftype: regular */
	wbe16(b + 16 + 24 - 2, 16); /* 8 + 1 + 7 + 1 + 2 = 19, padded to 24 */
	free_space(b, 40, BLK - 40);
	assert_int_equal(walk_data_block(&x, &dir, b, 0, 16, BLK, count_cb, &s), PB_OK);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.name, "vmlinuz");
	unmap(m);
}

/* Free space up to the last 8 bytes, which hold neither free space nor
 * room for an entry: corruption, reported without reading past the block. */
static void test_last_8_bytes_not_free(void **state)
{
	struct xfs_fs x;
	struct xfs_inode dir;
	struct seen s = { 0 };
	void *m;
	uint8_t *b = guarded_block(&m);

	(void)state;
	small_fs(&x, &dir);
	memset(b, 0, BLK);
	free_space(b, 16, BLK - 8 - 16);
	memset(b + BLK - 8, 0x41, 8);
	pb_errclear();
	assert_int_equal(walk_data_block(&x, &dir, b, 0, 16, BLK, count_cb, &s), PB_ERR_CORRUPT);
	assert_non_null(strstr(pb_errmsg(), "bad entry at 4088"));
	assert_int_equal(s.n, 0);
	unmap(m);
}

/* Free space whose length runs one 8-byte unit past the block's end. */
static void test_free_space_past_end(void **state)
{
	struct xfs_fs x;
	struct xfs_inode dir;
	struct seen s = { 0 };
	void *m;
	uint8_t *b = guarded_block(&m);

	(void)state;
	small_fs(&x, &dir);
	memset(b, 0, BLK);
	wbe16(b + 16, DIR_FREE_TAG);
	wbe16(b + 18, BLK - 16 + 8);
	pb_errclear();
	assert_int_equal(walk_data_block(&x, &dir, b, 0, 16, BLK, count_cb, &s), PB_ERR_CORRUPT);
	assert_non_null(strstr(pb_errmsg(), "free space of 4088 bytes at 16"));
	unmap(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_then_free),
		cmocka_unit_test(test_last_8_bytes_not_free),
		cmocka_unit_test(test_free_space_past_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
