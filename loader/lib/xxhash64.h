/* XXH64 (Yann Collet's xxHash, 64-bit variant), one-shot: btrfs's
 * "xxhash" metadata checksum. */
#ifndef PVBOOT_LOADER_XXHASH64_H
#define PVBOOT_LOADER_XXHASH64_H

#include "loader/lib/libc.h"

uint64_t xxh64(const void *buf, size_t len, uint64_t seed);

#endif
