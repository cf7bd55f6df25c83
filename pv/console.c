/* The PV console ring (xenconsoled on the other side): output with flow
 * control, non-blocking input.  Newlines become CR LF for terminals. */
#include "pv/console.h"
#include "pv/events.h"
#include "pv/hypercall.h"
#include "loader/lib/err.h"

#include <xen/io/console.h>

static struct xencons_interface *ring;
static evtchn_port_t port;
static bool mirror;

/* pvboot.debug: also write everything to the hypervisor console
 * (HYPERVISOR_console_io), which works before the ring is set up and
 * shows in Xen's own log when Xen lets guests write there. */
void console_mirror_to_xen(bool on)
{
	mirror = on;
}

void console_init(void *ring_page, evtchn_port_t ring_port)
{
	ring = ring_page;
	port = ring_port;
}

static void put(char c)
{
	/* Wait (bounded) for room: xenconsoled drains the ring. */
	for (int tries = 0; ring->out_prod - ring->out_cons >= sizeof(ring->out); tries++) {
		evtchn_notify(port);
		if (tries > 1000 || evtchn_wait(port, 10000000) == PB_ERR_TIMEOUT)
			if (tries > 1000)
				return; /* console gone: drop output rather than hang */
	}
	ring->out[MASK_XENCONS_IDX(ring->out_prod, ring->out)] = c;
	__atomic_thread_fence(__ATOMIC_RELEASE); /* data before the index */
	ring->out_prod++;
}

void console_write(const char *s, size_t len)
{
	if (mirror)
		hyp_console_io(CONSOLEIO_write, (int)PB_MIN(len, (size_t)4096), s);
	if (!ring)
		return;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			put('\r');
		put(s[i]);
	}
	evtchn_notify(port);
}

int console_getc(void)
{
	if (!ring || ring->in_cons == ring->in_prod)
		return -1;
	__atomic_thread_fence(__ATOMIC_ACQUIRE); /* index before the data */
	int c = (unsigned char)ring->in[MASK_XENCONS_IDX(ring->in_cons, ring->in)];
	ring->in_cons++;
	evtchn_notify(port);
	return c;
}

void console_wait_input(uint64_t timeout_ns)
{
	if (ring && ring->in_cons == ring->in_prod)
		evtchn_wait(port, timeout_ns); /* any console event ends the wait early */
}

void console_drain(void)
{
	/* At most 1 s: xenconsoled may be gone, and shutting down must not
	 * wait for it. */
	for (int tries = 0; ring && ring->out_cons != ring->out_prod && tries < 100; tries++) {
		evtchn_notify(port);
		evtchn_wait(port, 10000000);
	}
}
