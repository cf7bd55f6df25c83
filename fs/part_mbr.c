/* MBR partition tables: four primary entries, and logical partitions in a
 * chain of extended boot records (EBRs).  Each EBR holds one logical
 * partition (start relative to that EBR) and a link to the next EBR
 * (relative to the start of the extended partition).  The chain comes from
 * the disk, so it is bounded and checked for loops. */
#include "fs/part_scan.h"
#include "loader/lib/err.h"

#define MBR_SIG_OFF 510
#define MBR_TABLE_OFF 446
#define MBR_TYPE_GPT_PROTECTIVE 0xEE
#define MBR_LOGICAL_MAX (PART_MAX - 4)

static bool is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0F || type == 0x85;
}

struct mbr_entry {
	uint8_t status, type;
	uint32_t start, count;
};

static void read_entry(const uint8_t *sec, int i, struct mbr_entry *e)
{
	const uint8_t *p = sec + MBR_TABLE_OFF + 16 * i;

	e->status = p[0];
	e->type = p[4];
	e->start = pb_le32(p + 8);
	e->count = pb_le32(p + 12);
}

static int add(struct part_table *t, uint32_t number, uint64_t start, uint64_t count,
	       const struct mbr_entry *e, uint64_t disk_sectors)
{
	struct partition *p;

	if (!count)
		return PB_OK;
	if (!pb_range_ok(start, count, disk_sectors))
		return pb_error(PB_ERR_CORRUPT, "MBR: partition %u (sectors %llu+%llu) is past the end of the %llu-sector disk",
				number, (unsigned long long)start, (unsigned long long)count,
				(unsigned long long)disk_sectors);
	if (t->count >= PART_MAX)
		return pb_error(PB_ERR_LIMIT, "MBR: more than %d partitions", PART_MAX);
	p = &t->parts[t->count++];
	memset(p, 0, sizeof(*p));
	p->scheme = PART_MSDOS;
	p->number = number;
	p->start_lba = start;
	p->nr_sectors = count;
	p->mbr_type = e->type;
	p->bootable = e->status == 0x80;
	return PB_OK;
}

/* Walk the EBR chain of the extended partition at [ext_start, +ext_size). */
static int scan_logicals(struct blockdev *dev, uint64_t ext_start, uint64_t ext_size,
			 struct part_table *t, uint8_t *sec)
{
	uint64_t ebr = ext_start;
	uint32_t number = 5;

	for (int hops = 0; hops < MBR_LOGICAL_MAX; hops++) {
		struct mbr_entry e, link;
		int rc = blockdev_read_bytes(dev, ebr * dev->sector_size, sec, dev->sector_size);

		if (rc)
			return rc;
		if (pb_le16(sec + MBR_SIG_OFF) != 0xAA55)
			return pb_error(PB_ERR_CORRUPT, "MBR: extended boot record at sector %llu has no signature",
					(unsigned long long)ebr);
		read_entry(sec, 0, &e);
		read_entry(sec, 1, &link);
		if (e.count) {
			if (!pb_range_ok(ebr - ext_start + e.start, e.count, ext_size))
				return pb_error(PB_ERR_CORRUPT, "MBR: logical partition %u lies outside its extended partition",
						number);
			rc = add(t, number++, ebr + e.start, e.count, &e, dev->nr_sectors);
			if (rc)
				return rc;
		}
		if (!link.count || !is_extended(link.type))
			return PB_OK;
		/* Links must move forward: that alone rules out loops. */
		if (ext_start + link.start <= ebr || link.start >= ext_size)
			return pb_error(PB_ERR_CORRUPT, "MBR: extended boot record chain loops or leaves the extended partition at sector %llu",
					(unsigned long long)ebr);
		ebr = ext_start + link.start;
	}
	return pb_error(PB_ERR_LIMIT, "MBR: more than %d logical partitions", MBR_LOGICAL_MAX);
}

int part_scan_mbr(struct blockdev *dev, const uint8_t *sec0, struct part_table *t)
{
	uint8_t *sec;
	int rc = PB_OK;
	bool ext_done = false;

	t->scheme = PART_MSDOS;
	t->count = 0;
	sec = malloc(dev->sector_size);
	if (!sec)
		return pb_error(PB_ERR_NOMEM, "MBR: out of memory");
	for (int i = 0; i < 4 && rc == PB_OK; i++) {
		struct mbr_entry e;

		read_entry(sec0, i, &e);
		if (!e.count || !e.type)
			continue;
		if (is_extended(e.type)) {
			if (ext_done)
				continue; /* only one extended partition is meaningful */
			ext_done = true;
			if (!pb_range_ok(e.start, e.count, dev->nr_sectors)) {
				rc = pb_error(PB_ERR_CORRUPT, "MBR: extended partition past the end of the disk");
				break;
			}
			rc = scan_logicals(dev, e.start, e.count, t, sec);
			continue;
		}
		rc = add(t, (uint32_t)i + 1, e.start, e.count, &e, dev->nr_sectors);
	}
	free(sec);
	return rc;
}

bool part_mbr_valid(const uint8_t *sec0, bool *protective)
{
	*protective = false;
	if (pb_le16(sec0 + MBR_SIG_OFF) != 0xAA55)
		return false;
	for (int i = 0; i < 4; i++) {
		struct mbr_entry e;

		read_entry(sec0, i, &e);
		if (e.status != 0 && e.status != 0x80)
			return false; /* a boot sector of a filesystem, not a table */
		if (e.type == MBR_TYPE_GPT_PROTECTIVE)
			*protective = true;
	}
	return true;
}
