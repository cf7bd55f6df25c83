/* libFuzzer: kernel_open() on arbitrary bytes — bzImage header, payload
 * detection and decompression, ELF headers, program headers, notes,
 * sections and the legacy __xen_guest string. */
#include <stddef.h>
#include <stdint.h>

#include "loader/kernel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kernel_image k;

	if (kernel_open(data, size, 64u << 20, &k) == 0)
		kernel_close(&k);
	return 0;
}
