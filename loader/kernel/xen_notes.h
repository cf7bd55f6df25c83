/* Xen ELF notes (public/elfnote.h) as found in a PV/PVH kernel. */
#ifndef PVBOOT_LOADER_XEN_NOTES_H
#define PVBOOT_LOADER_XEN_NOTES_H

#include "loader/lib/libc.h"

#define XEN_NOTE_STR_MAX 128

struct xen_notes {
	uint32_t have;        /* bit (1 << XEN_ELFNOTE_*) for each note found */
	bool legacy;          /* came from the __xen_guest section string */
	uint64_t entry, hypercall_page, virt_base, paddr_offset;
	uint64_t hv_start_low, l1_mfn_valid, init_p2m, suspend_cancel;
	uint32_t mod_start_pfn, supported_features, phys32_entry;
	uint32_t reloc_align, reloc_min, reloc_max; /* PHYS32_RELOC (0 align: the ELF's own) */
	char guest_os[XEN_NOTE_STR_MAX], guest_version[XEN_NOTE_STR_MAX];
	char xen_version[XEN_NOTE_STR_MAX], loader[XEN_NOTE_STR_MAX];
	char features[512], pae_mode[XEN_NOTE_STR_MAX], bsd_symtab[XEN_NOTE_STR_MAX];
};

/* Note type numbers, as in Xen's public/elfnote.h (the ABI: values fixed). */
enum {
	XEN_NOTE_INFO = 0, XEN_NOTE_ENTRY = 1, XEN_NOTE_HYPERCALL_PAGE = 2,
	XEN_NOTE_VIRT_BASE = 3, XEN_NOTE_PADDR_OFFSET = 4, XEN_NOTE_XEN_VERSION = 5,
	XEN_NOTE_GUEST_OS = 6, XEN_NOTE_GUEST_VERSION = 7, XEN_NOTE_LOADER = 8,
	XEN_NOTE_PAE_MODE = 9, XEN_NOTE_FEATURES = 10, XEN_NOTE_BSD_SYMTAB = 11,
	XEN_NOTE_HV_START_LOW = 12, XEN_NOTE_L1_MFN_VALID = 13,
	XEN_NOTE_SUSPEND_CANCEL = 14, XEN_NOTE_INIT_P2M = 15,
	XEN_NOTE_MOD_START_PFN = 16, XEN_NOTE_SUPPORTED_FEATURES = 17,
	XEN_NOTE_PHYS32_ENTRY = 18, XEN_NOTE_PHYS32_RELOC = 19, XEN_NOTE_LAST = 19,
};

static inline bool xen_notes_has(const struct xen_notes *n, int type)
{
	return type >= 0 && type <= XEN_NOTE_LAST && (n->have >> type) & 1;
}

const char *xen_note_name(int type);

/* Walk a note area (the bytes of a PT_NOTE segment or SHT_NOTE section)
 * and record every note whose name is "Xen".  Notes running past the area
 * are an error. */
int xen_notes_parse(const void *buf, size_t len, struct xen_notes *out);

/* The legacy `__xen_guest` string: "GUEST_OS=linux,XEN_VER=xen-3.0,...". */
int xen_notes_parse_legacy(const char *s, size_t len, uint64_t elf_entry,
			   struct xen_notes *out);

#endif
