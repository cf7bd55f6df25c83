/* Event channels, polled (see events.h). */
#include "pv/events.h"
#include "pv/hypercall.h"
#include "pv/xtime.h"
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
