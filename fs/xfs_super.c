/* XFS: superblock, features, block addressing, metadata block cache. */
#include "fs/xfs.h"
#include "loader/lib/crc32.h"
#include "loader/lib/err.h"

#define SB_CRC_OFF 224

static const struct { uint32_t bit; const char *name; } incompat_names[] = {
	{ XFS_SB_FEAT_INCOMPAT_FTYPE, "ftype" },
	{ XFS_SB_FEAT_INCOMPAT_SPINODES, "sparse" },
	{ XFS_SB_FEAT_INCOMPAT_META_UUID, "meta_uuid" },
	{ XFS_SB_FEAT_INCOMPAT_BIGTIME, "bigtime" },
	{ XFS_SB_FEAT_INCOMPAT_NEEDSREPAIR, "needsrepair" },
	{ XFS_SB_FEAT_INCOMPAT_NREXT64, "nrext64" },
	{ XFS_SB_FEAT_INCOMPAT_EXCHRANGE, "exchange" },
	{ XFS_SB_FEAT_INCOMPAT_PARENT, "parent" },
	{ XFS_SB_FEAT_INCOMPAT_METADIR, "metadir" },
	{ XFS_SB_FEAT_INCOMPAT_ZONED, "zoned" },
};

/* What we read correctly.  Sparse inode chunks only change allocation;
 * exchange-range adds log items only and parent pointers are extended
 * attributes: neither changes a byte of what we read.  needsrepair is
 * set by xfs_repair while it works (the kernel will not mount it) and
 * metadir/zoned move metadata we would have to find differently: those
 * are refused by name, as is anything newer. */
#define XFS_INCOMPAT_SUPPORTED                                                  \
	(XFS_SB_FEAT_INCOMPAT_FTYPE | XFS_SB_FEAT_INCOMPAT_SPINODES |           \
	 XFS_SB_FEAT_INCOMPAT_META_UUID | XFS_SB_FEAT_INCOMPAT_BIGTIME |        \
	 XFS_SB_FEAT_INCOMPAT_NREXT64 | XFS_SB_FEAT_INCOMPAT_EXCHRANGE |        \
	 XFS_SB_FEAT_INCOMPAT_PARENT)

static int refuse_features(uint32_t unknown)
{
	char names[200], hex[16];
	size_t used = 0;

	names[0] = '\0';
	for (uint32_t bit = 1; bit; bit <<= 1) {
		const char *name = NULL;

		if (!(unknown & bit))
			continue;
		for (size_t i = 0; i < PB_ARRAY_SIZE(incompat_names); i++)
			if (incompat_names[i].bit == bit)
				name = incompat_names[i].name;
		if (!name) {
			pb_snprintf(hex, sizeof(hex), "0x%x", bit);
			name = hex;
		}
		if (used < sizeof(names))
			used += (size_t)pb_snprintf(names + used, sizeof(names) - used, "%s%s",
						    used ? ", " : "", name);
	}
	return pb_error(PB_ERR_UNSUPPORTED, "xfs: unsupported incompatible features: %s", names);
}

bool xfs_crc_ok(const uint8_t *buf, size_t len, size_t crc_off)
{
	static const uint8_t zero[4];
	uint32_t crc;

	if (!pb_range_ok(crc_off, 4, len))
		return false;
	crc = crc32c_raw(~0u, buf, crc_off);
	crc = crc32c_raw(crc, zero, 4);
	crc = crc32c_raw(crc, buf + crc_off + 4, len - crc_off - 4);
	return ~crc == pb_le32(buf + crc_off);
}

int xfs_check_hdr(const struct xfs_fs *x, const char *what, uint64_t where, const uint8_t *uuid,
		  uint64_t owner, uint64_t want_owner)
{
	if (memcmp(uuid, x->meta_uuid, 16) != 0)
		return pb_error(PB_ERR_CORRUPT, "xfs: %s at %llu belongs to another filesystem (uuid)",
				what, (unsigned long long)where);
	if (want_owner && owner != want_owner)
		return pb_error(PB_ERR_CORRUPT, "xfs: %s at %llu is owned by inode %llu, not %llu", what,
				(unsigned long long)where, (unsigned long long)owner,
				(unsigned long long)want_owner);
	return PB_OK;
}

bool xfs_fsb_ok(const struct xfs_fs *x, uint64_t fsblock, uint64_t count)
{
	uint64_t agno = fsblock >> x->ag_blk_log;
	uint64_t agbno = fsblock & ((1ull << x->ag_blk_log) - 1);

	if (agno >= x->ag_count || count == 0 || !pb_range_ok(agbno, count, x->ag_blocks))
		return false;
	return pb_range_ok(agno * x->ag_blocks + agbno, count, x->dblocks);
}

uint64_t xfs_fsb_to_off(const struct xfs_fs *x, uint64_t fsblock)
{
	uint64_t agno = fsblock >> x->ag_blk_log;
	uint64_t agbno = fsblock & ((1ull << x->ag_blk_log) - 1);

	return (agno * x->ag_blocks + agbno) << x->block_log;
}

int xfs_block(struct xfs_fs *x, uint64_t fsblock, const uint8_t **data, uint32_t **checked)
{
	struct xfs_cache_slot *victim = &x->cache[0];
	uint64_t off;
	int rc;

	if (!xfs_fsb_ok(x, fsblock, 1))
		return pb_error(PB_ERR_CORRUPT, "xfs: block %llu is outside the filesystem",
				(unsigned long long)fsblock);
	off = xfs_fsb_to_off(x, fsblock);
	for (int i = 0; i < XFS_CACHE_BLOCKS; i++) {
		struct xfs_cache_slot *s = &x->cache[i];
		if (s->off == off) {
			s->stamp = ++x->stamp;
			*data = s->data;
			if (checked)
				*checked = &s->checked;
			return PB_OK;
		}
		if (s->stamp < victim->stamp)
			victim = s;
	}
	victim->off = UINT64_MAX;
	rc = volume_read(&x->fs.vol, off, victim->data, x->block_size);
	if (rc)
		return rc;
	victim->off = off;
	victim->stamp = ++x->stamp;
	victim->checked = 0;
	*data = victim->data;
	if (checked)
		*checked = &victim->checked;
	return PB_OK;
}

static bool pow2_log(uint32_t v, uint8_t log)
{
	return log < 32 && v == 1u << log;
}

static uint8_t ceil_log2(uint32_t v)
{
	uint8_t l = 0;
	while (l < 32 && (1ull << l) < v)
		l++;
	return l;
}

static int parse_features(struct xfs_fs *x, const uint8_t *sb)
{
	uint16_t vn = pb_be16(sb + 100);
	uint32_t features2 = (vn & XFS_SB_VERSION_MOREBITSBIT) ? pb_be32(sb + 200) : 0;

	x->version = vn & XFS_SB_VERSION_NUMBITS;
	if (x->version != 4 && x->version != 5)
		return pb_error(PB_ERR_UNSUPPORTED, "xfs: superblock version %u (only 4 and 5 are read)",
				x->version);
	if (x->version == 4) {
		/* Version 1 directories predate 2002 and cannot be made today. */
		if (!(vn & XFS_SB_VERSION_DIRV2BIT))
			return pb_error(PB_ERR_UNSUPPORTED, "xfs: unsupported incompatible features: dirv1");
		x->ftype = features2 & XFS_SB_VERSION2_FTYPE;
		memcpy(x->meta_uuid, sb + 32, 16);
		return PB_OK;
	}
	x->crc = true;
	x->incompat = pb_be32(sb + 216);
	x->ro_compat = pb_be32(sb + 212);
	if (x->incompat & ~XFS_INCOMPAT_SUPPORTED)
		return refuse_features(x->incompat & ~XFS_INCOMPAT_SUPPORTED);
	x->ftype = x->incompat & XFS_SB_FEAT_INCOMPAT_FTYPE;
	memcpy(x->meta_uuid, sb + ((x->incompat & XFS_SB_FEAT_INCOMPAT_META_UUID) ? 248 : 32), 16);
	return PB_OK;
}

static int parse_super(struct xfs_fs *x, const uint8_t *sb)
{
	uint8_t sect_log = sb[121], inode_log = sb[122], dir_log = sb[192];
	uint64_t root;
	int rc = parse_features(x, sb);

	if (rc)
		return rc;
	x->block_size = pb_be32(sb + 4);
	x->dblocks = pb_be64(sb + 8);
	x->ag_blocks = pb_be32(sb + 84);
	x->ag_count = pb_be32(sb + 88);
	x->sect_size = pb_be16(sb + 102);
	x->inode_size = pb_be16(sb + 104);
	x->block_log = sb[120];
	x->ag_blk_log = sb[124];
	x->inop_blog = sb[123];
	if (!pow2_log(x->block_size, x->block_log) || x->block_size < 512 || x->block_size > 65536)
		return pb_error(PB_ERR_CORRUPT, "xfs: superblock block size %u (log %u)", x->block_size,
				x->block_log);
	if (!pow2_log(x->sect_size, sect_log) || x->sect_size < 512 || x->sect_size > 32768 ||
	    x->sect_size > x->block_size)
		return pb_error(PB_ERR_CORRUPT, "xfs: superblock sector size %u", x->sect_size);
	if (!pow2_log(x->inode_size, inode_log) || x->inode_size < 256 ||
	    x->inode_size > XFS_INODE_MAX || x->inode_size > x->block_size ||
	    x->inop_blog != x->block_log - inode_log || pb_be16(sb + 106) != x->block_size / x->inode_size)
		return pb_error(PB_ERR_CORRUPT, "xfs: superblock inode size %u (%u per block)",
				x->inode_size, pb_be16(sb + 106));
	if (x->crc && x->inode_size < 512)
		return pb_error(PB_ERR_CORRUPT, "xfs: v5 superblock with %u-byte inodes", x->inode_size);
	if (x->ag_count == 0 || x->ag_blocks < 16 || x->ag_blk_log != ceil_log2(x->ag_blocks) ||
	    x->ag_blk_log + x->inop_blog > 56)
		return pb_error(PB_ERR_CORRUPT, "xfs: superblock allocation groups (%u of %u blocks, log %u)",
				x->ag_count, x->ag_blocks, x->ag_blk_log);
	if (x->dblocks > (uint64_t)x->ag_count * x->ag_blocks ||
	    x->dblocks <= (uint64_t)(x->ag_count - 1) * x->ag_blocks)
		return pb_error(PB_ERR_CORRUPT, "xfs: superblock: %llu blocks in %u groups of %u",
				(unsigned long long)x->dblocks, x->ag_count, x->ag_blocks);
	if (!pb_array_fits(0, x->dblocks, x->block_size, x->fs.vol.size))
		return pb_error(PB_ERR_CORRUPT, "xfs: %llu blocks of %u bytes do not fit the %llu-byte volume",
				(unsigned long long)x->dblocks, x->block_size,
				(unsigned long long)x->fs.vol.size);
	if (x->block_log + dir_log > 16)
		return pb_error(PB_ERR_CORRUPT, "xfs: directory block size %u << %u", x->block_size, dir_log);
	x->dir_blk_size = x->block_size << dir_log;
	root = pb_be64(sb + 56);
	if (!xfs_ino_ok(x, root))
		return pb_error(PB_ERR_CORRUPT, "xfs: superblock: root inode %llu", (unsigned long long)root);
	x->fs.root_ino = root;
	if (sb[126])
		return pb_error(PB_ERR_CORRUPT, "xfs: superblock: mkfs did not finish (sb_inprogress)");
	x->log_start = pb_be64(sb + 48);
	x->log_blocks = pb_be32(sb + 96);
	x->log_sunit = (pb_be16(sb + 100) & XFS_SB_VERSION_LOGV2BIT) ? pb_be32(sb + 196) : 0;
	return PB_OK;
}

static void format_uuid(const uint8_t *u, char *out, size_t size)
{
	pb_snprintf(out, size,
		    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		    u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10],
		    u[11], u[12], u[13], u[14], u[15]);
}

static void free_fs(struct xfs_fs *x)
{
	for (int i = 0; i < XFS_CACHE_BLOCKS; i++)
		free(x->cache[i].data);
	free(x);
}

/* The superblock sector (sb_sectsize bytes, which the v5 CRC covers). */
static int read_super(const struct volume *vol, uint8_t **out, uint32_t *len)
{
	uint8_t head[512], *sb;
	uint32_t ss;
	int rc;

	if (vol->size < 4096)
		return pb_error(PB_ERR_FORMAT, "volume too small for xfs");
	rc = volume_read(vol, 0, head, sizeof(head));
	if (rc)
		return rc;
	if (pb_be32(head) != XFS_SB_MAGIC)
		return pb_error(PB_ERR_FORMAT, "not xfs");
	ss = pb_be16(head + 102);
	if (ss < 512 || ss > 32768 || (ss & (ss - 1)))
		return pb_error(PB_ERR_CORRUPT, "xfs: superblock sector size %u", ss);
	sb = malloc(ss);
	if (!sb)
		return pb_error(PB_ERR_NOMEM, "xfs: out of memory");
	rc = volume_read(vol, 0, sb, ss);
	if (rc) {
		free(sb);
		return rc;
	}
	*out = sb;
	*len = ss;
	return PB_OK;
}

int xfs_mount(const struct volume *vol, struct fs **out)
{
	struct xfs_fs *x;
	uint8_t *sb;
	uint32_t sb_len;
	int rc = read_super(vol, &sb, &sb_len);

	if (rc)
		return rc;
	x = calloc(1, sizeof(*x));
	if (!x) {
		free(sb);
		return pb_error(PB_ERR_NOMEM, "xfs: out of memory");
	}
	x->fs.ops = &xfs_ops;
	x->fs.vol = *vol;
	x->fs.priv = x;
	if ((pb_be16(sb + 100) & XFS_SB_VERSION_NUMBITS) == 5 && !xfs_crc_ok(sb, sb_len, SB_CRC_OFF))
		rc = pb_error(PB_ERR_CORRUPT, "xfs: superblock checksum mismatch");
	if (rc == PB_OK)
		rc = parse_super(x, sb);
	for (int i = 0; rc == PB_OK && i < XFS_CACHE_BLOCKS; i++) {
		x->cache[i].off = UINT64_MAX;
		x->cache[i].data = malloc(x->block_size);
		if (!x->cache[i].data)
			rc = pb_error(PB_ERR_NOMEM, "xfs: out of memory");
	}
	if (rc) {
		free(sb);
		free_fs(x);
		return rc;
	}
	format_uuid(sb + 32, x->fs.uuid, sizeof(x->fs.uuid));
	memcpy(x->fs.label, sb + 108, 12);
	x->fs.label[12] = '\0';
	free(sb);
	xfs_log_check(x);
	if (x->log_dirty)
		pb_snprintf(x->fs.note, sizeof(x->fs.note), "xfs: %s: read as it is on disk (newer changes may be missing), never written",
			    x->log_start ? "the log needs recovery" : "the log is on another device");
	*out = &x->fs;
	return PB_OK;
}

void xfs_unmount(struct fs *fs)
{
	free_fs(xfs_of(fs));
}
