/* ISO 9660: directory records, names, multi-extent files, file data. */
#include "fs/iso9660.h"
#include "loader/lib/err.h"

#define REC_MIN 34

/* Copy the record at off (checked: length, name length, sector bound). */
static int get_record(struct iso_fs *f, uint64_t off, uint8_t rec[256])
{
	const uint8_t *p;
	int rc = iso_meta(f, off, 1, &p);

	if (rc)
		return rc;
	if (p[0] < REC_MIN)
		return pb_error(PB_ERR_CORRUPT, "iso9660: directory record at %llu is %u bytes", (unsigned long long)off,
				p[0]);
	rc = iso_meta(f, off, p[0], &p);
	if (rc)
		return rc;
	if (!pb_range_ok(33, p[32], p[0]))
		return pb_error(PB_ERR_CORRUPT, "iso9660: directory record at %llu: a %u-byte name in %u bytes",
				(unsigned long long)off, p[32], p[0]);
	memcpy(rec, p, p[0]);
	return PB_OK;
}

static int add_extent(struct iso_fs *f, struct iso_node *n, const uint8_t *rec)
{
	uint64_t off = ((uint64_t)pb_le32(rec + 2) + rec[1]) * f->block, len = pb_le32(rec + 10);

	if (rec[26] || rec[27])
		return pb_error(PB_ERR_UNSUPPORTED, "iso9660: record at %llu: interleaved files", (unsigned long long)n->ino);
	if (n->nextents >= ISO_MAX_EXTENTS)
		return pb_error(PB_ERR_LIMIT, "iso9660: record at %llu: more than %u extents",
				(unsigned long long)n->ino, ISO_MAX_EXTENTS);
	if (len && !pb_range_ok(off, len, f->fs.vol.size))
		return pb_error(PB_ERR_CORRUPT, "iso9660: record at %llu: extent of %llu bytes at %llu is outside the volume",
				(unsigned long long)n->ino, (unsigned long long)len, (unsigned long long)off);
	n->ext[n->nextents].off = off;
	n->ext[n->nextents++].len = len;
	n->size += len;
	return PB_OK;
}

/* The records after a multi-extent file's first one, up to the one
 * without the 0x80 flag; they follow it directly (a sector's unused tail
 * is skipped), with the same name. */
static int more_extents(struct iso_fs *f, struct iso_node *n, const uint8_t *first)
{
	uint64_t pos = n->ino + first[0];
	uint8_t rec[256];
	bool skipped = false;

	for (;;) {
		const uint8_t *p;
		int rc = iso_meta(f, pos, 1, &p);
		if (rc)
			return rc;
		if (p[0] == 0) {
			if (skipped || pos % ISO_SECTOR == 0)
				return pb_error(PB_ERR_CORRUPT, "iso9660: record at %llu: multi-extent file without its last part",
						(unsigned long long)n->ino);
			pos = (pos | (ISO_SECTOR - 1)) + 1;
			skipped = true;
			continue;
		}
		rc = get_record(f, pos, rec);
		if (rc)
			return rc;
		if (rec[32] != first[32] || memcmp(rec + 33, first + 33, first[32]))
			return pb_error(PB_ERR_CORRUPT, "iso9660: record at %llu: next part of a multi-extent file has another name",
					(unsigned long long)n->ino);
		rc = add_extent(f, n, rec);
		if (rc || !(rec[25] & 0x80))
			return rc;
		pos += rec[0];
		skipped = false;
	}
}

static enum fs_type px_type(uint32_t mode)
{
	switch (mode & 0170000) {
	case 0040000: return FS_DIR;
	case 0100000: return FS_REG;
	case 0120000: return FS_SYMLINK;
	}
	return FS_OTHER;
}

static int decode(struct iso_fs *f, uint64_t ino, const uint8_t *rec, struct iso_node *n, struct iso_rr *rr)
{
	int rc = iso_susp(f, rec, rr, NULL, NULL, 0);

	if (rc)
		return rc;
	memset(n, 0, sizeof(*n));
	n->ino = ino;
	n->flags = rec[25];
	n->type = rr->has_px ? px_type(rr->mode) : (rec[25] & 0x02) ? FS_DIR : FS_REG;
	n->mode = rr->has_px ? rr->mode : n->type == FS_DIR ? 040555 : 0100444;
	n->nlink = rr->has_px && rr->nlink ? rr->nlink : 1;
	n->mtime = rr->has_tf ? rr->mtime : iso_time7(rec + 18);
	n->relocated = rr->relocated;
	n->compressed = rr->zf;
	if (n->type == FS_DIR && !(rec[25] & 0x02) && !rr->cl)
		return pb_error(PB_ERR_CORRUPT, "iso9660: record at %llu: Rock Ridge says directory, the record does not",
				(unsigned long long)ino);
	rc = add_extent(f, n, rec);
	if (rc == PB_OK && (rec[25] & 0x80) && n->type != FS_DIR)
		rc = more_extents(f, n, rec);
	return rc;
}

int iso_read_node(struct iso_fs *f, uint64_t ino, struct iso_node *n)
{
	uint8_t rec[256];
	struct iso_rr rr;
	int rc = get_record(f, ino, rec);

	if (rc == PB_OK)
		rc = decode(f, ino, rec, n, &rr);
	if (rc == PB_OK && rr.cl) {
		/* A relocated directory's placeholder: the directory itself is
		 * the "." record at the CL block (which must not relocate again). */
		uint64_t dot = (uint64_t)rr.cl * f->block;
		rc = get_record(f, dot, rec);
		if (rc == PB_OK)
			rc = decode(f, dot, rec, n, &rr);
		if (rc == PB_OK && (rr.cl || n->type != FS_DIR))
			rc = pb_error(PB_ERR_CORRUPT, "iso9660: Rock Ridge CL at %llu does not lead to a directory",
				      (unsigned long long)ino);
	}
	return rc;
}

/* Names as they are shown: Rock Ridge NM as is; Joliet UCS-2 to UTF-8;
 * plain ISO in lower case.  Versions (";1") and a bare trailing dot go. */
static void iso_name(const struct iso_fs *f, const uint8_t *rec, char *out)
{
	const uint8_t *fi = rec + 33;
	size_t n = rec[32], o = 0;

	if (f->mode == ISO_JOLIET) {
		for (size_t i = 0; pb_range_ok(i, 2, n); i += 2) {
			uint32_t c = pb_be16(fi + i);
			if (c >= 0xD800 && c < 0xDC00 && pb_range_ok(i, 4, n) && pb_be16(fi + i + 2) >= 0xDC00 &&
			    pb_be16(fi + i + 2) < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (pb_be16(fi + i + 2) - 0xDC00);
				i += 2;
			} else if (c >= 0xD800 && c < 0xE000) {
				c = '?';
			}
			if (c == '/' || c == 0)
				c = '_';
			unsigned len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
			if (o + len > FS_NAME_MAX)
				break;
			if (len == 1) {
				out[o++] = (char)c;
				continue;
			}
			for (unsigned k = len - 1; k > 0; k--)
				out[o + k] = (char)(0x80 | ((c >> (6 * (len - 1 - k))) & 0x3F));
			out[o] = (char)((len == 2 ? 0xC0 : len == 3 ? 0xE0 : 0xF0) | (c >> (6 * (len - 1))));
			o += len;
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			char c = (char)fi[i];
			out[o++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c == '/' || c == 0 ? '_' : c;
		}
	}
	out[o] = '\0';
	char *semi = strrchr(out, ';');
	if (semi && semi != out)
		*semi = '\0';
	o = strlen(out);
	if (o > 1 && out[o - 1] == '.')
		out[o - 1] = '\0';
}

int iso_iterate_dir(struct iso_fs *f, const struct iso_node *dir, fs_dirent_cb cb, void *ctx)
{
	char *name;
	bool continues = false;
	int rc = PB_OK;

	if (dir->type != FS_DIR)
		return pb_error(PB_ERR_NOTDIR, "iso9660: record at %llu is not a directory", (unsigned long long)dir->ino);
	if (dir->size > ISO_DIR_MAX)
		return pb_error(PB_ERR_LIMIT, "iso9660: directory at %llu is %llu bytes", (unsigned long long)dir->ino,
				(unsigned long long)dir->size);
	name = malloc(FS_NAME_MAX + 1);
	if (!name)
		return pb_error(PB_ERR_NOMEM, "iso9660: out of memory");
	for (uint64_t pos = 0; rc == PB_OK && pos < dir->size;) {
		uint64_t off = dir->ext[0].off + pos;
		uint8_t rec[256];
		const uint8_t *p;
		struct iso_rr rr;
		rc = iso_meta(f, off, 1, &p);
		if (rc)
			break;
		if (p[0] == 0) {
			pos = (pos | (ISO_SECTOR - 1)) + 1; /* the rest of this sector is padding */
			continue;
		}
		rc = get_record(f, off, rec);
		if (rc)
			break;
		pos += rec[0];
		bool part = continues; /* a later part of a multi-extent file */
		continues = rec[25] & 0x80;
		if (part || (rec[25] & 0x04))
			continue; /* shown once, through its first record; associated files never */
		uint64_t ino = off;
		rc = iso_susp(f, rec, &rr, name, NULL, 0);
		if (rc)
			break;
		enum fs_type type = rr.has_px ? px_type(rr.mode) : (rec[25] & 0x02) ? FS_DIR : FS_REG;
		if (rec[32] == 1 && rec[33] <= 1) {
			pb_strlcpy(name, rec[33] ? ".." : ".", FS_NAME_MAX + 1);
			if (rec[33] && rr.pl)
				ino = (uint64_t)rr.pl * f->block;
			type = FS_DIR;
		} else {
			if (rr.relocated)
				continue; /* shown where its CL placeholder is */
			if (rr.cl) {
				ino = (uint64_t)rr.cl * f->block;
				type = FS_DIR;
			}
			if (!name[0])
				iso_name(f, rec, name);
			if (!name[0])
				continue;
		}
		rc = cb(ctx, name, ino, type);
	}
	free(name);
	return rc;
}

int iso_read_data(struct iso_fs *f, const struct iso_node *n, uint64_t off, void *buf, size_t len,
		  size_t *got)
{
	uint8_t *out = buf;
	uint64_t base = 0;

	*got = 0;
	if (n->compressed)
		return pb_error(PB_ERR_UNSUPPORTED, "iso9660: record at %llu: zisofs-compressed file",
				(unsigned long long)n->ino);
	if (off >= n->size)
		return PB_OK;
	if (len > n->size - off)
		len = (size_t)(n->size - off);
	for (unsigned i = 0; i < n->nextents && *got < len; i++) {
		const struct iso_extent *e = &n->ext[i];
		uint64_t pos = off + *got;
		if (pos < base + e->len) {
			uint64_t skip = pos - base;
			size_t chunk = (size_t)PB_MIN(e->len - skip, (uint64_t)(len - *got));
			int rc = volume_read(&f->fs.vol, e->off + skip, out + *got, chunk);
			if (rc)
				return rc;
			*got += chunk;
		}
		base += e->len;
	}
	return PB_OK;
}
