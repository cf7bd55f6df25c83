/* Starting the chosen kernel through Xen's PV start-of-day protocol.
 *
 * Two steps, so that everything that can fail on bad input fails while
 * the menu is still there: prepare (plan the region, stage the kernel,
 * hand back where the initrd goes) and start (after the caller has
 * disconnected its devices; only internal errors remain, and they crash
 * the domain with a message rather than jump anywhere). */
#ifndef PVBOOT_PV_HANDOFF_H
#define PVBOOT_PV_HANDOFF_H

#include "loader/boot/platform.h"

/* The boot core's handoff table entry for Xen PV (prepare, abort, start
 * as platform.h describes them). */
extern const struct handoff_ops pv_handoff_ops;

#endif
