/* Xen's public ABI as pv/ uses it: the interface version, the barriers
 * the ring macros of io/ring.h expect, and the common public headers.
 * Included first by every pv/ header.
 *
 * "Frame" in pv/ means what the other end of a grant or ring needs: the
 * MFN in a PV guest, the GFN in a PVH guest, so callers never ask which. */
#ifndef PVBOOT_PV_XEN_ABI_H
#define PVBOOT_PV_XEN_ABI_H

#include "loader/lib/libc.h"

/* The Xen ABI version we are written against (selects current names in
 * the public headers, e.g. xen_mb() in io/ring.h). */
#ifndef __XEN_INTERFACE_VERSION__
#define __XEN_INTERFACE_VERSION__ 0x00040d00
#endif

/* x86 keeps stores ordered with stores and loads with loads, so only the
 * compiler must be stopped; a full barrier is mfence. */
#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define xen_wmb() __atomic_signal_fence(__ATOMIC_SEQ_CST)

#include <xen/xen.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/sched.h>

#define PV_PAGE_SIZE 4096UL

#endif
