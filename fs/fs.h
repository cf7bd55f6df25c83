/* Filesystem drivers and the path-level API on top of them.
 *
 * A driver works on inode numbers (uint64_t, opaque to everyone else) and
 * knows nothing about paths; fs/path.c walks paths ('.', '..', symlinks with
 * a loop limit) once for every driver.  Each driver lives in its own file and
 * exposes one `const struct fs_ops`, registered in fs_drivers[] (fs/drivers.c).
 * All ops return 0 or a negative PB_ERR_* with pb_error() detail.
 */
#ifndef PVBOOT_FS_FS_H
#define PVBOOT_FS_FS_H

#include "fs/blockdev.h"

#define FS_NAME_MAX 255  /* longest single path component */
#define FS_PATH_MAX 4096 /* longest path we resolve */
#define FS_SYMLINK_MAX 40 /* symlinks followed in one resolution (as Linux) */

enum fs_type { FS_REG = 1, FS_DIR, FS_SYMLINK, FS_OTHER };

struct fs_stat {
	uint64_t ino;
	enum fs_type type;
	uint64_t size;
	uint32_t mode; /* POSIX mode bits when the filesystem has them */
	uint32_t nlink;
	uint64_t mtime;
};

struct fs;

/* The volumes the loader can see besides the one being mounted, for
 * filesystems that span several (btrfs RAID): a driver may read their
 * superblocks to find its other members.  vol[] may include the volume
 * being mounted itself; drivers skip it. */
struct fs_peers {
	const struct volume *vol;
	size_t count;
};

/* readdir callback: return nonzero to stop the walk early (that value is
 * returned by readdir).  name is NUL-terminated, at most FS_NAME_MAX. */
typedef int (*fs_dirent_cb)(void *ctx, const char *name, uint64_t ino,
			    enum fs_type type);

struct fs_ops {
	const char *name; /* "ext4" */
	/* Probe and mount vol: PB_ERR_FORMAT if it is not this filesystem;
	 * any other error if it is but cannot be used (with the reason). */
	int (*mount)(const struct volume *vol, struct fs **out);
	/* Optional: mount with the other volumes in view (see fs_peers).
	 * Drivers that have it are mounted through it by fs_mount_peers. */
	int (*mount_peers)(const struct volume *vol, const struct fs_peers *peers,
			   struct fs **out);
	void (*unmount)(struct fs *fs);
	int (*stat)(struct fs *fs, uint64_t ino, struct fs_stat *st);
	/* Look up one component in directory dir (no '/', not empty). */
	int (*lookup)(struct fs *fs, uint64_t dir, const char *name, uint64_t *ino);
	int (*readdir)(struct fs *fs, uint64_t dir, fs_dirent_cb cb, void *ctx);
	/* Read up to len bytes at off; *got is what was read (short only at EOF). */
	int (*read)(struct fs *fs, uint64_t ino, uint64_t off, void *buf,
		    size_t len, size_t *got);
	/* Symlink target into buf (NUL-terminated); PB_ERR_LIMIT if it is
	 * longer than size - 1. */
	int (*readlink)(struct fs *fs, uint64_t ino, char *buf, size_t size);
	/* Optional (NULL: the filesystem cannot be written in place).  Where
	 * file byte off of ino lives now: *vol_off is its volume byte offset,
	 * *run_len (>= 1) how many bytes from there on are the file's
	 * following bytes, contiguously (it may run past EOF to the end of the
	 * last block).  It exists so fs_overwrite_file can write data blocks
	 * without touching metadata, so it returns PB_ERR_UNSUPPORTED for
	 * anything a plain data write would not update correctly: holes,
	 * unwritten extents, inline data, or a filesystem whose on-disk state
	 * is not final (an ext4 journal that needs recovery would replay over
	 * the write). */
	int (*bmap)(struct fs *fs, uint64_t ino, uint64_t off, uint64_t *vol_off,
		    uint64_t *run_len);
};

/* Common part of every mounted filesystem; drivers embed or point to it. */
struct fs {
	const struct fs_ops *ops;
	struct volume vol;
	uint64_t root_ino;
	char uuid[40];  /* canonical text form as GRUB/blkid print it, or "" */
	char label[64]; /* volume label, or "" */
	char note[128]; /* what the mount had to put up with (a dirty XFS log, a
			 * missing RAID member, a superblock copy used), or "" */
	void *priv;     /* driver state */
};

extern const struct fs_ops *const fs_drivers[];
extern const size_t fs_drivers_count;

/* Try every registered driver on vol. PB_ERR_FORMAT if none recognises it. */
int fs_mount(const struct volume *vol, struct fs **out);
/* The same, letting multi-device filesystems find their other members
 * among peers (volset_scan passes every volume it found). */
int fs_mount_peers(const struct volume *vol, const struct fs_peers *peers, struct fs **out);
void fs_unmount(struct fs *fs);

/* Path API (fs/path.c).  Paths are absolute within the filesystem; '.'
 * and '..' are honoured, '..' at the root stays at the root, symlinks are
 * followed (relative to their directory, absolute to the fs root) up to
 * FS_SYMLINK_MAX; the final component is followed unless nofollow. */
int fs_resolve(struct fs *fs, const char *path, bool nofollow, uint64_t *ino);
int fs_stat_path(struct fs *fs, const char *path, bool nofollow, struct fs_stat *st);
/* fs_stat_path (following links), and refuse anything but a regular file. */
int fs_stat_regular(struct fs *fs, const char *path, struct fs_stat *st);
/* Read a whole regular file into a malloc'd buffer (NUL appended for text
 * parsers; *len excludes it).  PB_ERR_LIMIT if larger than max. */
int fs_read_file(struct fs *fs, const char *path, size_t max, char **buf, size_t *len);
int fs_readdir_path(struct fs *fs, const char *path, fs_dirent_cb cb, void *ctx);

/* Rewrite an existing regular file in place, as GRUB's save_env does with
 * grubenv (fs/overwrite.c): symlinks are followed, len must equal the
 * file's size (PB_ERR_INVAL otherwise), and only the file's existing data
 * blocks are written: no metadata (not even mtime), no allocation.
 * PB_ERR_UNSUPPORTED if the driver has no bmap or any byte of the file is
 * not in a plain allocated block; nothing is written in that case.
 * PB_ERR_ROFS on a read-only device.  The data is read back and compared. */
int fs_overwrite_file(struct fs *fs, const char *path, const void *buf, size_t len);

#endif
