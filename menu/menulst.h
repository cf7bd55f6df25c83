/* GRUB-legacy menu.lst (PV-GRUB era guests, CentOS 5/6, Amazon Linux). */
#ifndef PVBOOT_MENU_MENULST_H
#define PVBOOT_MENU_MENULST_H

#include "menu/menu.h"
#include "menu/menu_io.h"

/* Parse buf into m; dev is the device the file was found on (the default
 * root).  name is for messages.  `default saved` reads the saved entry
 * number from the "default" file next to it through io, when io is given. */
int menulst_parse(const char *buf, size_t len, const char *name, const char *dev,
		  const struct menu_io *io, struct menu *m);

/* Read (dev)path through io and parse it. */
int menulst_load(const struct menu_io *io, const char *dev, const char *path, struct menu *m);

#endif
