/* xz and lzma-alone through liblzma (one library, two containers). */
#include <lzma.h>

#include "loader/kernel/decompress.h"
#include "loader/lib/err.h"

static int run(lzma_stream *s, const char *name, const void *in, size_t in_len,
	       void *out, size_t out_max, size_t *out_len)
{
	lzma_ret r;
	int rc;

	s->next_in = in;
	s->avail_in = in_len;
	s->next_out = out;
	s->avail_out = out_max;
	/* LZMA_FINISH: all input is here, so "needs more" means truncated. */
	r = lzma_code(s, LZMA_FINISH);
	switch (r) {
	case LZMA_STREAM_END:
		rc = PB_OK;
		break;
	case LZMA_OK:
	case LZMA_BUF_ERROR:
		if (s->avail_out == 0)
			rc = pb_error(PB_ERR_LIMIT, "%s: output exceeds %zu bytes", name, out_max);
		else
			rc = pb_error(PB_ERR_TRUNCATED, "%s: stream ends early", name);
		break;
	case LZMA_MEM_ERROR:
	case LZMA_MEMLIMIT_ERROR:
		rc = pb_error(PB_ERR_LIMIT, "%s: needs more than %u MiB of memory", name,
			      DECOMP_MEMLIMIT >> 20);
		break;
	case LZMA_OPTIONS_ERROR:
		rc = pb_error(PB_ERR_UNSUPPORTED, "%s: unsupported options", name);
		break;
	default:
		rc = pb_error(PB_ERR_CORRUPT, "%s: corrupt stream (liblzma error %d)", name, (int)r);
		break;
	}
	*out_len = out_max - s->avail_out;
	lzma_end(s);
	return rc;
}

int decomp_xz(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len)
{
	lzma_stream s = LZMA_STREAM_INIT;

	/* No LZMA_CONCATENATED: stop at the end of the first stream, so the
	 * size Linux appends after it is ignored rather than misparsed. */
	if (lzma_stream_decoder(&s, DECOMP_MEMLIMIT, 0) != LZMA_OK)
		return pb_error(PB_ERR_NOMEM, "xz: cannot initialise decoder");
	return run(&s, "xz", in, in_len, out, out_max, out_len);
}

int decomp_lzma(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len)
{
	lzma_stream s = LZMA_STREAM_INIT;

	if (lzma_alone_decoder(&s, DECOMP_MEMLIMIT) != LZMA_OK)
		return pb_error(PB_ERR_NOMEM, "lzma: cannot initialise decoder");
	return run(&s, "lzma", in, in_len, out, out_max, out_len);
}
