/* XFS, read-only: internal interface between the driver's files.
 * Layout facts are from the XFS on-disk format documentation (xfs-documentation,
 * "XFS Filesystem Structure") and the kernel's fs/xfs/libxfs/xfs_format.h;
 * every field is big-endian and read by offset through pb_be*, except the
 * CRC words, which are little-endian. */
#ifndef PVBOOT_FS_XFS_H
#define PVBOOT_FS_XFS_H

#include "fs/fs.h"

#define XFS_SB_MAGIC 0x58465342u /* "XFSB" */
#define XFS_INODE_MAX 2048       /* largest inode size mkfs allows */
#define XFS_CACHE_BLOCKS 16
#define XFS_BMBT_MAXLEVELS 9     /* deepest data-fork B+tree (64-bit offsets) */
/* The directory address space: data blocks below 32 GiB, then the leaf
 * and free-index sections, which a linear reader does not need. */
#define XFS_DIR_LEAF_OFFSET (32ull << 30)

/* sb_versionnum */
#define XFS_SB_VERSION_NUMBITS 0x000f
#define XFS_SB_VERSION_LOGV2BIT 0x0400
#define XFS_SB_VERSION_DIRV2BIT 0x2000
#define XFS_SB_VERSION_BORGBIT 0x4000 /* ASCII case-insensitive names */
#define XFS_SB_VERSION_MOREBITSBIT 0x8000
/* sb_features2 (v4) */
#define XFS_SB_VERSION2_FTYPE 0x0200
/* v5 incompatible features */
#define XFS_SB_FEAT_INCOMPAT_FTYPE 0x0001
#define XFS_SB_FEAT_INCOMPAT_SPINODES 0x0002
#define XFS_SB_FEAT_INCOMPAT_META_UUID 0x0004
#define XFS_SB_FEAT_INCOMPAT_BIGTIME 0x0008
#define XFS_SB_FEAT_INCOMPAT_NEEDSREPAIR 0x0010
#define XFS_SB_FEAT_INCOMPAT_NREXT64 0x0020
#define XFS_SB_FEAT_INCOMPAT_EXCHRANGE 0x0040
#define XFS_SB_FEAT_INCOMPAT_PARENT 0x0080
#define XFS_SB_FEAT_INCOMPAT_METADIR 0x0100
#define XFS_SB_FEAT_INCOMPAT_ZONED 0x0200
/* v5 read-only-compatible features: readable whatever they are, but an
 * in-place write is refused on any we do not know */
#define XFS_SB_FEAT_RO_COMPAT_FINOBT 0x0001
#define XFS_SB_FEAT_RO_COMPAT_RMAPBT 0x0002
#define XFS_SB_FEAT_RO_COMPAT_REFLINK 0x0004
#define XFS_SB_FEAT_RO_COMPAT_INOBTCNT 0x0008
#define XFS_SB_FEAT_RO_COMPAT_KNOWN 0x000f

/* di_format */
#define XFS_DINODE_FMT_LOCAL 1
#define XFS_DINODE_FMT_EXTENTS 2
#define XFS_DINODE_FMT_BTREE 3
/* di_flags / di_flags2 */
#define XFS_DIFLAG_REALTIME 0x0001
#define XFS_DIFLAG_IMMUTABLE 0x0008
#define XFS_DIFLAG2_BIGTIME 0x0008
#define XFS_DIFLAG2_NREXT64 0x0010

struct xfs_cache_slot {
	uint64_t off; /* volume byte offset; UINT64_MAX when empty */
	uint64_t stamp;
	uint32_t checked; /* magic of the block type it was verified as, or 0 */
	uint8_t *data;
};

struct xfs_fs {
	struct fs fs; /* must be first: xfs code gets back from struct fs * */
	uint32_t block_size, sect_size, inode_size, dir_blk_size;
	uint32_t ag_blocks, ag_count;
	uint8_t block_log, ag_blk_log, inop_blog;
	uint64_t dblocks;
	uint16_t version;       /* 4 or 5 */
	bool crc, ftype;
	uint32_t incompat, ro_compat;
	uint8_t meta_uuid[16];  /* the uuid stamped in v5 metadata headers */
	uint64_t log_start;     /* fsblock of the internal log (0: external) */
	uint32_t log_blocks;
	uint32_t log_sunit;     /* log stripe unit in bytes (records are padded to it) */
	bool log_dirty;         /* the log holds changes not yet in place */
	uint64_t stamp;
	struct xfs_cache_slot cache[XFS_CACHE_BLOCKS];
};

struct xfs_inode {
	uint64_t ino;
	uint16_t mode;
	uint8_t version, format;
	uint16_t flags;
	uint64_t flags2;
	uint32_t nlink;
	uint64_t size, nblocks, nextents;
	uint64_t mtime;
	uint32_t fork_off, fork_len; /* data fork: bytes of raw */
	uint8_t raw[XFS_INODE_MAX];
};

/* A run of file blocks as the data fork maps them. */
enum xfs_run_kind { XFS_RUN_DATA, XFS_RUN_HOLE, XFS_RUN_UNWRITTEN };
struct xfs_run {
	enum xfs_run_kind kind;
	uint64_t fsblock; /* XFS_RUN_DATA / UNWRITTEN: first block's fsblock number */
	uint64_t count;   /* >= 1 blocks from lblk on */
};

static inline struct xfs_fs *xfs_of(struct fs *fs)
{
	return (struct xfs_fs *)fs;
}

/* xfs_super.c */
int xfs_mount(const struct volume *vol, struct fs **out);
void xfs_unmount(struct fs *fs);
/* Is [fsblock, fsblock + count) inside one allocation group of the data
 * device?  Where does it start on the volume? */
bool xfs_fsb_ok(const struct xfs_fs *x, uint64_t fsblock, uint64_t count);
uint64_t xfs_fsb_to_off(const struct xfs_fs *x, uint64_t fsblock);
/* One filesystem block of metadata through the small cache (fsblock
 * validated); valid until the next xfs_block() that misses.  *checked (if
 * asked for) is the slot's note of what the block was verified as, so a
 * caller checks a cached block's CRC once. */
int xfs_block(struct xfs_fs *x, uint64_t fsblock, const uint8_t **data, uint32_t **checked);
/* v5 metadata CRC: crc32c over len bytes with the little-endian CRC word
 * at crc_off taken as zero. */
bool xfs_crc_ok(const uint8_t *buf, size_t len, size_t crc_off);
/* v5 self-describing header checks shared by every block type: the
 * filesystem uuid and the owning inode (0: not checked). */
int xfs_check_hdr(const struct xfs_fs *x, const char *what, uint64_t where, const uint8_t *uuid,
		  uint64_t owner, uint64_t want_owner);

/* xfs_log.c: does the internal log hold anything after its last unmount
 * record?  Sets x->log_dirty; an unreadable log counts as dirty. */
void xfs_log_check(struct xfs_fs *x);

/* xfs_inode.c */
bool xfs_ino_ok(const struct xfs_fs *x, uint64_t ino);
int xfs_read_inode(struct xfs_fs *x, uint64_t ino, struct xfs_inode *in);
enum fs_type xfs_type(uint16_t mode);
static inline const uint8_t *xfs_fork(const struct xfs_inode *in)
{
	return in->raw + in->fork_off;
}

/* xfs_bmap.c: where file block lblk lives (extents or B+tree data fork). */
int xfs_map(struct xfs_fs *x, const struct xfs_inode *in, uint64_t lblk, struct xfs_run *run);

/* xfs_file.c: file bytes; holes and unwritten extents read as zeros.
 * xfs_read_mapped reads [off, off+len) regardless of di_size and fails
 * on a hole (directory and symlink blocks). */
int xfs_read_data(struct xfs_fs *x, const struct xfs_inode *in, uint64_t off, void *buf,
		  size_t len, size_t *got);
int xfs_read_mapped(struct xfs_fs *x, const struct xfs_inode *in, uint64_t off, void *buf, size_t len);

/* xfs_dir.c */
int xfs_iterate_dir(struct xfs_fs *x, const struct xfs_inode *dir, fs_dirent_cb cb, void *ctx);

/* xfs_symlink.c */
int xfs_readlink(struct xfs_fs *x, const struct xfs_inode *in, char *buf, size_t size);

/* xfs_refcount.c (reflink): *count blocks from fsblock in, out how many
 * of them from the first on are not shared with another file (0: the
 * first is shared). */
int xfs_refcount_unshared(struct xfs_fs *x, uint64_t fsblock, uint64_t *count);

extern const struct fs_ops xfs_ops;

#endif
