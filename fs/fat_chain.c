/* FAT: reading the allocation table and walking cluster chains.  Every
 * cluster number read from the table is range-checked, a free or bad
 * cluster inside a chain is corruption, and Brent's cycle finder (two
 * words of state) turns a looping chain into an error. */
#include "fs/fat.h"
#include "loader/lib/err.h"

/* The FAT entry of cluster c, through the one-window cache. */
static int fat_entry(struct fat_fs *f, uint32_t c, uint32_t *val)
{
	uint64_t off = f->bits == 12 ? c + c / 2 : (uint64_t)c * (f->bits / 8);
	uint32_t width = f->bits == 32 ? 4 : 2;

	if (!pb_range_ok(off, width, f->fat_bytes))
		return pb_error(PB_ERR_CORRUPT, "fat: cluster %u has no FAT entry", c);
	if (f->win_off == UINT64_MAX || off < f->win_off || !pb_range_ok(off - f->win_off, width, f->win_len)) {
		/* Aligned windows; a FAT12 entry straddling one's end starts
		 * the next window at its own sector instead. */
		uint64_t start = off & ~(uint64_t)(FAT_WINDOW - 1);
		if (!pb_range_ok(off - start, width, FAT_WINDOW))
			start = off & ~(uint64_t)511;
		size_t n = (size_t)PB_MIN((uint64_t)FAT_WINDOW, f->fat_bytes - start);
		f->win_off = UINT64_MAX;
		int rc = volume_read(&f->fs.vol, f->fat_off + start, f->win, n);
		if (rc)
			return rc;
		f->win_off = start;
		f->win_len = n;
	}
	const uint8_t *p = f->win + (off - f->win_off);
	if (f->bits == 12)
		*val = c & 1 ? pb_le16(p) >> 4 : pb_le16(p) & 0xFFF;
	else if (f->bits == 16)
		*val = pb_le16(p);
	else
		*val = pb_le32(p) & 0x0FFFFFFF;
	return PB_OK;
}

int fat_chain_start(struct fat_fs *f, uint32_t first, struct fat_chain *ch)
{
	if (first < 2 || first - 2 >= f->clusters)
		return pb_error(PB_ERR_CORRUPT, "fat: chain starts at cluster %u (valid: 2..%u)", first,
				f->clusters + 1);
	ch->first = ch->cur = ch->tortoise = first;
	ch->index = 0;
	ch->power = 1;
	ch->lam = 0;
	return PB_OK;
}

int fat_chain_next(struct fat_fs *f, struct fat_chain *ch)
{
	uint32_t eoc = f->bits == 12 ? 0xFF8 : f->bits == 16 ? 0xFFF8 : 0x0FFFFFF8;
	uint32_t next = 0;
	int rc = fat_entry(f, ch->cur, &next);

	if (rc)
		return rc;
	if (next >= eoc)
		return 1;
	if (next == eoc - 1)
		return pb_error(PB_ERR_CORRUPT, "fat: chain from cluster %u reaches a bad cluster after %u",
				ch->first, ch->cur);
	if (next < 2 || next - 2 >= f->clusters)
		return pb_error(PB_ERR_CORRUPT, "fat: chain from cluster %u: cluster %u points to %u%s", ch->first,
				ch->cur, next, next == 0 ? " (free)" : "");
	if (next == ch->tortoise)
		return pb_error(PB_ERR_LOOP, "fat: the cluster chain from %u loops (at cluster %u)", ch->first,
				next);
	if (++ch->lam == ch->power) {
		ch->tortoise = next;
		ch->power <<= 1;
		ch->lam = 0;
	}
	ch->cur = next;
	ch->index++;
	return PB_OK;
}

int fat_chain_seek(struct fat_fs *f, struct fat_chain *ch, uint64_t index)
{
	int rc;

	if (index < ch->index) {
		rc = fat_chain_start(f, ch->first, ch);
		if (rc)
			return rc;
	}
	while (ch->index < index) {
		rc = fat_chain_next(f, ch);
		if (rc == 1)
			return pb_error(PB_ERR_CORRUPT, "fat: the chain from cluster %u ends after %llu clusters, the file needs more",
					ch->first, (unsigned long long)ch->index + 1);
		if (rc)
			return rc;
	}
	return PB_OK;
}
