/* The Linux x86 boot protocol's setup header (Documentation/x86/boot.rst):
 * enough of it to find the protected-mode payload that a PV loader boots. */
#ifndef PVBOOT_LOADER_BZIMAGE_H
#define PVBOOT_LOADER_BZIMAGE_H

#include "loader/lib/libc.h"

struct bzimage_info {
	uint16_t version;        /* boot protocol, e.g. 0x020f */
	uint32_t setup_sects;    /* as used (0 on disk means 4) */
	uint64_t pm_offset;      /* file offset of the protected-mode code */
	uint64_t payload_offset; /* file offset of the compressed payload */
	uint32_t payload_length;
	uint32_t init_size;      /* memory the kernel needs while decompressing */
	uint8_t loadflags;
};

bool bzimage_is_bzimage(const void *buf, size_t len);
/* Validate the header and locate the payload (protocol >= 2.08). */
int bzimage_parse(const void *buf, size_t len, struct bzimage_info *out);

#endif
