/* What each page of pvboot's own image is, for the W^X mapping both entry
 * paths make of it (pv/pvh_protect.c, pv/pv_protect.c).  pv/pvboot.lds
 * ends code and constants on a page (_ro_end); pv/head.S puts an unused
 * page (stack_guard) right below the stack. */
#ifndef PVBOOT_PV_IMAGE_LAYOUT_H
#define PVBOOT_PV_IMAGE_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "pv/cpuid.h"

extern uint8_t _image_start[], _ro_end[], _end[], stack_guard[];

enum image_page { PAGE_NOT_IMAGE, PAGE_CODE, PAGE_DATA, PAGE_GUARD };

static inline enum image_page image_page_kind(uint64_t a)
{
	uint64_t ro0 = (uintptr_t)_image_start, ro1 = (uintptr_t)_ro_end;
	uint64_t rw1 = ((uintptr_t)_end + 4095) & ~4095ull;

	if (a == (uintptr_t)stack_guard)
		return PAGE_GUARD;
	if (a >= ro0 && a < ro1)
		return PAGE_CODE;
	if (a >= ro1 && a < rw1)
		return PAGE_DATA;
	return PAGE_NOT_IMAGE;
}

static inline bool cpu_has_nx(void)
{
	return cpuid_ext_features_edx() & (1u << 20);
}

#endif
