/* Writing back to grubenv what the configuration asked for when an entry
 * boots: the variables save_env recorded in the menu's script (Debian's
 * one-shot next_entry is cleared this way, Fedora's and RHEL's
 * boot_success counting), those the entry's own body saved (Ubuntu's
 * recordfail) and, for an entry with savedefault, saved_entry.
 * Only the existing 1024-byte file is rewritten (through menu_io's
 * write_file: same size, same blocks), as GRUB itself does. */
#ifndef PVBOOT_MENU_ENV_UPDATE_H
#define PVBOOT_MENU_ENV_UPDATE_H

#include "menu/menu.h"
#include "menu/menu_io.h"

/* The value GRUB gives ${chosen} for entry e: its id (or title), with
 * the submenu's in front, joined by '>'. */
void menu_chosen(const struct menu_entry *e, char *out, size_t size);

/* PB_OK when there was nothing to write or it was written; otherwise an
 * error (read-only disk, no grubenv, does not fit) the caller reports
 * and boots anyway.  *written tells whether the disk was changed. */
int menu_env_update(const struct menu *m, const struct menu_entry *e, const struct menu_io *io,
		    bool *written);

#endif
