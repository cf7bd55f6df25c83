/* Xen's clock: the vcpu time record in shared_info, extrapolated with the
 * TSC as the record's scale says, read under its version counter. */
#include "pv/events.h"
#include "pv/xtime.h"

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

uint64_t xrt_time_ns(void)
{
	volatile struct vcpu_time_info *t = &xrt_shared_info->vcpu_info[0].time;
	uint32_t version;
	uint64_t ns;

	do {
		version = t->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE); /* read the record after the version */
		uint64_t delta = rdtsc() - t->tsc_timestamp;
		if (t->tsc_shift < 0)
			delta >>= -t->tsc_shift;
		else
			delta <<= t->tsc_shift;
		ns = t->system_time + (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
		__atomic_thread_fence(__ATOMIC_ACQUIRE); /* then re-check the version */
	} while ((version & 1) || version != t->version);
	return ns;
}
