/* CPUID leaf 0x80000001's EDX (extended features: NX bit 20, 1 GiB pages
 * bit 26), 0 when the CPU has no such leaf.  PVH's page-table code and
 * the W^X mapping both ask it. */
#ifndef PVBOOT_PV_CPUID_H
#define PVBOOT_PV_CPUID_H

#include <stdint.h>

static inline uint32_t cpuid_ext_features_edx(void)
{
	uint32_t a, b, c, d;

	asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000000u));
	if (a < 0x80000001u)
		return 0;
	asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000001u));
	return d;
}

#endif
