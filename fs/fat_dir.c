/* FAT: directory entries, VFAT long names.  A directory is the fixed
 * FAT12/16 root region or a cluster chain; either is read at most
 * FAT_DIR_MAX_ENTRIES entries far (the specification's limit), so a
 * directory without an end marker ends with an error, not a hang. */
#include "fs/fat.h"
#include "fs/fs_time.h"
#include "loader/lib/err.h"

#define LFN_MAX_SLOTS 20 /* 20 * 13 = 260 UTF-16 units, past the 255 limit */

/* FAT keeps local time without a zone; it is reported as if UTC. */
static uint64_t fat_time(uint16_t date, uint16_t time)
{
	return fs_unix_time(1980 + (date >> 9), (date >> 5) & 15, date & 31, time >> 11, (time >> 5) & 63,
			    (time & 31) * 2, 0);
}

static bool is_dotdot(const uint8_t *e)
{
	return !memcmp(e, "..         ", 11);
}

static void decode(struct fat_fs *f, const uint8_t *e, uint64_t ino, struct fat_node *n)
{
	n->ino = ino;
	n->attr = e[11];
	n->cluster = pb_le16(e + 26) | (f->bits == 32 ? (uint32_t)pb_le16(e + 20) << 16 : 0);
	n->size = pb_le32(e + 28);
	n->mtime = fat_time(pb_le16(e + 24), pb_le16(e + 22));
}

int fat_read_node(struct fat_fs *f, uint64_t ino, struct fat_node *n)
{
	uint8_t e[FAT_DIRENT];
	int rc;

	memset(n, 0, sizeof(*n));
	if (ino == FAT_ROOT_INO) {
		n->ino = ino;
		n->attr = FAT_ATTR_DIR;
		return PB_OK;
	}
	if (ino % FAT_DIRENT || ino < f->root_off)
		return pb_error(PB_ERR_INVAL, "fat: %llu is not a directory entry", (unsigned long long)ino);
	if (f->ent_ino != ino) {
		f->ent_ino = 0;
		rc = volume_read(&f->fs.vol, ino, f->ent, sizeof(f->ent));
		if (rc)
			return rc;
		f->ent_ino = ino;
	}
	memcpy(e, f->ent, sizeof(e));
	decode(f, e, ino, n);
	if (f->bits == 32 && (n->attr & FAT_ATTR_DIR) && n->cluster == f->root_cluster)
		n->cluster = 0; /* some writers put the root's cluster in ".." */
	if ((n->attr & FAT_ATTR_DIR) && n->cluster == 0 && !is_dotdot(e))
		return pb_error(PB_ERR_CORRUPT, "fat: directory entry at %llu: a directory without clusters",
				(unsigned long long)ino);
	if (!(n->attr & FAT_ATTR_DIR) && n->size && n->cluster == 0)
		return pb_error(PB_ERR_CORRUPT, "fat: directory entry at %llu: %u bytes but no cluster",
				(unsigned long long)ino, n->size);
	return PB_OK;
}

static int walk_buf(const uint8_t *buf, size_t n, uint64_t base, uint64_t *seen, fat_raw_cb cb, void *ctx)
{
	for (size_t i = 0; pb_range_ok(i, FAT_DIRENT, n); i += FAT_DIRENT) {
		if (buf[i] == 0)
			return 2; /* end of directory (callbacks stop with 1) */
		if (++*seen > FAT_DIR_MAX_ENTRIES)
			return pb_error(PB_ERR_CORRUPT, "fat: a directory of more than %u entries", FAT_DIR_MAX_ENTRIES);
		int stop = cb(ctx, buf + i, base + i);
		if (stop)
			return stop;
	}
	return PB_OK;
}

int fat_walk_raw(struct fat_fs *f, const struct fat_node *dir, fat_raw_cb cb, void *ctx)
{
	uint8_t *buf = malloc(f->cluster_size);
	uint64_t seen = 0;
	int rc = PB_OK;

	if (!buf)
		return pb_error(PB_ERR_NOMEM, "fat: out of memory");
	if (dir->cluster == 0 && f->bits != 32) {
		uint64_t len = (uint64_t)f->root_entries * FAT_DIRENT;
		for (uint64_t off = 0; off < len && rc == PB_OK; off += f->cluster_size) {
			size_t n = (size_t)PB_MIN((uint64_t)f->cluster_size, len - off);
			rc = volume_read(&f->fs.vol, f->root_off + off, buf, n);
			if (rc == PB_OK)
				rc = walk_buf(buf, n, f->root_off + off, &seen, cb, ctx);
		}
	} else {
		struct fat_chain ch;
		rc = fat_chain_start(f, dir->cluster ? dir->cluster : f->root_cluster, &ch);
		while (rc == PB_OK) {
			uint64_t off = fat_cluster_off(f, ch.cur);
			rc = volume_read(&f->fs.vol, off, buf, f->cluster_size);
			if (rc == PB_OK)
				rc = walk_buf(buf, f->cluster_size, off, &seen, cb, ctx);
			if (rc == PB_OK) {
				rc = fat_chain_next(f, &ch);
				if (rc == 1)
					rc = 2; /* the chain ended */
			}
		}
	}
	free(buf);
	return rc == 2 ? PB_OK : rc;
}

/* Long-name assembly state across entries (and clusters). */
struct iter {
	struct fat_fs *f;
	fs_dirent_cb cb;
	fat_names_cb ncb;
	void *ctx;
	uint16_t lfn[LFN_MAX_SLOTS * 13];
	unsigned expect; /* next sequence number wanted; 0: none pending */
	unsigned slots;
	uint8_t sum;
	char name[FS_NAME_MAX + 1];
};

static uint8_t short_sum(const uint8_t *e)
{
	uint8_t sum = 0;

	for (int i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + e[i]);
	return sum;
}

static void lfn_slot(struct iter *it, const uint8_t *e)
{
	unsigned seq = e[0] & 0x1F;
	static const uint8_t pos[13] = { 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30 };

	if (e[0] & 0x40) {
		if (seq == 0 || seq > LFN_MAX_SLOTS) {
			it->expect = 0;
			return;
		}
		it->slots = seq;
		it->sum = e[13];
		it->expect = seq;
	} else if (!it->expect || seq != it->expect || e[13] != it->sum) {
		it->expect = 0; /* an orphan or out-of-order slot: forget the long name */
		return;
	}
	for (int i = 0; i < 13; i++)
		it->lfn[(seq - 1) * 13 + i] = pb_le16(e + pos[i]);
	it->expect--;
	if (it->expect == 0)
		it->expect = 0x100; /* complete: waits for its short entry */
}

/* UTF-16 (surrogate pairs decoded) to UTF-8; false if it does not fit or
 * is not well formed (then the short name is used). */
static bool lfn_utf8(const struct iter *it, char *out, size_t size)
{
	size_t o = 0, n = it->slots * 13;

	for (size_t i = 0; i < n && it->lfn[i]; i++) {
		uint32_t c = it->lfn[i];
		if (c >= 0xD800 && c < 0xDC00) {
			if (i + 1 >= n || it->lfn[i + 1] < 0xDC00 || it->lfn[i + 1] >= 0xE000)
				return false;
			c = 0x10000 + ((c - 0xD800) << 10) + (it->lfn[++i] - 0xDC00);
		} else if (c >= 0xDC00 && c < 0xE000) {
			return false;
		}
		if (c == '/')
			return false;
		unsigned len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
		if (o + len >= size)
			return false;
		if (len == 1) {
			out[o++] = (char)c;
		} else {
			for (unsigned k = len - 1; k > 0; k--)
				out[o + k] = (char)(0x80 | ((c >> (6 * (len - 1 - k))) & 0x3F));
			out[o] = (char)((len == 2 ? 0xC0 : len == 3 ? 0xE0 : 0xF0) | (c >> (6 * (len - 1))));
			o += len;
		}
	}
	out[o] = '\0';
	return o > 0;
}

/* 8.3 name; Windows NT's flags (byte 12: 0x08 base, 0x10 extension in
 * lower case) honoured as Linux does. */
static void short_name(const uint8_t *e, char *out)
{
	size_t o = 0, b = 8, x = 11;

	while (b && e[b - 1] == ' ')
		b--;
	while (x > 8 && e[x - 1] == ' ')
		x--;
	for (size_t i = 0; i < b; i++) {
		char c = (char)(i == 0 && e[0] == 0x05 ? 0xE5 : e[i]);
		out[o++] = (e[12] & 0x08) && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
	}
	if (x > 8)
		out[o++] = '.';
	for (size_t i = 8; i < x; i++) {
		char c = (char)e[i];
		out[o++] = (e[12] & 0x10) && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
	}
	out[o] = '\0';
}

static int entry_cb(void *ctx, const uint8_t *e, uint64_t ino)
{
	struct iter *it = ctx;
	char sname[16];
	bool long_ok;

	if (e[0] == 0xE5) {
		it->expect = 0;
		return 0;
	}
	if ((e[11] & 0x3F) == FAT_ATTR_LFN) {
		lfn_slot(it, e);
		return 0;
	}
	long_ok = it->expect == 0x100 && short_sum(e) == it->sum;
	it->expect = 0;
	if (e[11] & FAT_ATTR_VOLUME)
		return 0; /* the volume label */
	short_name(e, sname);
	if (!sname[0])
		return 0;
	if (!long_ok || !lfn_utf8(it, it->name, sizeof(it->name)))
		pb_strlcpy(it->name, sname, sizeof(it->name));
	enum fs_type type = e[11] & FAT_ATTR_DIR ? FS_DIR : FS_REG;
	return it->ncb ? it->ncb(it->ctx, it->name, sname, ino) : it->cb(it->ctx, it->name, ino, type);
}

static int iterate(struct fat_fs *f, const struct fat_node *dir, fs_dirent_cb cb, fat_names_cb ncb,
		   void *ctx)
{
	struct iter *it;
	int rc;

	if (!(dir->attr & FAT_ATTR_DIR))
		return pb_error(PB_ERR_NOTDIR, "fat: entry %llu is not a directory", (unsigned long long)dir->ino);
	it = calloc(1, sizeof(*it));
	if (!it)
		return pb_error(PB_ERR_NOMEM, "fat: out of memory");
	it->f = f;
	it->cb = cb;
	it->ncb = ncb;
	it->ctx = ctx;
	rc = fat_walk_raw(f, dir, entry_cb, it);
	free(it);
	return rc;
}

int fat_iterate_dir(struct fat_fs *f, const struct fat_node *dir, fs_dirent_cb cb, void *ctx)
{
	return iterate(f, dir, cb, NULL, ctx);
}

int fat_iterate_names(struct fat_fs *f, const struct fat_node *dir, fat_names_cb cb, void *ctx)
{
	return iterate(f, dir, NULL, cb, ctx);
}
