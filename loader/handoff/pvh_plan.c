/* See pvh_plan.h. */
#include "loader/handoff/pvh_plan.h"
#include "loader/lib/err.h"

#define PAGE 4096ull

static bool in_ram(const struct pvh_ram *ram, size_t nr, uint64_t lo, uint64_t hi)
{
	for (size_t i = 0; i < nr; i++)
		if (lo >= ram[i].start && hi <= ram[i].end)
			return true;
	return false;
}

/* PHYS32_RELOC: the lowest place with the alignment, inside the note's
 * bounds and one RAM range, for an image of size bytes. */
static bool relocate(const struct xen_notes *x, const struct elf_image *e, const struct pvh_ram *ram,
		     size_t nr, uint64_t size, uint64_t *at)
{
	uint64_t align = x->reloc_align, max_last = x->reloc_max;

	if (!align) { /* the ELF's own alignment, as Xen takes it */
		align = PVH_RELOC_DEFAULT_ALIGN;
		for (uint32_t i = 0; i < e->nr_segments; i++)
			if (e->seg[i].align >= PAGE && e->seg[i].align > align && !(e->seg[i].align & (e->seg[i].align - 1)))
				align = e->seg[i].align;
	}
	for (size_t i = 0; i < nr; i++) {
		uint64_t s = ram[i].start;
		s = s < x->reloc_min ? x->reloc_min : s;
		s = s < PVH_LOW_LIMIT ? PVH_LOW_LIMIT : s;
		s = (s + align - 1) & ~(align - 1);
		/* [s, s + size) in this RAM range, below 4 GiB, its last byte at
		 * most max_last; size > 0 (the entry is inside the image). */
		uint64_t limit = PB_MIN(ram[i].end, PB_MIN(max_last + 1, PVH_HIGH_LIMIT));
		if (pb_range_ok(s, size, limit)) {
			*at = s;
			return true;
		}
	}
	return false;
}

int pvh_plan_kernel(const uint8_t *file, size_t len, size_t max_elf, const struct pvh_ram *ram, size_t nr_ram,
		    struct kernel_image *k, struct pvh_plan *p, char *summary, size_t size)
{
	const struct elf_image *e = &k->info;
	int rc = kernel_open(file, len, max_elf, k);

	if (rc)
		return rc;
	memset(p, 0, sizeof(*p));
	if (!xen_notes_has(&e->xen, XEN_NOTE_PHYS32_ENTRY)) {
		kernel_close(k);
		return pb_error(PB_ERR_UNSUPPORTED,
				"the kernel has no PHYS32_ENTRY note, so it cannot start as a PVH guest "
				"(Linux needs CONFIG_PVH); boot it with type = \"pv\" or use a kernel built for PVH");
	}
	p->lo = e->pstart & ~(PAGE - 1);
	p->hi = (e->pend + PAGE - 1) & ~(PAGE - 1);
	p->entry = e->xen.phys32_entry;
	if (p->entry < e->pstart || p->entry >= e->pend) {
		rc = pb_error(PB_ERR_CORRUPT, "PHYS32_ENTRY 0x%llx is outside the image (0x%llx-0x%llx)",
			      (unsigned long long)p->entry, (unsigned long long)e->pstart,
			      (unsigned long long)e->pend);
		goto fail;
	}
	bool fits = p->lo >= PVH_LOW_LIMIT && p->hi <= PVH_HIGH_LIMIT && in_ram(ram, nr_ram, p->lo, p->hi);
	if (!fits) {
		uint64_t at;
		if (!xen_notes_has(&e->xen, XEN_NOTE_PHYS32_RELOC) ||
		    !relocate(&e->xen, e, ram, nr_ram, p->hi - p->lo, &at)) {
			rc = pb_error(PB_ERR_NOMEM,
				      "the kernel's image at 0x%llx-0x%llx (%llu MiB) is not in the guest's RAM "
				      "between 1 MiB and 4 GiB%s (give the guest more memory)",
				      (unsigned long long)p->lo, (unsigned long long)p->hi,
				      (unsigned long long)((p->hi - p->lo) >> 20),
				      xen_notes_has(&e->xen, XEN_NOTE_PHYS32_RELOC) ? ", nor anywhere PHYS32_RELOC allows"
										  : " and it cannot be moved (no PHYS32_RELOC)");
			goto fail;
		}
		p->shift = (int64_t)(at - p->lo);
		p->hi += at - p->lo;
		p->entry += at - p->lo;
		p->lo = at;
	}
	pb_snprintf(summary, size, "%s, %s, %llu KiB unpacked; image 0x%llx-0x%llx (%llu KiB)%s, entry 0x%llx",
		    kernel_format_name(k->format), decomp_name(k->comp), (unsigned long long)(k->elf_len >> 10),
		    (unsigned long long)p->lo, (unsigned long long)p->hi, (unsigned long long)((p->hi - p->lo) >> 10),
		    p->shift ? " (moved: PHYS32_RELOC)" : "", (unsigned long long)p->entry);
	return PB_OK;
fail:
	kernel_close(k);
	return rc;
}

void pvh_plan_stage(const struct pvh_plan *p, const struct kernel_image *k, uint8_t *stage)
{
	const struct elf_image *e = &k->info;

	memset(stage, 0, p->hi - p->lo);
	/* elf_parse checked every segment is inside the file and that none
	 * overlap; pstart/pend bound them all. */
	for (uint32_t i = 0; i < e->nr_segments; i++) {
		const struct elf_segment *s = &e->seg[i];
		memcpy(stage + (s->paddr + (uint64_t)p->shift - p->lo), k->elf + s->offset, s->filesz);
	}
}

const char *pvh_plan_refuses(const struct menu_entry *e)
{
	if (e->kind == MENU_LINUX || e->kind == MENU_PV_LOADER)
		return NULL;
	return e->kind == MENU_MULTIBOOT ? "a multiboot entry: a Xen PVH guest boots Linux or a PVH loader"
					 : "a chainloader entry: a Xen PVH guest boots Linux or a PVH loader";
}
