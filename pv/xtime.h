/* Xen's clock (pv/time.c). */
#ifndef PVBOOT_PV_XTIME_H
#define PVBOOT_PV_XTIME_H

#include "pv/xen_abi.h"

/* Monotonic nanoseconds since boot (shared_info vcpu 0 time record). */
uint64_t xrt_time_ns(void);

#endif
