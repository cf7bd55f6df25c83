/* libFuzzer: kernel_open() on arbitrary bytes — bzImage header, payload
 * detection and decompression, ELF headers, program headers, notes,
 * sections and the legacy __xen_guest string — and, for what parses, the
 * PV memory plan and the segment copy into a region of that size. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "loader/kernel/kernel.h"
#include "loader/handoff/pv_layout.h"

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
	return 0;
}
