/* The EFI front end's own runtime: the firmware's tables, the console and
 * clock, the disks, the handoff.  Only efi/ includes this (and gnu-efi's
 * headers); the portable code never sees an EFI type. */
#ifndef PVBOOT_EFI_EFI_RT_H
#define PVBOOT_EFI_EFI_RT_H

#include <efi.h>

#include "loader/boot/platform.h"

extern EFI_SYSTEM_TABLE *efi_st;
extern EFI_BOOT_SERVICES *efi_bs;
extern EFI_HANDLE efi_image;
extern EFI_LOADED_IMAGE *efi_self; /* our own LoadedImage */

extern EFI_GUID efi_blockio_guid, efi_devpath_guid, efi_loaded_image_guid, efi_load_file2_guid;

/* console.c */
void efi_console_init(void);
extern const struct menu_ui_ops efi_console;
void efi_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The firmware's status as "EFI_NOT_FOUND" or "status 0x8000...". */
const char *efi_status_str(EFI_STATUS s);

/* disk.c */
extern const struct plat_disks efi_disks;

/* handoff.c */
extern const struct handoff_ops efi_image_handoff;

/* UCS-2 <-> bytes: out gets at most out_units-1 units and a 0.  Bytes
 * outside ASCII become '?' both ways (pvboot's words are ASCII). */
void efi_to_ucs2(const char *s, CHAR16 *out, size_t out_units);
/* Size of a device path in bytes, without its end node; 0 if malformed. */
size_t efi_devpath_len(const EFI_DEVICE_PATH *dp, size_t max);

#endif
