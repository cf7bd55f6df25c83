/* The last few instructions of pvboot: switch to the new kernel's page
 * tables and jump.  They run from a page mapped at the same address in the
 * old and the new tables; the parameters sit in that page too, since Xen
 * reads the mmuext_op list through whichever tables are current. */
#ifndef PVBOOT_PV_TRAMPOLINE_H
#define PVBOOT_PV_TRAMPOLINE_H

/* Offsets in the parameter block (shared with trampoline.S). */
#define TP_OPS 0         /* struct mmuext_op[2]: NEW_BASEPTR, UNPIN_TABLE */
#define TP_ENTRY 48      /* new kernel's entry VA */
#define TP_STACK 56      /* its initial %rsp */
#define TP_START_INFO 64 /* its %rsi */
#define TP_SHUTDOWN 72   /* struct sched_shutdown { reason = crash } */
#define TP_MSG 80        /* message for the hypervisor console on failure */
#define TP_MSG_LEN 64
/* public/sched.h is not assembler-safe; handoff.c asserts this equals it. */
#define TP_SCHEDOP_SHUTDOWN 2

#ifndef __ASSEMBLY__
#include <stdint.h>
/* Position-independent code, copied into the trampoline page and called
 * there with the parameter block (in the same page) as its argument. */
extern const uint8_t pv_trampoline[], pv_trampoline_end[];
#endif

#endif
