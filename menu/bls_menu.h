/* BLS entries found without a grub.cfg (menu_load's last resort). */
#ifndef PVBOOT_MENU_BLS_MENU_H
#define PVBOOT_MENU_BLS_MENU_H

#include "menu/grubcfg.h"

/* The entries of (dev)dir as blscfg shows them, with grubenv's variables
 * ($kernelopts, $tuned_params ...) when a grubenv lies beside them; the
 * default from grubenv's saved_entry, else loader.conf's `default`, else
 * the newest entry. */
int bls_menu_load(const struct menu_io *io, const char *dev, const char *dir, const struct grubcfg_vars *vars,
		  struct menu *m);

/* systemd-boot's glob: '*', '?', '[a-z]', '[!x]', '\\' quotes. */
bool bls_glob_match(const char *pattern, const char *s);

#endif
