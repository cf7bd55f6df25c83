/* Starting the chosen kernel as a PVH guest: at its PHYS32_ENTRY, with a
 * fresh hvm_start_info (version 1: the memory map, the command line, the
 * initrd as module 0, the RSDP passed through), in the CPU state Xen's
 * pvh.pandoc specifies.  The same two steps as the PV handoff: prepare
 * (may fail, the menu is still there) and start (may not). */
#ifndef PVBOOT_PV_PVH_HANDOFF_H
#define PVBOOT_PV_PVH_HANDOFF_H

#include "loader/boot/platform.h"

extern const struct handoff_ops pvh_handoff_ops;

#endif
