/* menu_io over the loader's volumes (fs/part.h): how parsers reach the
 * guest's files by GRUB device name. */
#ifndef PVBOOT_MENU_MENU_FSIO_H
#define PVBOOT_MENU_MENU_FSIO_H

#include "fs/part.h"
#include "menu/menu_io.h"

void menu_fsio_init(struct menu_io *io, struct volset *vs);

#endif
