/* Internal interface between fs/part.c and the table parsers. */
#ifndef PVBOOT_FS_PART_SCAN_H
#define PVBOOT_FS_PART_SCAN_H

#include "fs/part.h"

/* Does sector 0 look like an MBR partition table?  *protective is set when
 * it holds a GPT protective (0xEE) entry. */
bool part_mbr_valid(const uint8_t *sec0, bool *protective);
int part_scan_mbr(struct blockdev *dev, const uint8_t *sec0, struct part_table *t);
/* PB_ERR_FORMAT when neither GPT header is present. */
int part_scan_gpt(struct blockdev *dev, struct part_table *t);

#endif
