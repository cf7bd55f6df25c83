/* gzip (RFC 1952) and zlib (RFC 1950) streams through zlib's inflate. */
#include <zlib.h>

#include "loader/kernel/decompress.h"
#include "loader/lib/err.h"

/* wbits as inflateInit2 takes it: 16 + MAX_WBITS for gzip, MAX_WBITS for zlib. */
static int inflate_stream(const char *name, int wbits, const void *in, size_t in_len, void *out,
			  size_t out_max, size_t *out_len)
{
	z_stream s;
	int rc, zr;

	memset(&s, 0, sizeof(s));
	if (inflateInit2(&s, wbits) != Z_OK)
		return pb_error(PB_ERR_NOMEM, "%s: cannot initialise inflate", name);
	s.next_in = (Bytef *)(uintptr_t)in;
	s.next_out = out;
	/* avail_* are 32-bit: feed in chunks so multi-GiB bounds stay exact. */
	for (;;) {
		size_t in_left = in_len - (size_t)((const uint8_t *)s.next_in - (const uint8_t *)in);
		size_t out_left = out_max - (size_t)(s.next_out - (Bytef *)out);
		s.avail_in = (uInt)PB_MIN(in_left, (size_t)1 << 30);
		s.avail_out = (uInt)PB_MIN(out_left, (size_t)1 << 30);
		zr = inflate(&s, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			rc = PB_OK;
			break;
		}
		if (zr == Z_OK)
			continue;
		if (zr == Z_BUF_ERROR && s.avail_out == 0 && out_left <= ((size_t)1 << 30)) {
			rc = pb_error(PB_ERR_LIMIT, "%s: output exceeds %zu bytes", name, out_max);
			break;
		}
		if (zr == Z_BUF_ERROR && s.avail_in == 0 && in_left <= ((size_t)1 << 30)) {
			rc = pb_error(PB_ERR_TRUNCATED, "%s: stream ends early after %zu bytes of output", name,
				      (size_t)(s.next_out - (Bytef *)out));
			break;
		}
		if (zr == Z_BUF_ERROR)
			continue;
		rc = pb_error(zr == Z_MEM_ERROR ? PB_ERR_NOMEM : PB_ERR_CORRUPT,
			      "%s: %s", name, s.msg ? s.msg : "corrupt stream");
		break;
	}
	*out_len = (size_t)(s.next_out - (Bytef *)out);
	inflateEnd(&s);
	return rc;
}

int decomp_gzip(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len)
{
	return inflate_stream("gzip", 16 + MAX_WBITS, in, in_len, out, out_max, out_len);
}

int decomp_zlib(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len)
{
	return inflate_stream("zlib", MAX_WBITS, in, in_len, out, out_max, out_len);
}
