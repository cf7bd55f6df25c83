/* CPU exceptions in a PVH pvboot: reported, then the domain crashed
 * (pv/pvh_traps.c).  PV guests take faults through Xen's trap table,
 * which pvboot does not set: Xen reports those itself. */
#ifndef PVBOOT_PV_PVH_TRAPS_H
#define PVBOOT_PV_PVH_TRAPS_H

/* Install the IDT for vectors 0-31 (double fault, stack fault and page
 * fault on their own stack, so a stack overflow is reported too): first
 * thing in pvh_main. */
void pvh_traps_init(void);
/* Map pvboot's image W^X in 4 KiB pages, the page below the stack and
 * page 0 unmapped (pv/pvh_protect.c); needs the heap.  Before it the
 * image is one writable, executable mapping, as Xen starts it. */
int pvh_protect_image(void);
/* Load an empty IDT before the next kernel runs: pvboot's handlers are
 * overwritten by it, and a fault before it sets its own IDT must not jump
 * into whatever now lies there (it resets the guest, as without pvboot). */
void pvh_traps_off(void);

#endif
