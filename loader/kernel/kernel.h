/* From the bytes of a file in /boot to the ELF Xen would boot:
 *   bzImage -> protected-mode payload -> decompress -> ELF
 *   plain ELF (vmlinux, pvboot, grub-x86_64-xen.bin)
 *   compressed ELF (vmlinux.gz, vmlinuz.xz ...) */
#ifndef PVBOOT_LOADER_KERNEL_H
#define PVBOOT_LOADER_KERNEL_H

#include "loader/kernel/bzimage.h"
#include "loader/kernel/decompress.h"
#include "loader/kernel/elf.h"

enum kernel_format { KERNEL_ELF = 1, KERNEL_BZIMAGE, KERNEL_COMPRESSED_ELF };

struct kernel_image {
	enum kernel_format format;
	enum comp comp;          /* COMP_NONE for a plain ELF */
	struct bzimage_info bz;  /* when format == KERNEL_BZIMAGE */
	const uint8_t *elf;      /* the ELF bytes: into the input, or elf_buf */
	size_t elf_len;
	uint8_t *elf_buf;        /* malloc'd decompression output, or NULL */
	struct elf_image info;
};

const char *kernel_format_name(enum kernel_format f);

/* Identify, decompress (output bounded by max_elf bytes) and parse.  The
 * input must outlive k when it is a plain ELF (k->elf points into it). */
int kernel_open(const void *buf, size_t len, size_t max_elf, struct kernel_image *k);
void kernel_close(struct kernel_image *k);

#endif
