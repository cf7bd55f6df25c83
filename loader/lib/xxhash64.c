/* XXH64, written from the algorithm's specification (xxhash_spec.md). */
#include "loader/lib/xxhash64.h"

#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0x165667B19E3779F9ull
#define P4 0x85EBCA77C2B2AE63ull
#define P5 0x27D4EB2F165667C5ull

static uint64_t rotl(uint64_t x, int r)
{
	return x << r | x >> (64 - r);
}

static uint64_t round64(uint64_t acc, uint64_t lane)
{
	return rotl(acc + lane * P2, 31) * P1;
}

static uint64_t merge(uint64_t acc, uint64_t v)
{
	return (acc ^ round64(0, v)) * P1 + P4;
}

uint64_t xxh64(const void *buf, size_t len, uint64_t seed)
{
	const uint8_t *p = buf, *end = p + len;
	uint64_t h;

	if (len >= 32) {
		uint64_t v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;
		while ((size_t)(end - p) >= 32) {
			v1 = round64(v1, pb_le64(p));
			v2 = round64(v2, pb_le64(p + 8));
			v3 = round64(v3, pb_le64(p + 16));
			v4 = round64(v4, pb_le64(p + 24));
			p += 32;
		}
		h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
		h = merge(merge(merge(merge(h, v1), v2), v3), v4);
	} else {
		h = seed + P5;
	}
	h += (uint64_t)len;
	while ((size_t)(end - p) >= 8) {
		h = rotl(h ^ round64(0, pb_le64(p)), 27) * P1 + P4;
		p += 8;
	}
	if ((size_t)(end - p) >= 4) {
		h = rotl(h ^ (uint64_t)pb_le32(p) * P1, 23) * P2 + P3;
		p += 4;
	}
	while (p < end)
		h = rotl(h ^ (uint64_t)*p++ * P5, 11) * P1;
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}
