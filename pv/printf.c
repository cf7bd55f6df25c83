/* printf to the console, for pv/'s own messages before and outside the
 * boot core (which has core_printf over the platform console). */
#include "pv/console.h"

static void to_console(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	console_write(s, len);
}

void xrt_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pb_vprintf_to(to_console, NULL, fmt, ap);
	va_end(ap);
}
