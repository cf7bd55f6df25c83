/* The boot core's own state, shared by its files (run.c, choose.c,
 * load.c, readtest.c); front ends see only platform.h. */
#ifndef PVBOOT_LOADER_BOOT_CORE_H
#define PVBOOT_LOADER_BOOT_CORE_H

#include "fs/part.h"
#include "loader/boot/platform.h"
#include "menu/menu.h"

struct core {
	const struct platform *p;
	const struct pvboot_opts *opts;
	struct volset *vs;
	struct menu m;
	bool released; /* volumes and disks let go (a dry-run handoff returned) */
	bool returned; /* a start_returns handoff came back (core_boot_entry failed) */
};

/* choose.c: the entry to boot, the menu, fallback entries, the menu again
 * (without a countdown).  Returns when nothing booted (PB_OK only if a
 * dry-run handoff started). */
int core_choose_and_boot(struct core *c);

/* load.c: boot one entry.  Returns only on failure (message set), or
 * PB_OK after a dry-run handoff's start returned. */
int core_boot_entry(struct core *c, int idx, const char *cmdline);

/* readtest.c: pvboot.readtest=PATH. */
void core_read_test(const struct core *c, const char *path);

#endif
