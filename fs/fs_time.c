/* Calendar fields to Unix time (see fs_time.h): days from the civil date
 * by the usual era arithmetic (proleptic Gregorian). */
#include "fs/fs_time.h"

uint64_t fs_unix_time(unsigned year, unsigned mon, unsigned day, unsigned hour, unsigned min,
		      unsigned sec, int tz_minutes)
{
	if (year < 1970 || year > 9999 || mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 ||
	    min > 59 || sec > 60)
		return 0;
	uint64_t y = year - (mon <= 2);
	uint64_t era = y / 400, yoe = y - era * 400;
	uint64_t doy = (153 * (mon > 2 ? mon - 3 : mon + 9) + 2) / 5 + day - 1;
	uint64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t t = (int64_t)((era * 146097 + doe - 719468) * 86400 + hour * 3600ull + min * 60ull + sec) -
		    (int64_t)tz_minutes * 60;
	return t < 0 ? 0 : (uint64_t)t;
}
