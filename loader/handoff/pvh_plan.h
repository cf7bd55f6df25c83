/* From a kernel file to its PVH load plan: the ELF inside a bzImage (or a
 * plain / compressed ELF) with a PHYS32_ENTRY note, its segments at their
 * physical addresses (moved when the kernel carries PHYS32_RELOC and its
 * own place is not RAM), and where it is entered.  What the PVH handoff
 * does before it stages anything, and what `pvboot-inspect boot --type
 * pvh` reports, from the same code. */
#ifndef PVBOOT_LOADER_HANDOFF_PVH_PLAN_H
#define PVBOOT_LOADER_HANDOFF_PVH_PLAN_H

#include "loader/kernel/kernel.h"
#include "menu/menu.h"

/* Linux's x86 COMMAND_LINE_SIZE is 2048 with the NUL. */
#define PVH_CMDLINE_MAX 2047
#define PVH_LOW_LIMIT (1ull << 20)  /* nothing is placed below 1 MiB */
#define PVH_HIGH_LIMIT (1ull << 32) /* entered with paging off: all below 4 GiB */
#define PVH_INITRD_MAX (1ull << 30)
#define PVH_RELOC_DEFAULT_ALIGN (2ull << 20)

/* A range of guest RAM, [start, end). */
struct pvh_ram {
	uint64_t start, end;
};

struct pvh_plan {
	uint64_t lo, hi;  /* the image's place, page-aligned: [lo, hi) */
	uint64_t entry;   /* PHYS32_ENTRY, moved with the image */
	int64_t shift;    /* added to every p_paddr (PHYS32_RELOC), usually 0 */
};

/* Open the kernel (decompressing at most max_elf bytes) and plan it for a
 * guest with the given RAM.  On success k is open (stage from it, then
 * kernel_close()) and summary says what was found.  A kernel without
 * PHYS32_ENTRY is PB_ERR_UNSUPPORTED, with what to do instead. */
int pvh_plan_kernel(const uint8_t *file, size_t len, size_t max_elf, const struct pvh_ram *ram, size_t nr_ram,
		    struct kernel_image *k, struct pvh_plan *p, char *summary, size_t size);

/* The image as it must lie in memory, into stage (p->hi - p->lo bytes):
 * each segment's file bytes at its place, zeros elsewhere. */
void pvh_plan_stage(const struct pvh_plan *p, const struct kernel_image *k, uint8_t *stage);

/* What a PVH guest can boot: Linux and PVH loaders, not multiboot or
 * chainloader entries.  NULL, or why not. */
const char *pvh_plan_refuses(const struct menu_entry *e);

#endif
