/* CPU exceptions in a PVH pvboot: reported, then the domain crashed
 * (pv/pvh_traps.c).  PV guests take faults through Xen's trap table,
 * which pvboot does not set: Xen reports those itself. */
#ifndef PVBOOT_PV_PVH_TRAPS_H
#define PVBOOT_PV_PVH_TRAPS_H

/* Install the IDT for vectors 0-31: first thing in pvh_main. */
void pvh_traps_init(void);
/* Load an empty IDT before the next kernel runs: pvboot's handlers are
 * overwritten by it, and a fault before it sets its own IDT must not jump
 * into whatever now lies there (it resets the guest, as without pvboot). */
void pvh_traps_off(void);

#endif
