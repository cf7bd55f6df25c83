/* Parameters for pvboot itself on its command line (xl's extra=, the PV
 * start_info cmd_line): space-separated key=value words. */
#ifndef PVBOOT_LOADER_CMDLINE_H
#define PVBOOT_LOADER_CMDLINE_H

#include "loader/lib/libc.h"

/* Value of the last "key=value" word into out ("" for a bare "key"); false when absent (or when
 * it does not fit: a truncated path is worse than none). */
bool cmdline_get(const char *cmdline, const char *key, char *out, size_t size);

#endif
