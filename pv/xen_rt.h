/* The Xen guest runtime as the rest of pv/ sees it (PV now, PVH next).
 *
 * Implemented by pv/ core (entry, hypercalls, memory, events, time,
 * console); used by xenstore, grant tables, blkfront and the handoff.
 * "Frame" means what the other end of a grant or ring needs: the MFN in
 * a PV guest, the GFN in a PVH guest, so callers never ask which.
 */
#ifndef PVBOOT_PV_XEN_RT_H
#define PVBOOT_PV_XEN_RT_H

#include "loader/lib/libc.h"

/* The Xen ABI version we are written against (selects current names in
 * the public headers, e.g. xen_mb() in io/ring.h). */
#ifndef __XEN_INTERFACE_VERSION__
#define __XEN_INTERFACE_VERSION__ 0x00040d00
#endif

/* Barriers the ring macros of io/ring.h expect: x86 keeps stores ordered
 * with stores and loads with loads, so only the compiler must be stopped;
 * a full barrier is mfence. */
#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define xen_wmb() __atomic_signal_fence(__ATOMIC_SEQ_CST)

#include <xen/xen.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/sched.h>
#include <xen/event_channel.h>

#define PV_PAGE_SIZE 4096UL

/* Hypercalls (through the hypercall page). */
long hyp_sched_op(int cmd, void *arg);
long hyp_event_channel_op(int cmd, void *arg);
long hyp_grant_table_op(unsigned int cmd, void *arg, unsigned int count);
long hyp_memory_op(unsigned int cmd, void *arg);
long hyp_console_io(int cmd, int count, const char *buf);
long hyp_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags);
long hyp_set_segment_base(unsigned int which, unsigned long base);
long hyp_mmu_update(void *req, unsigned int count, unsigned int *done, unsigned int dom);
long hyp_mmuext_op(void *ops, unsigned int count, unsigned int *done, unsigned int dom);

/* Map every page of guest RAM beyond the bootstrap region (pv/mm.c) and
 * return the newly usable range for the heap. */
int xrt_map_all_ram(void **start, size_t *len);

/* Start of day (pv/setup.c): the validated start_info and shared_info. */
extern struct start_info *xrt_start_info;
extern struct shared_info *xrt_shared_info;
/* Map machine frame mfn at the page-aligned address va (one of our own
 * pages, given up for the purpose). */
int xrt_map_frame(void *va, uint64_t mfn);
/* The virtual address of one of our pseudo-physical pages, by MFN. */
void *xrt_mfn_to_virt(uint64_t mfn);

/* Memory. */
uint64_t xrt_virt_to_frame(const void *va);
/* Zeroed, page-aligned pages from guest RAM; NULL when exhausted. */
void *xrt_alloc_pages(size_t npages);
void xrt_free_pages(void *va, size_t npages);

/* Event channels: polled, never interrupts (the decompressors assume the
 * System V red zone, so nothing may run asynchronously on our stack). */
void evtchn_notify(evtchn_port_t port);
/* Wait until port is pending or timeout_ns elapses (SCHEDOP_poll), then
 * clear it.  PB_OK if it fired, PB_ERR_TIMEOUT otherwise. */
int evtchn_wait(evtchn_port_t port, uint64_t timeout_ns);
int evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);
void evtchn_close(evtchn_port_t port);
void evtchn_clear(evtchn_port_t port);

/* Monotonic nanoseconds since boot (shared_info vcpu time record). */
uint64_t xrt_time_ns(void);

/* Console: output to the PV console ring (and the hypervisor console in
 * verbose/early mode); input is non-blocking, -1 when nothing is there. */
void console_write(const char *s, size_t len);
int console_getc(void);
/* Sleep until console input may be there, or timeout_ns passes. */
void console_wait_input(uint64_t timeout_ns);
void xrt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_mirror_to_xen(bool on);

/* Stop the domain: SCHEDOP_shutdown with reason (SHUTDOWN_poweroff...). */
__attribute__((noreturn)) void xrt_shutdown(unsigned int reason);

/* Xenstore (pv/xenstore.c).  Values are NUL-terminated, clamped to
 * XENSTORE_PAYLOAD_MAX; numbers parsed with overflow checks. */
int xs_read(const char *path, char *buf, size_t size);
int xs_read_u64(const char *path, uint64_t *out);
int xs_write(const char *path, const char *value);
/* Directory listing: cb per child name; nonzero from cb stops the walk. */
int xs_directory(const char *path, int (*cb)(void *ctx, const char *name), void *ctx);
/* Wait (bounded) until path reads one of the given XenbusState values. */
int xs_wait_state(const char *path, const int *states, int nstates,
		  uint64_t timeout_ns, int *state);

/* Grant tables v1 (pv/gnttab.c). */
int gnttab_grant(domid_t domid, uint64_t frame, bool readonly, grant_ref_t *ref);
/* PB_ERR_PROTO if the backend still has it mapped. */
int gnttab_end(grant_ref_t ref);

#endif
