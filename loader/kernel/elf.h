/* ELF32/ELF64 kernel images as Xen would boot them: loadable segments, the
 * entry point, and the Xen notes (PT_NOTE / SHT_NOTE, or the legacy
 * `__xen_guest` section string).  Parsed from (buf, len) by offsets, never
 * through casts into the image. */
#ifndef PVBOOT_LOADER_ELF_H
#define PVBOOT_LOADER_ELF_H

#include "loader/lib/libc.h"
#include "loader/kernel/xen_notes.h"

#define ELF_MAX_SEGMENTS 16
#define ELF_MAX_PHNUM 64     /* more program headers than this is absurd for a kernel */
#define ELF_MAX_SHNUM 4096
#define ELF_MAX_IMAGE (1ULL << 30) /* 1 GiB of memory image: far beyond any kernel */

struct elf_segment {
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
	uint32_t flags;
};

struct elf_image {
	int elf_class;     /* 32 or 64 */
	uint16_t machine;  /* EM_X86_64 = 62, EM_386 = 3 */
	uint64_t entry;    /* e_entry */
	uint32_t nr_segments;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
	/* Lowest and highest load address (p_paddr, as Xen's loader uses: the
	 * vaddrs of x86-64 Linux include a per-CPU segment at 0). */
	uint64_t pstart, pend;
	struct xen_notes xen;
};

/* Is this buffer an ELF file at all (magic only)? */
bool elf_is_elf(const void *buf, size_t len);

/* Parse and validate: header, program headers (in the file, sane sizes,
 * PT_LOAD segments inside the file and not overlapping at their load
 * (physical) addresses), Xen
 * notes.  Errors name the field: "ELF: segment 2: file range past end". */
int elf_parse(const void *buf, size_t len, struct elf_image *out);

#endif
