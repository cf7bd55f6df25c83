/* btrfs subvolumes for callers outside the driver (grub.cfg's
 * btrfs-mount-subvol, $btrfs_subvol, btrfs_relative_path).  "/" of a
 * mounted btrfs is the top-level subvolume (id 5), as in GRUB; these give
 * the fs/ inode of another subvolume's top directory, to resolve paths
 * from (fs_resolve_at). */
#ifndef PVBOOT_FS_BTRFS_API_H
#define PVBOOT_FS_BTRFS_API_H

#include "fs/fs.h"

#define BTRFS_TOP_LEVEL_ID 5 /* the top-level subvolume */

bool btrfs_is(const struct fs *fs);
/* The default subvolume (`btrfs subvolume set-default`), or the top level. */
int btrfs_subvol_default(struct fs *fs, uint64_t *dir_ino, uint64_t *id);
int btrfs_subvol_by_id(struct fs *fs, uint64_t id, uint64_t *dir_ino);
/* A subvolume by its path from the top level ("@/.snapshots/1/snapshot"):
 * the path must end at a subvolume's top directory. */
int btrfs_subvol_by_path(struct fs *fs, const char *path, uint64_t *dir_ino, uint64_t *id);
/* Subvolume id's path from the top level, as btrfs subvolume list shows
 * it but with a leading '/' ("/@/.snapshots/1/snapshot"); "" for the
 * top level itself, so that path + "/boot/x" is always a full path. */
int btrfs_subvol_path(struct fs *fs, uint64_t id, char *out, size_t size);

#endif
