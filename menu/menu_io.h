/* How configuration parsers reach files and devices, without knowing about
 * fs/ internals (so parsers are unit-testable and fuzzable on buffers).
 *
 * Device names are GRUB device names without parentheses ("hd0,msdos1");
 * dev == NULL or "" means the current root device.  menu/menu_fsio.c
 * implements this over an fs/ volset; tests implement it over memory.
 */
#ifndef PVBOOT_MENU_MENU_IO_H
#define PVBOOT_MENU_MENU_IO_H

#include "loader/lib/libc.h"

enum menu_search_kind { SEARCH_FS_UUID = 1, SEARCH_LABEL, SEARCH_FILE };

typedef int (*menu_dir_cb)(void *ctx, const char *name, bool is_dir);

struct menu_io {
	void *ctx;
	/* Whole file, malloc'd, NUL appended; PB_ERR_LIMIT above max bytes. */
	int (*read_file)(void *ctx, const char *dev, const char *path, size_t max,
			 char **buf, size_t *len);
	/* Existence / type / size (for [ -f ], [ -e ], [ -s ], [ -d ]). */
	int (*stat)(void *ctx, const char *dev, const char *path, bool *is_dir,
		    uint64_t *size);
	int (*list_dir)(void *ctx, const char *dev, const char *path,
			menu_dir_cb cb, void *cb_ctx);
	/* First device matching (GRUB's search order); name copied to out. */
	int (*search)(void *ctx, enum menu_search_kind kind, const char *key,
		      char *out, size_t out_size);
	/* Overwrite an existing file in place (grubenv): same size only. May be
	 * NULL (read-only): then save_env/savedefault are reported and skipped. */
	int (*write_file)(void *ctx, const char *dev, const char *path,
			  const void *buf, size_t len);
	/* btrfs subvolumes (SUSE's btrfs-mount-subvol, btrfs_relative_path):
	 * with path (from the top level), the subvolume whose top directory it
	 * is; without, subvolume *id (0: the default one).  Fills *id and its
	 * path from the top level ("/@/.snapshots/1/snapshot", "" for the top
	 * level).  PB_ERR_INVAL when dev is not btrfs.  May be NULL. */
	int (*btrfs_subvol)(void *ctx, const char *dev, const char *path,
			    uint64_t *id, char *out, size_t out_size);
};

#endif
