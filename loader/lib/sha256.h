/* SHA-256 (FIPS 180-4), for checksums the loader prints (read tests) and,
 * later, for verifying what it loads. */
#ifndef PVBOOT_LOADER_SHA256_H
#define PVBOOT_LOADER_SHA256_H

#include "loader/lib/libc.h"

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
	size_t fill;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t out[32]);
/* Lowercase hex of the digest into out (65 bytes). */
void sha256_hex(const uint8_t digest[32], char out[65]);

#endif
