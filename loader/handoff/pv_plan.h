/* From a kernel file to its PV bootstrap-region plan: what the PV handoff
 * does before it stages anything, and what `pvboot-inspect boot` reports
 * as its dry run, from the same code. */
#ifndef PVBOOT_LOADER_HANDOFF_PV_PLAN_H
#define PVBOOT_LOADER_HANDOFF_PV_PLAN_H

#include "loader/handoff/pv_layout.h"
#include "menu/menu.h"

#define PV_CMDLINE_MAX 1023 /* start_info.cmd_line holds 1024 bytes with the NUL */

/* Open the kernel (decompressing at most max_elf bytes) and plan its
 * region for initrd_len bytes of initrd in a guest of nr_pages pages.
 * On success k is open (the caller stages from it, then kernel_close())
 * and summary says what was found: "bzImage, xz, 28000 KiB unpacked;
 * region 60 MiB at 0xffffffff80000000".  Errors name what is wrong. */
int pv_plan_kernel(const uint8_t *file, size_t len, size_t max_elf, uint64_t initrd_len, uint64_t nr_pages,
		   struct kernel_image *k, struct pv_layout *l, char *summary, size_t size);

/* What a PV guest can boot: Linux and PV loaders (pvboot, pvgrub2), not
 * multiboot or chainloader entries.  NULL, or why not. */
const char *pv_plan_refuses(const struct menu_entry *e);

/* Bytes of guest memory the plan stages: the region plus the trampoline page. */
static inline uint64_t pv_plan_bytes(const struct pv_layout *l)
{
	return (l->staged_pages + 1) * PV_PAGE;
}

#endif
