/* The Xen PV or PVH guest as a platform of the boot core (pv/platform.c). */
#ifndef PVBOOT_PV_PLATFORM_H
#define PVBOOT_PV_PLATFORM_H

#include "loader/boot/opts.h"

/* Run the boot core over the PV console, blkfront and the PV handoff.
 * args is start_info's cmd_line, opts its parse.  Returns only when
 * nothing booted (see core_run). */
int pv_platform_run(const char *args, const struct pvboot_opts *opts);
/* The same over PVH: its command line (from the start info), RAM from
 * the memory map, the PVH handoff. */
int pvh_platform_run(const char *args, const struct pvboot_opts *opts, uint64_t ram_bytes);

#endif
