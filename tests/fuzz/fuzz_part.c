/* libFuzzer: partition tables (MBR + EBR chains, GPT + backup) and the
 * volume scan on top, over a disk made of the input.  The first byte
 * chooses 512- or 4096-byte sectors. */
#include "tests/fuzz/fuzz_mem_disk.h"
#include "fs/part.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct volset vs;
	struct blockdev dev, *devp = &dev;
	struct fuzz_disk d;

	if (size < 1)
		return 0;
	fuzz_disk_init(&dev, &d, data + 1, size - 1, (data[0] & 1) ? 4096 : 512);
	volset_scan(&devp, 1, &vs);
	volset_release(&vs);
	return 0;
}
