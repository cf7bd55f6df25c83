/* Which partition table a disk has: GPT (protective MBR, or a GPT header
 * without one), MBR, or none (a whole-disk filesystem). */
#include "fs/part_scan.h"
#include "loader/lib/err.h"

static void sort_by_number(struct part_table *t)
{
	for (uint32_t i = 1; i < t->count; i++)
		for (uint32_t j = i; j > 0 && t->parts[j - 1].number > t->parts[j].number; j--) {
			struct partition tmp = t->parts[j];
			t->parts[j] = t->parts[j - 1];
			t->parts[j - 1] = tmp;
		}
}

int part_scan(struct blockdev *dev, struct part_table *t)
{
	uint8_t *sec0;
	bool protective = false, mbr;
	int rc;

	memset(t, 0, sizeof(*t));
	if (dev->nr_sectors < 2)
		return PB_OK; /* too small for any table */
	sec0 = malloc(dev->sector_size);
	if (!sec0)
		return pb_error(PB_ERR_NOMEM, "partitions: out of memory");
	rc = blockdev_read_bytes(dev, 0, sec0, dev->sector_size);
	if (rc) {
		free(sec0);
		return rc;
	}
	mbr = part_mbr_valid(sec0, &protective);
	if (protective || !mbr) {
		rc = part_scan_gpt(dev, t);
		if (rc == PB_ERR_FORMAT && !mbr) {
			memset(t, 0, sizeof(*t)); /* no table at all */
			rc = PB_OK;
		} else if (rc == PB_ERR_FORMAT) {
			rc = pb_error(PB_ERR_CORRUPT, "protective MBR but no GPT header, primary or backup");
		}
	} else {
		rc = part_scan_mbr(dev, sec0, t);
	}
	free(sec0);
	if (rc == PB_OK)
		sort_by_number(t);
	return rc;
}
