/* Boot Loader Specification entries (the *.conf files in /loader/entries),
 * expanded the way GRUB's blscfg command does (Fedora/RHEL). */
#ifndef PVBOOT_MENU_BLS_H
#define PVBOOT_MENU_BLS_H

#include "menu/menu.h"
#include "menu/menu_io.h"

/* Variable lookup for $kernelopts, $tuned_params... in options lines
 * (grub.cfg variables first, then grubenv).  NULL if unset. */
typedef const char *(*bls_getvar_fn)(void *ctx, const char *name);

/* Parse one entry file's text into e (kind MENU_LINUX, source MENU_SRC_BLS);
 * stem is the file name without ".conf" (becomes the id). */
int bls_parse_entry(const char *buf, size_t len, const char *stem,
		    bls_getvar_fn getvar, void *var_ctx, struct menu_entry *e,
		    struct menu *m_for_warnings);

/* Read every *.conf in dir on dev, sort them, append to m. */
int bls_load(const struct menu_io *io, const char *dev, const char *dir,
	     bls_getvar_fn getvar, void *var_ctx, struct menu *m);

#endif
