/* bzip2 through libbz2's stream API (never its FILE* API). */
#include <bzlib.h>

#include "loader/kernel/decompress.h"
#include "loader/lib/err.h"

int decomp_bzip2(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len)
{
	bz_stream s;
	int rc, br;

	memset(&s, 0, sizeof(s));
	if (BZ2_bzDecompressInit(&s, 0, 0) != BZ_OK)
		return pb_error(PB_ERR_NOMEM, "bzip2: cannot initialise decoder");
	s.next_in = (char *)(uintptr_t)in;
	s.next_out = out;
	for (;;) {
		size_t in_left = in_len - (size_t)((const char *)s.next_in - (const char *)in);
		size_t out_left = out_max - (size_t)(s.next_out - (char *)out);
		unsigned int ai = (unsigned int)PB_MIN(in_left, (size_t)1 << 30);
		unsigned int ao = (unsigned int)PB_MIN(out_left, (size_t)1 << 30);
		s.avail_in = ai;
		s.avail_out = ao;
		br = BZ2_bzDecompress(&s);
		if (br == BZ_STREAM_END) {
			rc = PB_OK;
			break;
		}
		if (br != BZ_OK) {
			rc = pb_error(br == BZ_MEM_ERROR ? PB_ERR_NOMEM : PB_ERR_CORRUPT,
				      "bzip2: corrupt stream (error %d)", br);
			break;
		}
		/* BZ_OK without progress means it is starved of input or output. */
		if (s.avail_in == ai && s.avail_out == ao) {
			if (out_left == 0)
				rc = pb_error(PB_ERR_LIMIT, "bzip2: output exceeds %zu bytes", out_max);
			else
				rc = pb_error(PB_ERR_TRUNCATED, "bzip2: stream ends early");
			break;
		}
	}
	*out_len = (size_t)(s.next_out - (char *)out);
	BZ2_bzDecompressEnd(&s);
	return rc;
}
