/* The one text rendering of a menu model.  `pvboot-inspect IMAGE menu` and
 * the loader inside the guest both print through this, so an end-to-end
 * test can compare the two outputs line for line. */
#ifndef PVBOOT_MENU_MENU_PRINT_H
#define PVBOOT_MENU_MENU_PRINT_H

#include "menu/menu.h"

/* Called once per complete line (without the newline). */
typedef void (*menu_line_fn)(void *ctx, const char *line);

void menu_print(const struct menu *m, menu_line_fn out, void *ctx);

#endif
