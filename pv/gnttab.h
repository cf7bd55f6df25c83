/* Grant tables v1 (pv/gnttab.c). */
#ifndef PVBOOT_PV_GNTTAB_H
#define PVBOOT_PV_GNTTAB_H

#include "pv/xen_abi.h"

int gnttab_grant(domid_t domid, uint64_t frame, bool readonly, grant_ref_t *ref);
/* PB_ERR_PROTO if the backend still has it mapped. */
int gnttab_end(grant_ref_t ref);

#endif
