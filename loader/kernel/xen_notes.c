/* Xen ELF notes: decoding the note area and the legacy __xen_guest string. */
#include "loader/kernel/xen_notes.h"
#include "loader/lib/err.h"

static const char *const note_names[XEN_NOTE_LAST + 1] = {
	"INFO", "ENTRY", "HYPERCALL_PAGE", "VIRT_BASE", "PADDR_OFFSET",
	"XEN_VERSION", "GUEST_OS", "GUEST_VERSION", "LOADER", "PAE_MODE",
	"FEATURES", "BSD_SYMTAB", "HV_START_LOW", "L1_MFN_VALID",
	"SUSPEND_CANCEL", "INIT_P2M", "MOD_START_PFN", "SUPPORTED_FEATURES",
	"PHYS32_ENTRY", "PHYS32_RELOC",
};

const char *xen_note_name(int type)
{
	if (type < 0 || type > XEN_NOTE_LAST)
		return "UNKNOWN";
	return note_names[type];
}

/* Numeric notes are 1, 2, 4 or 8 little-endian bytes (Linux emits pointers
 * as 8 bytes on x86-64, PHYS32_ENTRY as 4). */
static int note_number(const uint8_t *d, uint32_t n, int type, uint64_t *out)
{
	switch (n) {
	case 1: *out = d[0]; return PB_OK;
	case 2: *out = pb_le16(d); return PB_OK;
	case 4: *out = pb_le32(d); return PB_OK;
	case 8: *out = pb_le64(d); return PB_OK;
	}
	return pb_error(PB_ERR_CORRUPT, "Xen note %s: numeric value of %u bytes",
			xen_note_name(type), n);
}

/* Strings end at a NUL or at the end of the descriptor: Linux emits some
 * (FEATURES) with .ascii, unterminated, and Xen accepts that. */
static int note_string(const uint8_t *d, uint32_t n, int type, char *out, size_t size)
{
	size_t len = strnlen((const char *)d, n);

	if (len >= size)
		return pb_error(PB_ERR_LIMIT, "Xen note %s: string of %zu bytes",
				xen_note_name(type), len);
	memcpy(out, d, len);
	out[len] = '\0';
	return PB_OK;
}

/* One note of a known type (0..XEN_NOTE_LAST: the caller checks). */
static int record(struct xen_notes *x, int type, const uint8_t *d, uint32_t n)
{
	uint64_t v = 0;
	int rc = PB_OK;

	switch (type) {
	case XEN_NOTE_GUEST_OS: rc = note_string(d, n, type, x->guest_os, sizeof(x->guest_os)); break;
	case XEN_NOTE_GUEST_VERSION: rc = note_string(d, n, type, x->guest_version, sizeof(x->guest_version)); break;
	case XEN_NOTE_XEN_VERSION: rc = note_string(d, n, type, x->xen_version, sizeof(x->xen_version)); break;
	case XEN_NOTE_LOADER: rc = note_string(d, n, type, x->loader, sizeof(x->loader)); break;
	case XEN_NOTE_FEATURES: rc = note_string(d, n, type, x->features, sizeof(x->features)); break;
	case XEN_NOTE_PAE_MODE: rc = note_string(d, n, type, x->pae_mode, sizeof(x->pae_mode)); break;
	case XEN_NOTE_BSD_SYMTAB: rc = note_string(d, n, type, x->bsd_symtab, sizeof(x->bsd_symtab)); break;
	case XEN_NOTE_INFO: break; /* obsolete, ignored */
	case XEN_NOTE_PHYS32_RELOC:
		/* Up to three words: alignment, lowest start, highest last byte. */
		if (n > 12 || n % 4)
			return pb_error(PB_ERR_CORRUPT, "Xen note PHYS32_RELOC of %u bytes (0, 4, 8 or 12)", n);
		x->reloc_align = n >= 4 ? pb_le32(d) : 0;
		x->reloc_min = n >= 8 ? pb_le32(d + 4) : 0;
		x->reloc_max = n >= 12 ? pb_le32(d + 8) : UINT32_MAX;
		if (x->reloc_align & (x->reloc_align - 1))
			return pb_error(PB_ERR_CORRUPT, "Xen note PHYS32_RELOC: alignment 0x%x is not a power of two",
					x->reloc_align);
		break;
	default:
		/* L1_MFN_VALID is a (mask, value) pair of words: keep the mask. */
		rc = note_number(d, type == XEN_NOTE_L1_MFN_VALID && n == 16 ? 8 : n, type, &v);
		if (rc)
			return rc;
		switch (type) {
		case XEN_NOTE_ENTRY: x->entry = v; break;
		case XEN_NOTE_HYPERCALL_PAGE: x->hypercall_page = v; break;
		case XEN_NOTE_VIRT_BASE: x->virt_base = v; break;
		case XEN_NOTE_PADDR_OFFSET: x->paddr_offset = v; break;
		case XEN_NOTE_HV_START_LOW: x->hv_start_low = v; break;
		case XEN_NOTE_L1_MFN_VALID: x->l1_mfn_valid = v; break;
		case XEN_NOTE_SUSPEND_CANCEL: x->suspend_cancel = v; break;
		case XEN_NOTE_INIT_P2M: x->init_p2m = v; break;
		case XEN_NOTE_MOD_START_PFN: x->mod_start_pfn = (uint32_t)v; break;
		case XEN_NOTE_SUPPORTED_FEATURES: x->supported_features = (uint32_t)v; break;
		case XEN_NOTE_PHYS32_ENTRY:
			if (v > UINT32_MAX)
				return pb_error(PB_ERR_CORRUPT, "Xen note PHYS32_ENTRY 0x%llx above 4 GiB",
						(unsigned long long)v);
			x->phys32_entry = (uint32_t)v;
			break;
		}
	}
	if (rc == PB_OK)
		x->have |= 1u << type;
	return rc;
}

static uint64_t align4(uint64_t v)
{
	return (v + 3) & ~(uint64_t)3;
}

int xen_notes_parse(const void *buf, size_t len, struct xen_notes *out)
{
	const uint8_t *p = buf;
	uint64_t off = 0;

	/* Each note is at least 12 bytes, so the loop is bounded by len / 12. */
	while (pb_range_ok(off, 12, len)) {
		uint32_t namesz = pb_le32(p + off), descsz = pb_le32(p + off + 4);
		uint32_t type = pb_le32(p + off + 8);
		uint64_t name_off = off + 12;
		uint64_t desc_off = name_off + align4(namesz);
		uint64_t next = desc_off + align4(descsz);

		if (!pb_range_ok(name_off, namesz, len) || !pb_range_ok(desc_off, descsz, len))
			return pb_error(PB_ERR_CORRUPT,
					"ELF note at offset %llu runs past its section (name %u, desc %u bytes, area %zu)",
					(unsigned long long)off, namesz, descsz, len);
		/* Unknown (newer) note types are ignored, as Xen ignores them;
		 * compared unsigned, so 0x80000000 and up are unknown too. */
		if (namesz == 4 && memcmp(p + name_off, "Xen", 4) == 0 && type <= XEN_NOTE_LAST) {
			int rc = record(out, (int)type, p + desc_off, descsz);
			if (rc)
				return rc;
		}
		if (next > len)
			break; /* last note's padding may be cut: harmless */
		off = next;
	}
	return PB_OK;
}

/* Legacy keys: GUEST_OS, GUEST_VER, XEN_VER, LOADER, VIRT_BASE,
 * ELF_PADDR_OFFSET, HYPERCALL_PAGE (a page number from VIRT_BASE),
 * FEATURES, PAE, BSD_SYMTAB. */
static int legacy_pair(struct xen_notes *x, const char *k, size_t klen,
		       const char *v, size_t vlen, uint64_t *hc_pfn, bool *have_hc)
{
	struct { const char *key; char *dst; size_t size; int type; } strs[] = {
		{ "GUEST_OS", x->guest_os, sizeof(x->guest_os), XEN_NOTE_GUEST_OS },
		{ "GUEST_VER", x->guest_version, sizeof(x->guest_version), XEN_NOTE_GUEST_VERSION },
		{ "XEN_VER", x->xen_version, sizeof(x->xen_version), XEN_NOTE_XEN_VERSION },
		{ "LOADER", x->loader, sizeof(x->loader), XEN_NOTE_LOADER },
		{ "FEATURES", x->features, sizeof(x->features), XEN_NOTE_FEATURES },
		{ "PAE", x->pae_mode, sizeof(x->pae_mode), XEN_NOTE_PAE_MODE },
		{ "BSD_SYMTAB", x->bsd_symtab, sizeof(x->bsd_symtab), XEN_NOTE_BSD_SYMTAB },
	};
	uint64_t num;

	for (size_t i = 0; i < PB_ARRAY_SIZE(strs); i++) {
		if (klen == strlen(strs[i].key) && memcmp(k, strs[i].key, klen) == 0) {
			if (vlen >= strs[i].size)
				return pb_error(PB_ERR_LIMIT, "__xen_guest: %s value too long", strs[i].key);
			memcpy(strs[i].dst, v, vlen);
			strs[i].dst[vlen] = '\0';
			x->have |= 1u << strs[i].type;
			return PB_OK;
		}
	}
	if (pb_parse_u64(v, vlen, 0, &num) != PB_OK)
		return PB_OK; /* unknown key or non-numeric value: ignored, like Xen */
	if (klen == 9 && memcmp(k, "VIRT_BASE", 9) == 0) {
		x->virt_base = num;
		x->have |= 1u << XEN_NOTE_VIRT_BASE;
	} else if (klen == 16 && memcmp(k, "ELF_PADDR_OFFSET", 16) == 0) {
		x->paddr_offset = num;
		x->have |= 1u << XEN_NOTE_PADDR_OFFSET;
	} else if (klen == 14 && memcmp(k, "HYPERCALL_PAGE", 14) == 0) {
		*hc_pfn = num;
		*have_hc = true;
	}
	return PB_OK;
}

int xen_notes_parse_legacy(const char *s, size_t len, uint64_t elf_entry,
			   struct xen_notes *out)
{
	uint64_t hc_pfn = 0;
	bool have_hc = false;
	size_t i = 0;

	len = strnlen(s, len);
	while (i < len) {
		size_t start = i, eq = 0;
		while (i < len && s[i] != ',') {
			if (s[i] == '=' && !eq)
				eq = i;
			i++;
		}
		if (eq) {
			int rc = legacy_pair(out, s + start, eq - start, s + eq + 1,
					     i - eq - 1, &hc_pfn, &have_hc);
			if (rc)
				return rc;
		}
		i++; /* skip ',' */
	}
	if (!out->have)
		return pb_error(PB_ERR_FORMAT, "__xen_guest: no known keys");
	out->legacy = true;
	out->entry = elf_entry;
	out->have |= 1u << XEN_NOTE_ENTRY;
	if (have_hc) {
		if (!pb_array_fits(out->virt_base, hc_pfn, 4096, UINT64_MAX))
			return pb_error(PB_ERR_CORRUPT, "__xen_guest: HYPERCALL_PAGE out of range");
		out->hypercall_page = out->virt_base + hc_pfn * 4096;
		out->have |= 1u << XEN_NOTE_HYPERCALL_PAGE;
	}
	return PB_OK;
}
