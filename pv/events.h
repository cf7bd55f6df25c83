/* Event channels, polled (pv/events.c): we never take upcalls, so nothing
 * runs asynchronously on our stack (the decompressors assume the System V
 * red zone).  Pending bits live in shared_info, which the entry maps. */
#ifndef PVBOOT_PV_EVENTS_H
#define PVBOOT_PV_EVENTS_H

#include "pv/xen_abi.h"

extern struct shared_info *xrt_shared_info;

void evtchn_notify(evtchn_port_t port);
/* Wait until port is pending or timeout_ns elapses (SCHEDOP_poll), then
 * clear it.  PB_OK if it fired, PB_ERR_TIMEOUT otherwise. */
int evtchn_wait(evtchn_port_t port, uint64_t timeout_ns);
int evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);
void evtchn_close(evtchn_port_t port);

#endif
