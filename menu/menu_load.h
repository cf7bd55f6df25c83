/* Finding the guest's boot configuration and reading it into a menu. */
#ifndef PVBOOT_MENU_MENU_LOAD_H
#define PVBOOT_MENU_MENU_LOAD_H

#include "fs/part.h"
#include "menu/menu.h"

/* The search order, documented in the README: volumes in disk and
 * partition order (hd0 first; partitions by number); on each volume, these
 * paths in this order; the first hit wins.  Paths without /boot serve a
 * separate /boot partition. */
extern const char *const menu_config_paths[];

/* Find and parse.  PB_ERR_NOTFOUND (with a message listing what was
 * searched) when no volume has any of the paths. */
int menu_load(struct volset *vs, struct menu *m);

/* The same, narrowed by the admin's parameters (NULL or "" = no limit):
 * only volumes of disk ("xvdb" or "hd1"), only the volume dev ("hd0,gpt2"),
 * only the file path (a directory is read as BLS entries, *.lst as
 * menu.lst, *.elf as a loader to chain into, anything else as grub.cfg). */
struct menu_load_opts {
	const char *disk, *dev, *path;
};
int menu_load_opts(struct volset *vs, const struct menu_load_opts *o, struct menu *m);

#endif
