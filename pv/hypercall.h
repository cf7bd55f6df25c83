/* Hypercalls through the hypercall page Xen filled (pv/hypercall.c), and
 * stopping the domain. */
#ifndef PVBOOT_PV_HYPERCALL_H
#define PVBOOT_PV_HYPERCALL_H

#include "pv/xen_abi.h"

/* The page of the image Xen fills with the hypercall entry code
 * (hypercall N at + 32 N): through the HYPERCALL_PAGE note (PV) or when
 * a PVH guest writes its address to Xen's MSR. */
extern uint8_t hypercall_page[];

long hyp_sched_op(int cmd, void *arg);
long hyp_event_channel_op(int cmd, void *arg);
long hyp_grant_table_op(unsigned int cmd, void *arg, unsigned int count);
long hyp_memory_op(unsigned int cmd, void *arg);
long hyp_hvm_op(unsigned int cmd, void *arg); /* PVH: HVM params */
long hyp_console_io(int cmd, int count, const char *buf);
long hyp_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags);
long hyp_set_segment_base(unsigned int which, unsigned long base);
long hyp_mmu_update(void *req, unsigned int count, unsigned int *done, unsigned int dom);
long hyp_mmuext_op(void *ops, unsigned int count, unsigned int *done, unsigned int dom);

/* Stop the domain: SCHEDOP_shutdown with reason (SHUTDOWN_poweroff...). */
__attribute__((noreturn)) void xrt_shutdown(unsigned int reason);

#endif
