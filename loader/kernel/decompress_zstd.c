/* zstd frames through libzstd's streaming decoder, window bounded. */
#include <zstd.h>
#include <zstd_errors.h>

#include "loader/kernel/decompress.h"
#include "loader/lib/err.h"

/* 2^27 = 128 MiB: Linux builds kernels with far smaller windows, and this
 * bounds what a hostile frame header can make us allocate. */
#define ZSTD_WINDOW_LOG_MAX 27

int decomp_zstd(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { in, in_len, 0 };
	ZSTD_outBuffer ob = { out, out_max, 0 };
	int rc;

	*out_len = 0;
	if (!d)
		return pb_error(PB_ERR_NOMEM, "zstd: cannot create decoder");
	ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, ZSTD_WINDOW_LOG_MAX);
	for (;;) {
		size_t before_in = ib.pos, before_out = ob.pos;
		size_t r = ZSTD_decompressStream(d, &ob, &ib);
		if (ZSTD_isError(r)) {
			rc = pb_error(ZSTD_getErrorCode(r) == ZSTD_error_memory_allocation ? PB_ERR_NOMEM
				      : ZSTD_getErrorCode(r) == ZSTD_error_frameParameter_windowTooLarge ? PB_ERR_LIMIT
				      : PB_ERR_CORRUPT,
				      "zstd: %s", ZSTD_getErrorName(r));
			break;
		}
		if (r == 0) { /* frame complete; trailing bytes ignored */
			rc = PB_OK;
			break;
		}
		if (ob.pos == ob.size) {
			rc = pb_error(PB_ERR_LIMIT, "zstd: output exceeds %zu bytes", out_max);
			break;
		}
		if (ib.pos == ib.size || (ib.pos == before_in && ob.pos == before_out)) {
			rc = pb_error(PB_ERR_TRUNCATED, "zstd: stream ends early");
			break;
		}
	}
	*out_len = ob.pos;
	ZSTD_freeDCtx(d);
	return rc;
}
