/* libFuzzer: kernel_open() on arbitrary bytes — bzImage header, payload
 * detection and decompression, ELF headers, program headers, notes,
 * sections and the legacy __xen_guest string — and, for what parses, the
 * PV memory plan and the segment copy into a region of that size, and the
 * PVH plan (PHYS32_ENTRY, PHYS32_RELOC against RAM with a hole) and its
 * staging copy. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "loader/kernel/kernel.h"
#include "loader/handoff/pv_layout.h"
#include "loader/handoff/pvh_plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kernel_image k;
	struct pv_layout l;

	if (kernel_open(data, size, 64u << 20, &k) != 0)
		return 0;
	/* A 256 MiB guest with a 1 MiB initrd; copy only small regions. */
	if (pv_layout_plan(&k.info, 1u << 20, 65536, &l) == 0 && l.mapped_pages <= 16384) {
		uint8_t *region = calloc(l.mapped_pages, PV_PAGE);
		if (region)
			pv_layout_load_kernel(&l, &k, region, l.mapped_pages * PV_PAGE);
		free(region);
	}
	kernel_close(&k);

	/* PVH: RAM below 8 MiB and from 16 MiB to 256 MiB. */
	static const struct pvh_ram ram[] = { { 0, 8u << 20 }, { 16u << 20, 256u << 20 } };
	struct pvh_plan p;
	char summary[256];
	if (pvh_plan_kernel(data, size, 64u << 20, ram, 2, &k, &p, summary, sizeof(summary)) != 0)
		return 0;
	if (p.hi - p.lo <= (64u << 20)) {
		uint8_t *stage = malloc(p.hi - p.lo);
		if (stage)
			pvh_plan_stage(&p, &k, stage);
		free(stage);
	}
	kernel_close(&k);
	return 0;
}
