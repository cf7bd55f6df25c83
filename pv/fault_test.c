/* pvboot.fault=KIND (pv/fault_test.h). */
#include "pv/fault_test.h"
#include "pv/console.h"
#include "loader/lib/libc.h"

#include <stdint.h>

/* Each kind reaches a different protection; none returns. */
static const uint8_t some_code[] = { 0xc3 }; /* ret, in .rodata: read-only, executable */
static uint8_t some_data[] = { 0xc3 };       /* ret, in .data: writable, not executable */
static volatile int sink;

static __attribute__((noinline)) int recurse(volatile int *p)
{
	volatile char pad[512];
	pad[0] = (char)*p;
	if (sink == 0x5eed) /* never: keeps the compiler from calling this endless */
		return 0;
	return recurse((volatile int *)pad) + pad[0];
}

void fault_test(const char *kind)
{
	xrt_printf("pvboot: pvboot.fault=%s: causing it\n", kind);
	if (!strcmp(kind, "write-text"))
		*(volatile uint8_t *)(uintptr_t)some_code = 0x90;
	else if (!strcmp(kind, "exec-data"))
		((void (*)(void))(uintptr_t)some_data)();
	else if (!strcmp(kind, "stack-overflow"))
		sink = recurse(&sink);
	else if (!strcmp(kind, "null"))
		sink = *(volatile int *)(uintptr_t)sink; /* sink is 0 */
	else if (!strcmp(kind, "ud2"))
		asm volatile("ud2");
	xrt_printf("pvboot: pvboot.fault=%s: no fault happened\n", kind);
}
