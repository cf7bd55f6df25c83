/* CRC-32 (IEEE 802.3, reflected, as GPT and gzip use) and CRC-32C
 * (Castagnoli, as ext4 metadata_csum uses).  Table-free bitwise versions:
 * they run over a few KiB of metadata per boot, where speed does not matter
 * and 2 KiB of tables in the image would. */
#ifndef PVBOOT_LOADER_CRC32_H
#define PVBOOT_LOADER_CRC32_H

#include "loader/lib/libc.h"

/* crc32_ieee(0, buf, len) is the usual CRC-32; pass the previous result to
 * continue over more data. */
uint32_t crc32_ieee(uint32_t crc, const void *buf, size_t len);
/* Raw CRC-32C update without pre/post inversion, as ext4's
 * ext4_chksum(): start from ~0 (or a seed). */
uint32_t crc32c_raw(uint32_t crc, const void *buf, size_t len);

#endif
