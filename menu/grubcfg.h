/* grub.cfg as grub-mkconfig writes it: parse and evaluate into a menu. */
#ifndef PVBOOT_MENU_GRUBCFG_H
#define PVBOOT_MENU_GRUBCFG_H

#include "menu/menu.h"
#include "menu/menu_io.h"

/* Variables set before the script runs, after GRUB's own start-up ones:
 * what Dom0 passed as xen_grub_env_NAME=value (GRUB 2.14 exports these). */
#define GRUBCFG_FILE_MAX (4u << 20) /* one grub.cfg or sourced file */

struct grubcfg_vars {
	uint32_t count;
	const char *const *name, *const *value;
};

/* Read (dev)path through io and evaluate it; the menu gets its entries,
 * timeout and default.  GRUB's start-up variables are set first: root=dev,
 * prefix=(dev)<dir of path>, grub_platform=xen, feature_*=y, then vars
 * (may be NULL). */
int grubcfg_load(const struct menu_io *io, const char *dev, const char *path, const struct grubcfg_vars *vars,
		 struct menu *m);

/* The same on a buffer already in memory (tests, fuzzing); io may have
 * NULL operations, which then behave as "file not found". */
int grubcfg_eval_buffer(const struct menu_io *io, const char *dev, const char *path, const struct grubcfg_vars *vars,
			const char *buf, size_t len, struct menu *m);

#endif
