/* Starting the chosen kernel through Xen's PV start-of-day protocol.
 *
 * Two steps, so that everything that can fail on bad input fails while
 * the menu is still there: prepare (plan the region, stage the kernel,
 * hand back where the initrd goes) and start (after the caller has
 * disconnected its devices; only internal errors remain, and they crash
 * the domain with a message rather than jump anywhere). */
#ifndef PVBOOT_PV_HANDOFF_H
#define PVBOOT_PV_HANDOFF_H

#include "loader/kernel/kernel.h"
#include "loader/handoff/pv_layout.h"

struct pv_handoff {
	struct pv_layout l;
	uint8_t *stage;   /* l.mapped_pages pages of the new region + the trampoline page */
	uint8_t *initrd;  /* where the caller reads the initrd(s), initrd_len bytes */
	uint64_t initrd_len;
	char cmdline[1024];
};

int pv_handoff_prepare(const struct kernel_image *k, uint64_t initrd_len, const char *cmdline,
		       struct pv_handoff *h);
void pv_handoff_abort(struct pv_handoff *h);
__attribute__((noreturn)) void pv_handoff_start(struct pv_handoff *h);

#endif
