/* BLAKE2b (RFC 7693), unkeyed, one-shot: btrfs's "blake2" metadata
 * checksum is BLAKE2b-256. */
#ifndef PVBOOT_LOADER_BLAKE2B_H
#define PVBOOT_LOADER_BLAKE2B_H

#include "loader/lib/libc.h"

/* outlen 1..64 bytes of digest into out. */
void blake2b(void *out, size_t outlen, const void *in, size_t len);

#endif
