/* The last instructions of pvboot as a PVH guest: leave long mode, copy
 * the staged image to its place (which may be where pvboot itself runs),
 * and enter the kernel at PHYS32_ENTRY.  They run from a page of their
 * own, outside the image's place; the parameters and the GDT they load
 * sit in the same page. */
#ifndef PVBOOT_PV_PVH_TRAMPOLINE_H
#define PVBOOT_PV_PVH_TRAMPOLINE_H

/* Offsets in the parameter block (shared with pvh_trampoline.S). */
#define TPH_GDT 0          /* 4 descriptors: null, code32, data32, TSS */
#define TPH_GDTR 32        /* 2-byte limit, 8-byte base */
#define TPH_SRC 48         /* u32: the staged image */
#define TPH_DST 52         /* u32: its place */
#define TPH_LEN 56         /* u32: bytes, a multiple of 4 */
#define TPH_ENTRY 60       /* u32: PHYS32_ENTRY */
#define TPH_START_INFO 64  /* u32: %ebx */
#define TPH_SIZE 72
#define TPH_CS32 0x08
#define TPH_DS32 0x10
#define TPH_TSS 0x18

#ifndef __ASSEMBLY__
#include <stdint.h>
/* Position-independent code, copied into the trampoline page and called
 * there with the parameter block (in the same page) as its argument. */
extern const uint8_t pvh_trampoline[], pvh_trampoline_end[];
#endif

#endif
