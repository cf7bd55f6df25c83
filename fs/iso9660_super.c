/* ISO 9660: the volume descriptor set, which tree to read (Rock Ridge,
 * Joliet or plain), the label and the UUID GRUB derives from the volume's
 * modification date; the one-sector record cache. */
#include "fs/iso9660.h"
#include "loader/lib/err.h"

int iso_meta(struct iso_fs *f, uint64_t off, size_t len, const uint8_t **p)
{
	uint64_t sec = off & ~(uint64_t)(ISO_SECTOR - 1);

	if (!pb_range_ok(off - sec, len, ISO_SECTOR))
		return pb_error(PB_ERR_CORRUPT, "iso9660: a %zu-byte record at %llu crosses a sector boundary", len,
				(unsigned long long)off);
	if (f->sec_off != sec) {
		f->sec_off = UINT64_MAX;
		size_t n = (size_t)PB_MIN((uint64_t)ISO_SECTOR, f->fs.vol.size > sec ? f->fs.vol.size - sec : 0);
		if (!pb_range_ok(off - sec, len, n))
			return pb_error(PB_ERR_CORRUPT, "iso9660: record at %llu is past the end of the volume",
					(unsigned long long)off);
		int rc = volume_read(&f->fs.vol, sec, f->sec, n);
		if (rc)
			return rc;
		f->sec_off = sec;
	}
	*p = f->sec + (off - sec);
	return PB_OK;
}

static bool is_joliet(const uint8_t *vd)
{
	return vd[88] == 0x25 && vd[89] == 0x2F && (vd[90] == 0x40 || vd[90] == 0x43 || vd[90] == 0x45);
}

/* GRUB: the volume descriptor's modification date, its 16 digits as
 * YYYY-MM-DD-HH-MM-SS-CC; none if the field is all zero bytes. */
static void set_uuid(struct iso_fs *f, const uint8_t *vd)
{
	const uint8_t *d = vd + 830;
	bool zero = true;

	for (int i = 0; i < 16; i++) {
		if (d[i] && (d[i] < '0' || d[i] > '9'))
			return; /* not a date: no UUID rather than garbage */
		zero &= d[i] == 0;
	}
	if (zero)
		return;
	pb_snprintf(f->fs.uuid, sizeof(f->fs.uuid), "%.4s-%.2s-%.2s-%.2s-%.2s-%.2s-%.2s", d, d + 4, d + 6, d + 8,
		    d + 10, d + 12, d + 14);
}

static void set_label(struct iso_fs *f, const uint8_t *vd)
{
	char *l = f->fs.label;
	size_t o = 0;

	if (f->mode == ISO_JOLIET) {
		/* UCS-2 big-endian, 16 characters. */
		for (int i = 0; i < 16; i++) {
			uint32_t c = pb_be16(vd + 40 + 2 * i);
			if (c == 0)
				break;
			if (c < 0x80) {
				l[o++] = (char)c;
			} else if (c < 0x800) {
				l[o++] = (char)(0xC0 | (c >> 6));
				l[o++] = (char)(0x80 | (c & 0x3F));
			} else if (c < 0xD800 || c >= 0xE000) {
				l[o++] = (char)(0xE0 | (c >> 12));
				l[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
				l[o++] = (char)(0x80 | (c & 0x3F));
			}
		}
	} else {
		for (int i = 0; i < 32 && vd[40 + i]; i++)
			l[o++] = (char)vd[40 + i];
	}
	while (o && l[o - 1] == ' ')
		o--;
	l[o] = '\0';
}

/* Rock Ridge is in use when the root's "." record starts its System Use
 * area with SUSP's SP entry (SUSP 1.12, 5.3). */
static int detect_rock(struct iso_fs *f, const uint8_t *root)
{
	uint64_t dot = (uint64_t)(pb_le32(root + 2) + root[1]) * f->block;
	const uint8_t *r;
	int rc = iso_meta(f, dot, 1, &r);

	if (rc)
		return rc;
	if (r[0] < 34)
		return pb_error(PB_ERR_CORRUPT, "iso9660: root directory's first record is %u bytes", r[0]);
	rc = iso_meta(f, dot, r[0], &r);
	if (rc)
		return rc;
	size_t su = iso_su_start(r);
	if (pb_range_ok(su, 7, r[0]) && r[su] == 'S' && r[su + 1] == 'P' && r[su + 2] >= 7 && r[su + 4] == 0xBE &&
	    r[su + 5] == 0xEF) {
		f->mode = ISO_ROCK;
		f->susp_skip = r[su + 6];
	}
	return PB_OK;
}

static int scan_descriptors(struct iso_fs *f, uint8_t *pvd, uint8_t *svd, uint64_t *pvd_off,
			    uint64_t *svd_off)
{
	const struct volume *vol = &f->fs.vol;
	bool have_pvd = false;
	uint8_t *vd = malloc(ISO_SECTOR);

	if (!vd)
		return pb_error(PB_ERR_NOMEM, "iso9660: out of memory");
	for (int i = 0; i < ISO_VD_MAX; i++) {
		uint64_t off = ISO_VD_START + (uint64_t)i * ISO_SECTOR;
		if (!pb_range_ok(off, ISO_SECTOR, vol->size) || volume_read(vol, off, vd, ISO_SECTOR) != PB_OK)
			break;
		if (memcmp(vd + 1, "CD001", 5) != 0 || vd[0] == 255)
			break;
		if (vd[0] == 1 && !have_pvd) {
			memcpy(pvd, vd, ISO_SECTOR);
			have_pvd = true;
			*pvd_off = off;
		} else if (vd[0] == 2 && !*svd_off && is_joliet(vd)) {
			memcpy(svd, vd, ISO_SECTOR);
			*svd_off = off;
		}
	}
	free(vd);
	if (!have_pvd)
		return pb_error(PB_ERR_CORRUPT, "iso9660: no primary volume descriptor");
	return PB_OK;
}

static int setup(struct iso_fs *f, uint8_t *pvd, uint8_t *svd)
{
	uint64_t pvd_off = 0, svd_off = 0;
	const uint8_t *vd;
	int rc = scan_descriptors(f, pvd, svd, &pvd_off, &svd_off);

	if (rc)
		return rc;
	f->block = pb_le16(pvd + 128);
	f->blocks = pb_le32(pvd + 80);
	if (f->block != 512 && f->block != 1024 && f->block != 2048)
		return pb_error(PB_ERR_UNSUPPORTED, "iso9660: logical block size %u", f->block);
	if (pvd[156] < 34 || !(pvd[156 + 25] & 0x02))
		return pb_error(PB_ERR_CORRUPT, "iso9660: the primary descriptor's root record is not a directory");
	rc = detect_rock(f, pvd + 156);
	if (rc)
		return rc;
	vd = pvd;
	f->fs.root_ino = pvd_off + 156;
	if (f->mode != ISO_ROCK && svd_off && svd[156] >= 34 && (svd[156 + 25] & 0x02)) {
		f->mode = ISO_JOLIET;
		vd = svd;
		f->fs.root_ino = svd_off + 156;
	}
	set_label(f, vd);
	set_uuid(f, vd);
	return PB_OK;
}

int iso_mount(const struct volume *vol, struct fs **out)
{
	uint8_t head[8];
	struct iso_fs *f;
	uint8_t *pvd = NULL, *svd = NULL;
	int rc;

	if (!pb_range_ok(ISO_VD_START, ISO_SECTOR, vol->size))
		return pb_error(PB_ERR_FORMAT, "volume too small for ISO 9660");
	rc = volume_read(vol, ISO_VD_START, head, sizeof(head));
	if (rc)
		return rc;
	if (memcmp(head + 1, "CD001", 5) != 0)
		return pb_error(PB_ERR_FORMAT, "not ISO 9660");
	f = calloc(1, sizeof(*f));
	pvd = malloc(ISO_SECTOR);
	svd = malloc(ISO_SECTOR);
	if (f)
		f->sec = malloc(ISO_SECTOR);
	if (!f || !pvd || !svd || !f->sec) {
		rc = pb_error(PB_ERR_NOMEM, "iso9660: out of memory");
	} else {
		f->fs.ops = &iso9660_ops;
		f->fs.vol = *vol;
		f->fs.priv = f;
		f->sec_off = UINT64_MAX;
		f->mode = ISO_PLAIN;
		rc = setup(f, pvd, svd);
	}
	free(pvd);
	free(svd);
	if (rc) {
		if (f)
			free(f->sec);
		free(f);
		return rc;
	}
	*out = &f->fs;
	return PB_OK;
}

void iso_unmount(struct fs *fs)
{
	struct iso_fs *f = iso_of(fs);

	free(f->sec);
	free(f);
}
