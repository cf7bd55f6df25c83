/* Where an entry's file lives: GRUB paths may name their device
 * ("(hd0,msdos1)/vmlinuz"); otherwise the entry's root, otherwise the
 * device the configuration came from. */
#ifndef PVBOOT_MENU_ENTRY_FILE_H
#define PVBOOT_MENU_ENTRY_FILE_H

#include "menu/menu.h"

/* dev gets the GRUB device name without parentheses; *path points into
 * spec (after the device).  PB_ERR_INVAL on "(dev" without ')' or a
 * device name too long for dev. */
int menu_entry_file(const struct menu *m, const struct menu_entry *e, const char *spec,
		    char *dev, size_t dev_size, const char **path);

#endif
