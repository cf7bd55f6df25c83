/* ELF32/ELF64 parsing for kernel images (see elf.h). */
#include "loader/kernel/elf.h"
#include "loader/lib/err.h"

#define PT_LOAD 1
#define PT_NOTE 4
#define SHT_NOTE 7

/* Field readers that know the class: 32-bit ELF stores addresses in 4 bytes. */
struct elf_layout {
	bool is64;
	const uint8_t *p;
	size_t len;
};

static uint64_t word(const struct elf_layout *l, uint64_t off)
{
	return l->is64 ? pb_le64(l->p + off) : pb_le32(l->p + off);
}

bool elf_is_elf(const void *buf, size_t len)
{
	return len >= 4 && memcmp(buf, "\x7f" "ELF", 4) == 0;
}

static int read_phdr(const struct elf_layout *l, uint64_t off, uint32_t *type,
		     struct elf_segment *s)
{
	const uint8_t *p = l->p + off;

	*type = pb_le32(p);
	if (l->is64) {
		s->flags = pb_le32(p + 4);
		s->offset = pb_le64(p + 8);
		s->vaddr = pb_le64(p + 16);
		s->paddr = pb_le64(p + 24);
		s->filesz = pb_le64(p + 32);
		s->memsz = pb_le64(p + 40);
		s->align = pb_le64(p + 48);
	} else {
		s->offset = pb_le32(p + 4);
		s->vaddr = pb_le32(p + 8);
		s->paddr = pb_le32(p + 12);
		s->filesz = pb_le32(p + 16);
		s->memsz = pb_le32(p + 20);
		s->flags = pb_le32(p + 24);
		s->align = pb_le32(p + 28);
	}
	return PB_OK;
}

static int check_segment(const struct elf_layout *l, uint32_t i, const struct elf_segment *s)
{
	if (!pb_range_ok(s->offset, s->filesz, l->len))
		return pb_error(PB_ERR_CORRUPT, "ELF: segment %u: file range %llu+%llu past the end of the %zu-byte image",
				i, (unsigned long long)s->offset, (unsigned long long)s->filesz, l->len);
	if (s->filesz > s->memsz)
		return pb_error(PB_ERR_CORRUPT, "ELF: segment %u: file size %llu > memory size %llu",
				i, (unsigned long long)s->filesz, (unsigned long long)s->memsz);
	if (s->memsz > ELF_MAX_IMAGE || !pb_range_ok(s->paddr, s->memsz, UINT64_MAX) ||
	    !pb_range_ok(s->vaddr, s->memsz, UINT64_MAX))
		return pb_error(PB_ERR_CORRUPT, "ELF: segment %u: absurd memory size %llu at 0x%llx",
				i, (unsigned long long)s->memsz, (unsigned long long)s->paddr);
	return PB_OK;
}

static int check_overlaps(const struct elf_image *img)
{
	for (uint32_t i = 0; i < img->nr_segments; i++)
		for (uint32_t j = i + 1; j < img->nr_segments; j++) {
			const struct elf_segment *a = &img->seg[i], *b = &img->seg[j];
			if (a->memsz && b->memsz && a->paddr < b->paddr + b->memsz &&
			    b->paddr < a->paddr + a->memsz)
				return pb_error(PB_ERR_CORRUPT,
						"ELF: segments %u and %u overlap in memory (0x%llx and 0x%llx)",
						i, j, (unsigned long long)a->paddr,
						(unsigned long long)b->paddr);
		}
	return PB_OK;
}

static int parse_program_headers(const struct elf_layout *l, uint64_t phoff,
				 uint32_t phentsize, uint32_t phnum,
				 struct elf_image *img, bool *had_note)
{
	for (uint32_t i = 0; i < phnum; i++) {
		struct elf_segment s;
		uint32_t type;
		int rc;

		read_phdr(l, phoff + (uint64_t)i * phentsize, &type, &s);
		if (type == PT_NOTE) {
			if (!pb_range_ok(s.offset, s.filesz, l->len))
				return pb_error(PB_ERR_CORRUPT, "ELF: note segment %u past the end of the image", i);
			rc = xen_notes_parse(l->p + s.offset, (size_t)s.filesz, &img->xen);
			if (rc)
				return rc;
			*had_note = true;
			continue;
		}
		if (type != PT_LOAD)
			continue;
		rc = check_segment(l, i, &s);
		if (rc)
			return rc;
		if (img->nr_segments == ELF_MAX_SEGMENTS)
			return pb_error(PB_ERR_LIMIT, "ELF: more than %d loadable segments", ELF_MAX_SEGMENTS);
		img->seg[img->nr_segments++] = s;
	}
	return PB_OK;
}

/* Section headers: SHT_NOTE sections when there was no PT_NOTE, and the
 * legacy "__xen_guest" string section. */
static int parse_sections(const struct elf_layout *l, uint64_t shoff, uint32_t shentsize,
			  uint32_t shnum, uint32_t shstrndx, struct elf_image *img,
			  bool want_notes)
{
	uint64_t str_off = 0, str_size = 0;
	uint32_t hdr = l->is64 ? 64 : 40;

	if (!shoff || !shnum)
		return PB_OK;
	if (shentsize < hdr || shnum > ELF_MAX_SHNUM ||
	    !pb_array_fits(shoff, shnum, shentsize, l->len))
		return pb_error(PB_ERR_CORRUPT, "ELF: section header table (%u x %u at %llu) past the end",
				shnum, shentsize, (unsigned long long)shoff);
	if (shstrndx < shnum) {
		const uint8_t *s = l->p + shoff + (uint64_t)shstrndx * shentsize;
		str_off = word(l, (uint64_t)(s - l->p) + (l->is64 ? 24 : 16));
		str_size = word(l, (uint64_t)(s - l->p) + (l->is64 ? 32 : 20));
		if (!pb_range_ok(str_off, str_size, l->len))
			str_size = 0; /* unusable names: notes still work, legacy lookup not */
	}
	for (uint32_t i = 0; i < shnum; i++) {
		uint64_t h = shoff + (uint64_t)i * shentsize;
		uint32_t name = pb_le32(l->p + h), type = pb_le32(l->p + h + 4);
		uint64_t off = word(l, h + (l->is64 ? 24 : 16));
		uint64_t size = word(l, h + (l->is64 ? 32 : 20));
		int rc;

		if (type == SHT_NOTE && want_notes) {
			if (!pb_range_ok(off, size, l->len))
				return pb_error(PB_ERR_CORRUPT, "ELF: note section %u past the end of the image", i);
			rc = xen_notes_parse(l->p + off, (size_t)size, &img->xen);
			if (rc)
				return rc;
		}
		if (pb_range_ok(name, 12, str_size) &&
		    memcmp(l->p + str_off + name, "__xen_guest", 12) == 0 && !img->xen.have) {
			if (!pb_range_ok(off, size, l->len))
				return pb_error(PB_ERR_CORRUPT, "ELF: __xen_guest section past the end of the image");
			rc = xen_notes_parse_legacy((const char *)l->p + off, (size_t)size,
						    img->entry, &img->xen);
			if (rc)
				return rc;
		}
	}
	return PB_OK;
}

int elf_parse(const void *buf, size_t len, struct elf_image *img)
{
	struct elf_layout l = { .p = buf, .len = len };
	const uint8_t *p = buf;
	bool had_note = false;
	int rc;

	memset(img, 0, sizeof(*img));
	if (!elf_is_elf(buf, len) || len < 52)
		return pb_error(PB_ERR_FORMAT, "not an ELF image");
	if (p[4] != 1 && p[4] != 2)
		return pb_error(PB_ERR_CORRUPT, "ELF: bad class %u", p[4]);
	if (p[5] != 1)
		return pb_error(PB_ERR_UNSUPPORTED, "ELF: not little-endian");
	l.is64 = p[4] == 2;
	if (l.is64 && len < 64)
		return pb_error(PB_ERR_TRUNCATED, "ELF64: header truncated (%zu bytes)", len);
	img->elf_class = l.is64 ? 64 : 32;
	img->machine = pb_le16(p + 18);
	img->entry = word(&l, 24);

	uint64_t phoff = word(&l, l.is64 ? 32 : 28);
	uint64_t shoff = word(&l, l.is64 ? 40 : 32);
	uint32_t phentsize = pb_le16(p + (l.is64 ? 54 : 42));
	uint32_t phnum = pb_le16(p + (l.is64 ? 56 : 44));
	uint32_t shentsize = pb_le16(p + (l.is64 ? 58 : 46));
	uint32_t shnum = pb_le16(p + (l.is64 ? 60 : 48));
	uint32_t shstrndx = pb_le16(p + (l.is64 ? 62 : 50));

	if (phnum == 0 || phnum > ELF_MAX_PHNUM)
		return pb_error(PB_ERR_CORRUPT, "ELF: %u program headers", phnum);
	if (phentsize < (l.is64 ? 56u : 32u) ||
	    !pb_array_fits(phoff, phnum, phentsize, len))
		return pb_error(PB_ERR_CORRUPT, "ELF: program header table (%u x %u at %llu) past the end of the %zu-byte image",
				phnum, phentsize, (unsigned long long)phoff, len);
	rc = parse_program_headers(&l, phoff, phentsize, phnum, img, &had_note);
	if (rc)
		return rc;
	if (!img->nr_segments)
		return pb_error(PB_ERR_CORRUPT, "ELF: no loadable segment");
	rc = check_overlaps(img);
	if (rc)
		return rc;
	rc = parse_sections(&l, shoff, shentsize, shnum, shstrndx, img, !had_note);
	if (rc)
		return rc;
	img->pstart = UINT64_MAX;
	for (uint32_t i = 0; i < img->nr_segments; i++) {
		img->pstart = PB_MIN(img->pstart, img->seg[i].paddr);
		img->pend = PB_MAX(img->pend, img->seg[i].paddr + img->seg[i].memsz);
	}
	if (img->pend - img->pstart > ELF_MAX_IMAGE)
		return pb_error(PB_ERR_CORRUPT, "ELF: loadable segments span %llu bytes",
				(unsigned long long)(img->pend - img->pstart));
	return PB_OK;
}
