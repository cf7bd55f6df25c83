/* Boot a menu entry through the PV handoff (pv/boot.c). */
#ifndef PVBOOT_PV_BOOT_H
#define PVBOOT_PV_BOOT_H

#include "fs/part.h"
#include "menu/menu.h"

/* Does not return on success.  On failure (missing file, bad image, does
 * not fit) returns an error with its message set; nothing is lost: the
 * disks and the menu are still usable. */
int pv_boot_entry(struct volset *vs, const struct menu *m, int index, const char *cmdline);

#endif
