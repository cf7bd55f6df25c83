/* Event channels (polled: we never take upcalls, so the decompressors' red
 * zone is safe) and time from the shared_info vcpu time record. */
#include "pv/xen_rt.h"
#include "loader/lib/err.h"

void evtchn_notify(evtchn_port_t port)
{
	struct evtchn_send s = { .port = port };

	hyp_event_channel_op(EVTCHNOP_send, &s);
}

static bool test_and_clear_pending(evtchn_port_t port)
{
	unsigned long *word = (unsigned long *)&xrt_shared_info->evtchn_pending[port / 64];
	unsigned long bit = 1ul << (port % 64);

	return __atomic_fetch_and(word, ~bit, __ATOMIC_SEQ_CST) & bit;
}

void evtchn_clear(evtchn_port_t port)
{
	test_and_clear_pending(port);
}

int evtchn_wait(evtchn_port_t port, uint64_t timeout_ns)
{
	uint64_t deadline = xrt_time_ns() + timeout_ns;

	for (;;) {
		if (test_and_clear_pending(port))
			return PB_OK;
		uint64_t now = xrt_time_ns();
		if (now >= deadline)
			return PB_ERR_TIMEOUT;
		struct sched_poll p = { .nr_ports = 1, .timeout = deadline };
		set_xen_guest_handle(p.ports, &port);
		hyp_sched_op(SCHEDOP_poll, &p);
	}
}

int evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = remote };
	long rc = hyp_event_channel_op(EVTCHNOP_alloc_unbound, &a);

	if (rc)
		return pb_error(PB_ERR_IO, "event channel allocation failed (%ld)", rc);
	*port = a.port;
	return PB_OK;
}

void evtchn_close(evtchn_port_t port)
{
	struct evtchn_close c = { .port = port };

	hyp_event_channel_op(EVTCHNOP_close, &c);
}

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
