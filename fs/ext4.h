/* ext2/ext3/ext4, read-only: internal interface between the driver's files.
 * On-disk layout facts are from the kernel's Documentation/filesystems/ext4
 * and e2fsprogs' headers; every field is read by offset through pb_le*. */
#ifndef PVBOOT_FS_EXT4_H
#define PVBOOT_FS_EXT4_H

#include "fs/fs.h"

#define EXT4_SB_OFFSET 1024
#define EXT4_MAGIC 0xEF53
#define EXT4_ROOT_INO 2
#define EXT4_N_BLOCKS 15
#define EXT4_INODE_MAX 1024 /* largest inode size we accept */
#define EXT4_CACHE_BLOCKS 16

/* incompat features */
#define EXT4_FEATURE_INCOMPAT_COMPRESSION 0x0001
#define EXT4_FEATURE_INCOMPAT_FILETYPE 0x0002
#define EXT4_FEATURE_INCOMPAT_RECOVER 0x0004
#define EXT4_FEATURE_INCOMPAT_JOURNAL_DEV 0x0008
#define EXT4_FEATURE_INCOMPAT_META_BG 0x0010
#define EXT4_FEATURE_INCOMPAT_EXTENTS 0x0040
#define EXT4_FEATURE_INCOMPAT_64BIT 0x0080
#define EXT4_FEATURE_INCOMPAT_MMP 0x0100
#define EXT4_FEATURE_INCOMPAT_FLEX_BG 0x0200
#define EXT4_FEATURE_INCOMPAT_EA_INODE 0x0400
#define EXT4_FEATURE_INCOMPAT_DIRDATA 0x1000
#define EXT4_FEATURE_INCOMPAT_CSUM_SEED 0x2000
#define EXT4_FEATURE_INCOMPAT_LARGEDIR 0x4000
#define EXT4_FEATURE_INCOMPAT_INLINE_DATA 0x8000
#define EXT4_FEATURE_INCOMPAT_ENCRYPT 0x10000
#define EXT4_FEATURE_INCOMPAT_CASEFOLD 0x20000
#define EXT4_FEATURE_COMPAT_SPARSE_SUPER2 0x0200
#define EXT4_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001
#define EXT4_FEATURE_RO_COMPAT_HUGE_FILE 0x0008
#define EXT4_FEATURE_RO_COMPAT_BIGALLOC 0x0200
#define EXT4_FEATURE_RO_COMPAT_SHARED_BLOCKS 0x4000
#define EXT4_FEATURE_RO_COMPAT_METADATA_CSUM 0x0400

/* inode flags */
#define EXT4_ENCRYPT_FL 0x00000800
#define EXT4_HUGE_FILE_FL 0x00040000
#define EXT4_EXTENTS_FL 0x00080000
#define EXT4_EA_INODE_FL 0x00200000
#define EXT4_INLINE_DATA_FL 0x10000000

struct ext4_cache_slot {
	uint64_t block; /* UINT64_MAX when empty */
	uint64_t stamp;
	uint8_t *data;
};

struct ext4_fs {
	struct fs fs; /* must be first: ext4 code gets back from struct fs * */
	uint32_t block_size;
	uint32_t cluster_size; /* allocation unit: block_size unless bigalloc */
	uint64_t blocks_count;
	uint32_t first_data_block;
	uint32_t blocks_per_group, inodes_per_group;
	uint32_t inodes_count;
	uint32_t inode_size, desc_size;
	uint32_t groups;
	uint32_t first_meta_bg;
	uint32_t compat, incompat, ro_compat;
	uint32_t backup_bgs[2]; /* sparse_super2: the only groups with backups */
	uint64_t stamp;
	struct ext4_cache_slot cache[EXT4_CACHE_BLOCKS];
};

struct ext4_inode {
	uint64_t ino;
	uint16_t mode;
	uint32_t flags;
	uint64_t size;
	uint64_t blocks; /* in 512-byte units (huge_file honoured) */
	uint64_t file_acl;
	uint32_t links;
	uint64_t mtime;
	uint32_t raw_size;
	uint8_t raw[EXT4_INODE_MAX];
};

static inline struct ext4_fs *ext4_of(struct fs *fs)
{
	return (struct ext4_fs *)fs;
}

/* ext4_features.c: PB_OK, or the error naming every incompat feature we
 * refuse (by name and reason, or by hex value when unknown). */
int ext4_check_features(uint32_t incompat);
/* The ro_compat bits that forbid in-place writes (see ext4_ops.c's bmap). */
uint32_t ext4_ro_compat_unwritable(uint32_t ro_compat);

/* ext4_super.c */
int ext4_mount(const struct volume *vol, struct fs **out);
void ext4_unmount(struct fs *fs);
/* A metadata block through the small cache; the pointer is valid until the
 * next ext4_block() call that misses. */
int ext4_block(struct ext4_fs *e, uint64_t block, const uint8_t **data);
int ext4_inode_table(struct ext4_fs *e, uint32_t group, uint64_t *block);

/* ext4_inode.c */
int ext4_read_inode(struct ext4_fs *e, uint64_t ino, struct ext4_inode *in);
/* PB_OK, or the per-file error for an fscrypt-encrypted inode, whose data,
 * names or link target are ciphertext to us. */
int ext4_refuse_encrypted(const struct ext4_inode *in);
enum fs_type ext4_type(uint16_t mode);
/* Inline data (inline_data feature): the bytes of i_block followed by the
 * "system.data" extended attribute; *out points into in->raw. */
int ext4_inline_data(const struct ext4_inode *in, const uint8_t **a, size_t *alen,
		     const uint8_t **b, size_t *blen);
bool ext4_is_fast_symlink(const struct ext4_fs *e, const struct ext4_inode *in);

/* ext4_map.c: logical block -> physical run.  *pblk == 0 means a hole (or
 * an unwritten extent), which reads as zeros; *count >= 1 blocks. */
int ext4_map(struct ext4_fs *e, const struct ext4_inode *in, uint64_t lblk,
	     uint64_t *pblk, uint64_t *count);

/* ext4_file.c */
int ext4_read_data(struct ext4_fs *e, const struct ext4_inode *in, uint64_t off,
		   void *buf, size_t len, size_t *got);

/* ext4_dir.c */
int ext4_iterate_dir(struct ext4_fs *e, const struct ext4_inode *dir, fs_dirent_cb cb, void *ctx);

extern const struct fs_ops ext4_ops;

#endif
