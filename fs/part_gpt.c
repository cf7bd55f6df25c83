/* GUID Partition Tables.  The primary header is at LBA 1, the backup at the
 * last LBA; each has a CRC32 over itself and one over its entry array.  We
 * use the primary when both checks pass, else the backup (and say so). */
#include "fs/part_scan.h"
#include "loader/lib/crc32.h"
#include "loader/lib/err.h"

#define GPT_SIG "EFI PART"
#define GPT_HDR_MIN 92
#define GPT_ENTRIES_MAX_BYTES (1u << 20) /* 8192 entries of 128 bytes */

struct gpt_hdr {
	uint64_t my_lba, alt_lba, first_usable, last_usable, entries_lba;
	uint32_t nr_entries, entry_size, entries_crc;
};

/* Read and check the header at lba; on success *h is filled. */
static int read_header(struct blockdev *dev, uint64_t lba, uint8_t *sec, struct gpt_hdr *h)
{
	uint32_t hsize, crc;
	int rc = blockdev_read_bytes(dev, lba * dev->sector_size, sec, dev->sector_size);

	if (rc)
		return rc;
	if (memcmp(sec, GPT_SIG, 8) != 0)
		return pb_error(PB_ERR_FORMAT, "GPT: no header signature at LBA %llu", (unsigned long long)lba);
	hsize = pb_le32(sec + 12);
	if (hsize < GPT_HDR_MIN || hsize > dev->sector_size)
		return pb_error(PB_ERR_CORRUPT, "GPT: header at LBA %llu has size %u", (unsigned long long)lba, hsize);
	crc = pb_le32(sec + 16);
	memset(sec + 16, 0, 4);
	if (crc32_ieee(0, sec, hsize) != crc)
		return pb_error(PB_ERR_CORRUPT, "GPT: header CRC mismatch at LBA %llu", (unsigned long long)lba);
	h->my_lba = pb_le64(sec + 24);
	h->alt_lba = pb_le64(sec + 32);
	h->first_usable = pb_le64(sec + 40);
	h->last_usable = pb_le64(sec + 48);
	h->entries_lba = pb_le64(sec + 72);
	h->nr_entries = pb_le32(sec + 80);
	h->entry_size = pb_le32(sec + 84);
	h->entries_crc = pb_le32(sec + 88);
	if (h->my_lba != lba)
		return pb_error(PB_ERR_CORRUPT, "GPT: header at LBA %llu says it is at %llu",
				(unsigned long long)lba, (unsigned long long)h->my_lba);
	if (h->entry_size < 128 || h->entry_size % 8 || h->nr_entries == 0 ||
	    !pb_array_fits(0, h->nr_entries, h->entry_size, GPT_ENTRIES_MAX_BYTES))
		return pb_error(PB_ERR_CORRUPT, "GPT: %u entries of %u bytes", h->nr_entries, h->entry_size);
	if (h->first_usable > h->last_usable || h->last_usable >= dev->nr_sectors)
		return pb_error(PB_ERR_CORRUPT, "GPT: usable range %llu-%llu does not fit the %llu-sector disk",
				(unsigned long long)h->first_usable, (unsigned long long)h->last_usable,
				(unsigned long long)dev->nr_sectors);
	return PB_OK;
}

static int read_entries(struct blockdev *dev, const struct gpt_hdr *h, uint8_t **out)
{
	uint64_t bytes = (uint64_t)h->entry_size * h->nr_entries; /* <= 1 MiB: read_header */
	uint8_t *buf;
	int rc;

	/* In sectors, so no product of the disk's size can wrap; bytes > 0,
	 * so this also puts entries_lba itself on the disk. */
	if (!pb_range_ok(h->entries_lba, (bytes + dev->sector_size - 1) / dev->sector_size, dev->nr_sectors))
		return pb_error(PB_ERR_CORRUPT, "GPT: entry array at LBA %llu is past the end of the disk",
				(unsigned long long)h->entries_lba);
	buf = malloc((size_t)bytes);
	if (!buf)
		return pb_error(PB_ERR_NOMEM, "GPT: out of memory");
	rc = blockdev_read_bytes(dev, h->entries_lba * dev->sector_size, buf, (size_t)bytes);
	if (rc == PB_OK && crc32_ieee(0, buf, (size_t)bytes) != h->entries_crc)
		rc = pb_error(PB_ERR_CORRUPT, "GPT: entry array CRC mismatch (header at LBA %llu)",
			      (unsigned long long)h->my_lba);
	if (rc) {
		free(buf);
		return rc;
	}
	*out = buf;
	return PB_OK;
}

/* UTF-16LE name (36 code units) to UTF-8; unpaired surrogates become '?'. */
static void name_to_utf8(const uint8_t *u16, char *out, size_t size)
{
	size_t o = 0;

	for (int i = 0; i < 36; i++) {
		uint32_t c = pb_le16(u16 + 2 * i);
		if (!c)
			break;
		if (c >= 0xD800 && c <= 0xDBFF && i + 1 < 36) {
			uint32_t lo = pb_le16(u16 + 2 * (i + 1));
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				i++;
			} else {
				c = '?';
			}
		} else if (c >= 0xD800 && c <= 0xDFFF) {
			c = '?';
		}
		uint8_t b[4];
		size_t n;
		if (c < 0x80) { b[0] = (uint8_t)c; n = 1; }
		else if (c < 0x800) { b[0] = (uint8_t)(0xC0 | c >> 6); b[1] = (uint8_t)(0x80 | (c & 0x3F)); n = 2; }
		else if (c < 0x10000) { b[0] = (uint8_t)(0xE0 | c >> 12); b[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F)); b[2] = (uint8_t)(0x80 | (c & 0x3F)); n = 3; }
		else { b[0] = (uint8_t)(0xF0 | c >> 18); b[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F)); b[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F)); b[3] = (uint8_t)(0x80 | (c & 0x3F)); n = 4; }
		if (o + n >= size)
			break;
		memcpy(out + o, b, n);
		o += n;
	}
	out[o] = '\0';
}

static const uint8_t zero_guid[16];

static int fill_table(struct blockdev *dev, const struct gpt_hdr *h, const uint8_t *ents,
		      struct part_table *t)
{
	for (uint32_t i = 0; i < h->nr_entries; i++) {
		const uint8_t *e = ents + (size_t)i * h->entry_size;
		uint64_t first = pb_le64(e + 32), last = pb_le64(e + 40);

		if (memcmp(e, zero_guid, 16) == 0)
			continue; /* unused entry */
		if (first > last || last >= dev->nr_sectors)
			return pb_error(PB_ERR_CORRUPT, "GPT: partition %u (LBA %llu-%llu) is outside the disk",
					i + 1, (unsigned long long)first, (unsigned long long)last);
		if (t->count >= PART_MAX)
			return pb_error(PB_ERR_LIMIT, "GPT: more than %d partitions", PART_MAX);
		struct partition *p = &t->parts[t->count++];
		memset(p, 0, sizeof(*p));
		p->scheme = PART_GPT;
		p->number = i + 1;
		p->start_lba = first;
		p->nr_sectors = last - first + 1;
		memcpy(p->type_guid, e, 16);
		memcpy(p->part_guid, e + 16, 16);
		p->bootable = (pb_le64(e + 48) >> 2) & 1; /* legacy BIOS bootable */
		name_to_utf8(e + 56, p->name, sizeof(p->name));
	}
	return PB_OK;
}

static int try_header(struct blockdev *dev, uint64_t lba, uint8_t *sec, struct part_table *t)
{
	struct gpt_hdr h = { 0 };
	uint8_t *ents = NULL;
	int rc = read_header(dev, lba, sec, &h);

	if (rc == PB_OK)
		rc = read_entries(dev, &h, &ents);
	if (rc == PB_OK) {
		t->count = 0;
		rc = fill_table(dev, &h, ents, t);
	}
	free(ents);
	return rc;
}

int part_scan_gpt(struct blockdev *dev, struct part_table *t)
{
	uint8_t *sec = malloc(dev->sector_size);
	char why[128], why2[128];
	int rc, rc2;

	if (!sec)
		return pb_error(PB_ERR_NOMEM, "GPT: out of memory");
	t->scheme = PART_GPT;
	rc = dev->nr_sectors > 2 ? try_header(dev, 1, sec, t) : PB_ERR_FORMAT;
	if (rc == PB_OK) {
		free(sec);
		return PB_OK;
	}
	pb_strlcpy(why, pb_errmsg(), sizeof(why));
	rc2 = dev->nr_sectors > 2 ? try_header(dev, dev->nr_sectors - 1, sec, t) : PB_ERR_FORMAT;
	free(sec);
	if (rc2 == PB_OK) {
		pb_snprintf(t->note, sizeof(t->note), "primary GPT unusable (%s); using the backup", why);
		return PB_OK;
	}
	if (rc == PB_ERR_FORMAT && rc2 == PB_ERR_FORMAT)
		return pb_error(PB_ERR_FORMAT, "no GPT header");
	pb_strlcpy(why2, pb_errmsg(), sizeof(why2)); /* pb_error reuses that buffer */
	return pb_error(PB_ERR_CORRUPT, "GPT: primary: %s; backup: %s", why, why2);
}
