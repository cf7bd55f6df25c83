/* Every decompressor: round trip, bomb (output bound), truncation, garbage.
 * Streams are produced in-process by the same Debian libraries' encoders;
 * the lzop and legacy-lz4 containers are assembled here around them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <bzlib.h>
#include <lz4.h>
#include <lzma.h>
#include <lzo/lzo1x.h>
#include <zlib.h>
#include <zstd.h>

#include "loader/kernel/decompress.h"
#include "loader/lib/err.h"

#define PLAIN_LEN (3u << 20)
static uint8_t *plain;

static size_t enc_gzip(uint8_t *out, size_t cap)
{
	z_stream s = { 0 };
	deflateInit2(&s, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	s.next_in = plain;
	s.avail_in = PLAIN_LEN;
	s.next_out = out;
	s.avail_out = (uInt)cap;
	assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
	deflateEnd(&s);
	return s.total_out;
}

static size_t enc_bzip2(uint8_t *out, size_t cap)
{
	unsigned int n = (unsigned int)cap;
	assert_int_equal(BZ2_bzBuffToBuffCompress((char *)out, &n, (char *)plain, PLAIN_LEN, 1, 0, 0), BZ_OK);
	return n;
}

static size_t enc_xz(uint8_t *out, size_t cap)
{
	size_t pos = 0;
	assert_int_equal(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC32, NULL, plain, PLAIN_LEN, out, &pos, cap), LZMA_OK);
	return pos;
}

static size_t enc_lzma(uint8_t *out, size_t cap)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_options_lzma opt;
	lzma_lzma_preset(&opt, 1);
	assert_int_equal(lzma_alone_encoder(&s, &opt), LZMA_OK);
	s.next_in = plain;
	s.avail_in = PLAIN_LEN;
	s.next_out = out;
	s.avail_out = cap;
	assert_int_equal(lzma_code(&s, LZMA_FINISH), LZMA_STREAM_END);
	size_t n = s.total_out;
	lzma_end(&s);
	return n;
}

static size_t enc_zstd(uint8_t *out, size_t cap)
{
	size_t n = ZSTD_compress(out, cap, plain, PLAIN_LEN, 1);
	assert_false(ZSTD_isError(n));
	return n;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

/* Legacy lz4: magic, then 1 MiB blocks each with a u32 LE size. */
static size_t enc_lz4(uint8_t *out, size_t cap)
{
	size_t o = 4;
	put_le32(out, 0x184C2102u);
	for (size_t i = 0; i < PLAIN_LEN; i += 1u << 20) {
		int n = LZ4_compress_default((const char *)plain + i, (char *)out + o + 4,
					     1 << 20, (int)(cap - o - 4));
		assert_true(n > 0);
		put_le32(out + o, (uint32_t)n);
		o += 4 + (size_t)n;
	}
	return o;
}

/* lzop: version 0x1040 header with adler32 of the data, then 256 KiB blocks. */
static size_t enc_lzo(uint8_t *out, size_t cap)
{
	static uint8_t wrk[LZO1X_1_MEM_COMPRESS];
	size_t o = 0;
	memcpy(out, "\x89LZO\x00\x0d\x0a\x1a\x0a", 9); o = 9;
	out[o++] = 0x10; out[o++] = 0x40; /* version */
	out[o++] = 0x20; out[o++] = 0xa0; /* lib version */
	out[o++] = 0x09; out[o++] = 0x40; /* version needed */
	out[o++] = 1; out[o++] = 5;       /* method lzo1x_1, level */
	put_be32(out + o, 1); o += 4;     /* flags: F_ADLER32_D */
	put_be32(out + o, 0644); o += 4;  /* mode */
	put_be32(out + o, 0); o += 4;     /* mtime low */
	put_be32(out + o, 0); o += 4;     /* mtime high */
	out[o++] = 0;                     /* name length */
	put_be32(out + o, 0); o += 4;     /* header checksum (not checked) */
	assert_int_equal(lzo_init(), LZO_E_OK);
	for (size_t i = 0; i < PLAIN_LEN; i += 256u << 10) {
		lzo_uint n = cap - o - 12;
		assert_int_equal(lzo1x_1_compress(plain + i, 256u << 10, out + o + 12, &n, wrk), LZO_E_OK);
		put_be32(out + o, 256u << 10);
		put_be32(out + o + 4, (uint32_t)n);
		put_be32(out + o + 8, (uint32_t)adler32(1, plain + i, 256u << 10));
		o += 12 + n;
	}
	put_be32(out + o, 0);
	return o + 4;
}

struct fmt {
	enum comp c;
	size_t (*enc)(uint8_t *, size_t);
};
static const struct fmt fmts[] = {
	{ COMP_GZIP, enc_gzip }, { COMP_BZIP2, enc_bzip2 }, { COMP_LZMA, enc_lzma },
	{ COMP_XZ, enc_xz }, { COMP_LZO, enc_lzo }, { COMP_LZ4, enc_lz4 }, { COMP_ZSTD, enc_zstd },
};

static void test_all_formats(void **state)
{
	(void)state;
	size_t cap = PLAIN_LEN * 2;
	uint8_t *z = malloc(cap), *out = malloc(PLAIN_LEN + 4096);
	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		size_t zlen = fmts[f].enc(z, cap), got;
		const char *name = decomp_name(fmts[f].c);
		print_message("%s: %zu -> %zu bytes\n", name, (size_t)PLAIN_LEN, zlen);
		assert_int_equal(decomp_detect(z, zlen), fmts[f].c);
		/* Round trip, with Linux's appended size as trailing bytes. */
		put_le32(z + zlen, PLAIN_LEN);
		assert_int_equal(decomp_run(fmts[f].c, z, zlen + 4, out, PLAIN_LEN + 4096, &got), PB_OK);
		assert_int_equal(got, PLAIN_LEN);
		assert_memory_equal(out, plain, PLAIN_LEN);
		/* Bomb: the bound is hit, never overrun (canary after the bound). */
		memset(out, 0xA5, PLAIN_LEN);
		int rc = decomp_run(fmts[f].c, z, zlen, out, 1u << 20, &got);
		assert_int_equal(rc, PB_ERR_LIMIT);
		assert_true(got <= 1u << 20);
		assert_int_equal(out[(1u << 20) + 1], 0xA5);
		/* Truncated: an error, never success. */
		rc = decomp_run(fmts[f].c, z, zlen / 2, out, PLAIN_LEN + 4096, &got);
		assert_true(rc == PB_ERR_TRUNCATED || rc == PB_ERR_CORRUPT);
		/* Garbage in the middle: an error or (for formats without checks)
		 * different output, never a crash. */
		for (size_t i = zlen / 3; i < zlen / 3 + 64; i++)
			z[i] ^= 0x5a;
		rc = decomp_run(fmts[f].c, z, zlen, out, PLAIN_LEN + 4096, &got);
		assert_true(rc != PB_OK || memcmp(out, plain, PLAIN_LEN) != 0);
	}
	free(z);
	free(out);
}

static void test_detect(void **state)
{
	(void)state;
	assert_int_equal(decomp_detect("\x7f" "ELF", 4), COMP_NONE);
	assert_int_equal(decomp_detect("\x1f", 1), COMP_NONE);
	size_t got;
	assert_int_equal(decomp_run(COMP_NONE, "", 0, NULL, 0, &got), PB_ERR_INVAL);
}

static int setup(void **state)
{
	(void)state;
	plain = malloc(PLAIN_LEN);
	/* Compressible but not trivial: text-like with a slow-changing pattern. */
	uint32_t x = 1;
	for (size_t i = 0; i < PLAIN_LEN; i++) {
		x = x * 1103515245u + 12345u;
		plain[i] = (uint8_t)("abcdefgh \n"[(x >> 16) % 10] + ((i >> 14) & 3));
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(plain);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_formats),
		cmocka_unit_test(test_detect),
	};
	return cmocka_run_group_tests_name("decompress", tests, setup, teardown);
}
