/* Choosing the default and fallback entries the way GRUB does. */
#ifndef PVBOOT_MENU_SELECT_H
#define PVBOOT_MENU_SELECT_H

#include "menu/menu.h"

/* Resolve spec (GRUB's `default`: an item number, an entry id or title, or
 * a '>'-separated path of those through submenus) against the menu.  Sets
 * m->default_index (0 when spec is empty or matches nothing, as GRUB
 * does) and m->default_reason, which names `what` ("default", "saved_entry"). */
void menu_select_default(struct menu *m, const char *spec, const char *what);
/* Resolve GRUB's `fallback` (space-separated specs) into m->fallback. */
void menu_select_fallback(struct menu *m, const char *spec);
/* The entry index a spec names, or -1. */
int menu_find(const struct menu *m, const char *spec);

#endif
