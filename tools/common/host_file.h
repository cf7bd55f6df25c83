/* Whole-file reads for host tools. */
#ifndef PVBOOT_TOOLS_HOST_FILE_H
#define PVBOOT_TOOLS_HOST_FILE_H

#include <stddef.h>

/* Read path into a malloc'd buffer; 0 or a PB_ERR_* with pb_error detail. */
int host_read_file(const char *path, size_t max, unsigned char **buf, size_t *len);
int host_write_file(const char *path, const void *buf, size_t len);

#endif
