/* Xenstore client (pv/xenstore.c).  Values are NUL-terminated, clamped to
 * XENSTORE_PAYLOAD_MAX; numbers parsed with overflow checks. */
#ifndef PVBOOT_PV_XENSTORE_H
#define PVBOOT_PV_XENSTORE_H

#include "pv/xen_abi.h"

/* The ring page (mapped, NULL if the entry could not find it) and its
 * event channel, from start_info (PV) or the HVM params (PVH). */
void xs_init(void *ring, evtchn_port_t port);
int xs_read(const char *path, char *buf, size_t size);
int xs_read_u64(const char *path, uint64_t *out);
int xs_write(const char *path, const char *value);
/* Directory listing: cb per child name; nonzero from cb stops the walk. */
int xs_directory(const char *path, int (*cb)(void *ctx, const char *name), void *ctx);
/* Wait (bounded) until path reads one of the given XenbusState values. */
int xs_wait_state(const char *path, const int *states, int nstates,
		  uint64_t timeout_ns, int *state);

#endif
