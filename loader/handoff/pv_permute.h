/* The frame permutation behind the copy-free PV handoff (pv/handoff.c):
 * the new kernel's bootstrap region (pfns [0, pages)) was staged in our
 * pfns [stage, stage + pages); the new p2m gives region pfn q the machine
 * frame of stage + q -- except the xenstore and console pages, which keep
 * the frames Xen gave us -- and hands the frames the region displaces to
 * the pfns above it whose frames were staged.  Every other pfn keeps its
 * frame, so the machine-to-phys updates stay few.  Pure arithmetic on the
 * two arrays: unit-tested on the host. */
#ifndef PVBOOT_LOADER_PV_PERMUTE_H
#define PVBOOT_LOADER_PV_PERMUTE_H

#include "loader/lib/libc.h"

#define PV_PERM_NONE UINT64_MAX

struct pv_perm {
	uint64_t nr;             /* entries in both p2m arrays */
	uint64_t stage, pages;   /* staged copy of the region */
	uint64_t special_new[2]; /* region pfns of the xenstore and console pages */
	uint64_t special_old[2]; /* our pfns holding them now, or PV_PERM_NONE */
};

/* Fill np2m (nr entries) from op2m.  PB_ERR_INVAL when the stage does not
 * fit in the guest or a special page lies inside it. */
int pv_permute(const struct pv_perm *p, const unsigned long *op2m, unsigned long *np2m);

#endif
