/* The Xen console ring (pv/console.c), xenconsoled on the other side. */
#ifndef PVBOOT_PV_CONSOLE_H
#define PVBOOT_PV_CONSOLE_H

#include "pv/xen_abi.h"

/* The ring page (mapped) and its event channel, from start_info (PV) or
 * the HVM params (PVH).  Output before this goes only to the hypervisor
 * console, when mirroring is on. */
void console_init(void *ring, evtchn_port_t port);
/* Output with flow control ("\n" becomes CR LF); input non-blocking, -1
 * when nothing is there. */
void console_write(const char *s, size_t len);
int console_getc(void);
/* Sleep until console input may be there, or timeout_ns passes. */
void console_wait_input(uint64_t timeout_ns);
/* Wait (at most 1 s) until xenconsoled has read all output: before the
 * domain goes away, its last words would be lost otherwise. */
void console_drain(void);
/* pvboot.debug: also write to the hypervisor console. */
void console_mirror_to_xen(bool on);
void xrt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
