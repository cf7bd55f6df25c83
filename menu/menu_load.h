/* Finding the guest's boot configuration and reading it into a menu. */
#ifndef PVBOOT_MENU_MENU_LOAD_H
#define PVBOOT_MENU_MENU_LOAD_H

#include "fs/part.h"
#include "menu/grubcfg.h"
#include "menu/menu.h"

/* The search order, documented in the README: volumes in disk and
 * partition order (hd0 first; partitions by number); on each volume,
 * grub.cfg, then menu.lst, then a loader installed in the guest (the
 * platform's list), then BLS entries; the first hit wins.  Paths without
 * /boot serve a separate /boot partition. */
extern const char *const menu_config_paths[];
extern const char *const menu_bls_paths[];
/* Where a Xen guest installs a PV/PVH loader to chain into
 * (docs/misc/x86-xenpv-bootloader): the loader_paths Xen front ends use. */
extern const char *const menu_xen_loader_paths[];

/* The search, narrowed by the admin's parameters (NULL or "" = no limit):
 * only volumes of disk ("xvdb" or "hd1"), only the volume dev ("hd0,gpt2"),
 * only the file path (a directory is read as BLS entries, *.lst as
 * menu.lst, *.elf as a loader to chain into, anything else as grub.cfg).
 * PB_ERR_NOTFOUND (with a message listing what was searched) when no
 * volume has any of the paths. */
struct menu_load_opts {
	const char *disk, *dev, *path;
	const char *const *loader_paths; /* NULL-terminated; NULL = none */
	struct grubcfg_vars vars;        /* set before grub.cfg runs */
};
int menu_load_opts(struct volset *vs, const struct menu_load_opts *o, struct menu *m);

/* No limits, Xen's loader paths: what a Xen guest's pvboot reads. */
int menu_load(struct volset *vs, struct menu *m);

#endif
