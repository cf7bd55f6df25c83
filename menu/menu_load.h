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

#endif
