/* printf to the console, for pv/'s own messages before and outside the
 * boot core (which has core_printf over the platform console). */
#include "pv/console.h"

void xrt_printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = pb_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, (size_t)PB_MIN(n, (int)sizeof(buf) - 1));
}
