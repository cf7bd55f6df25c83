/* Calendar time to Unix seconds, for filesystems that store dates as
 * fields (FAT, ISO 9660).  Out-of-range fields give 0 (unknown). */
#ifndef PVBOOT_FS_FS_TIME_H
#define PVBOOT_FS_FS_TIME_H

#include "loader/lib/libc.h"

/* year >= 1970; tz_minutes east of UTC is subtracted; result clamped at 0. */
uint64_t fs_unix_time(unsigned year, unsigned mon, unsigned day, unsigned hour, unsigned min,
		      unsigned sec, int tz_minutes);

#endif
