/* Planning the PV bootstrap region (see pv_layout.h).  The order and the
 * rounding follow Xen's domain builder, because kernels have grown to rely
 * on it: Linux finds its page tables from pt_base and shaves the first
 * ones off, and reserves [pt_base, pt_base + nr_pt_frames). */
#include "loader/handoff/pv_layout.h"
#include "loader/lib/err.h"

#define SLACK_PAGES (512 * 1024 / PV_PAGE) /* mapped after the last element */
#define ROUND_PAGES (4ull * 1024 * 1024 / PV_PAGE) /* the region ends on 4 MiB */
/* x86-64 with Xen: the hypervisor owns this slice of the address space. */
#define XEN_HOLE_END 0xffff880000000000ull
#define CANONICAL_LOW_END 0x0000800000000000ull

static uint64_t span(uint64_t va, uint64_t last, unsigned int shift)
{
	return (last >> shift) - (va >> shift) + 1;
}

uint64_t pv_layout_tables(uint64_t va, uint64_t pages)
{
	uint64_t last;

	if (!pages)
		return 1;
	last = va + pages * PV_PAGE - 1;
	return 1 + span(va, last, 39) + span(va, last, 30) + span(va, last, 21);
}

static uint64_t pages_for(uint64_t bytes)
{
	return bytes / PV_PAGE + (bytes % PV_PAGE != 0);
}

static int check_notes(const struct elf_image *elf)
{
	const struct xen_notes *x = &elf->xen;

	if (elf->elf_class != 64 || elf->machine != 62)
		return pb_error(PB_ERR_UNSUPPORTED,
				"a %d-bit kernel (machine %u): pvboot starts 64-bit x86 PV kernels only; "
				"32-bit PV guests need a 32-bit domain and loader",
				elf->elf_class, elf->machine);
	if (!x->have && !x->legacy)
		return pb_error(PB_ERR_FORMAT,
				"no Xen ELF notes: not a Xen PV kernel (Linux needs CONFIG_XEN_PV)");
	if (x->xen_version[0] && strcmp(x->xen_version, "xen-3.0") != 0)
		return pb_error(PB_ERR_UNSUPPORTED, "kernel wants Xen interface '%s', not xen-3.0",
				x->xen_version);
	if (x->loader[0] && strcmp(x->loader, "generic") != 0)
		return pb_error(PB_ERR_UNSUPPORTED, "kernel wants loader '%s', not 'generic'", x->loader);
	return PB_OK;
}

/* The low canonical half, or the high half above Xen's own slice. */
static bool region_ok(uint64_t va, uint64_t pages)
{
	uint64_t end = va + pages * PV_PAGE;

	return end > va && (end <= CANONICAL_LOW_END || va >= XEN_HOLE_END);
}

int pv_layout_plan(const struct elf_image *elf, uint64_t initrd_len, uint64_t nr_pages,
		   struct pv_layout *out)
{
	const struct xen_notes *x = &elf->xen;
	uint64_t paddr_offset, kstart, kend, next, tables, mapped;
	int rc = check_notes(elf);

	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	out->nr_pages = nr_pages;
	out->virt_base = xen_notes_has(x, XEN_NOTE_VIRT_BASE) ? x->virt_base : 0;
	/* Xen's rule: with ELF notes the offset defaults to 0; the legacy
	 * string predates it and assumed paddr == vaddr. */
	if (xen_notes_has(x, XEN_NOTE_PADDR_OFFSET))
		paddr_offset = x->paddr_offset;
	else
		paddr_offset = x->legacy ? out->virt_base : 0;
	if (out->virt_base % PV_PAGE)
		return pb_error(PB_ERR_CORRUPT, "VIRT_BASE 0x%llx is not page aligned",
				(unsigned long long)out->virt_base);
	if (elf->pend <= elf->pstart)
		return pb_error(PB_ERR_CORRUPT, "kernel has nothing to load");
	out->virt_offset = out->virt_base - paddr_offset;
	kstart = (elf->pstart + out->virt_offset) & ~(PV_PAGE - 1);
	kend = elf->pend + out->virt_offset;
	if (kstart < out->virt_base || kend < kstart || kend - out->virt_base > PV_REGION_MAX)
		return pb_error(PB_ERR_CORRUPT,
				"kernel at 0x%llx-0x%llx does not fit above VIRT_BASE 0x%llx (limit %llu MiB)",
				(unsigned long long)kstart, (unsigned long long)kend,
				(unsigned long long)out->virt_base, (unsigned long long)(PV_REGION_MAX >> 20));
	out->entry = xen_notes_has(x, XEN_NOTE_ENTRY) ? x->entry : elf->entry;
	if (out->entry < kstart || out->entry >= kend)
		return pb_error(PB_ERR_CORRUPT, "entry point 0x%llx is outside the kernel (0x%llx-0x%llx)",
				(unsigned long long)out->entry, (unsigned long long)kstart,
				(unsigned long long)kend);
	if (xen_notes_has(x, XEN_NOTE_HYPERCALL_PAGE)) {
		out->hypercall_page = x->hypercall_page;
		if (out->hypercall_page % PV_PAGE || out->hypercall_page < kstart ||
		    out->hypercall_page >= kend)
			return pb_error(PB_ERR_CORRUPT, "HYPERCALL_PAGE 0x%llx is not a page of the kernel",
					(unsigned long long)out->hypercall_page);
	}
	out->mod_start_pfn = xen_notes_has(x, XEN_NOTE_MOD_START_PFN) && x->mod_start_pfn;

	out->kernel.pfn = (kstart - out->virt_base) / PV_PAGE;
	out->kernel.pages = pages_for(kend - kstart);
	next = out->kernel.pfn + out->kernel.pages;
	if (initrd_len > PV_REGION_MAX)
		return pb_error(PB_ERR_LIMIT, "initrd of %llu MiB: more than the %llu MiB a PV kernel can be given",
				(unsigned long long)(initrd_len >> 20), (unsigned long long)(PV_REGION_MAX >> 20));
	out->initrd = (struct pv_range){ next, pages_for(initrd_len) };
	next += out->initrd.pages;
	/* INIT_P2M: a page-aligned address below VIRT_BASE, clear of the
	 * region; anything else is ignored, as Xen's builder ignores it. */
	uint64_t p2m_pages = pages_for(nr_pages * 8);
	if (xen_notes_has(x, XEN_NOTE_INIT_P2M) && x->init_p2m && x->init_p2m % PV_PAGE == 0 &&
	    x->init_p2m < out->virt_base && region_ok(x->init_p2m, p2m_pages) &&
	    x->init_p2m + p2m_pages * PV_PAGE <= out->virt_base)
		out->p2m_base = x->init_p2m;
	if (!out->p2m_base) {
		out->p2m = (struct pv_range){ next, p2m_pages };
		next += out->p2m.pages;
	}
	out->start_info = (struct pv_range){ next++, 1 };
	out->xenstore = (struct pv_range){ next++, 1 };
	out->console = (struct pv_range){ next++, 1 };
	/* The tables map the region they are part of: grow until it holds. */
	tables = 1;
	for (int i = 0; i < 8; i++) {
		mapped = next + tables + 1 + SLACK_PAGES;
		mapped = (mapped + ROUND_PAGES - 1) / ROUND_PAGES * ROUND_PAGES;
		uint64_t need = pv_layout_tables(out->virt_base, mapped) + PV_TRAMPOLINE_TABLES;
		if (out->p2m_base) /* its own L3/L2/L1s; the L4 is shared */
			need += pv_layout_tables(out->p2m_base, p2m_pages) - 1;
		if (need <= tables)
			break;
		tables = need;
	}
	out->pt = (struct pv_range){ next, tables };
	next += tables;
	out->stack = (struct pv_range){ next++, 1 };
	mapped = (next + SLACK_PAGES + ROUND_PAGES - 1) / ROUND_PAGES * ROUND_PAGES;
	if (pv_layout_tables(out->virt_base, mapped) + PV_TRAMPOLINE_TABLES +
	    (out->p2m_base ? pv_layout_tables(out->p2m_base, p2m_pages) - 1 : 0) > tables)
		return pb_error(PB_ERR_CORRUPT, "page-table estimate did not converge");
	out->mapped_pages = mapped;
	out->staged_pages = mapped;
	if (out->p2m_base) {
		out->p2m = (struct pv_range){ next, p2m_pages };
		if (next + p2m_pages > mapped)
			out->staged_pages = next + p2m_pages;
	}
	if (mapped * PV_PAGE > PV_REGION_MAX)
		return pb_error(PB_ERR_LIMIT,
				"kernel, initrd and boot data need %llu MiB of the bootstrap region; "
				"a PV kernel can be given %llu MiB",
				(unsigned long long)(mapped * PV_PAGE >> 20),
				(unsigned long long)(PV_REGION_MAX >> 20));
	if (out->staged_pages > nr_pages)
		return pb_error(PB_ERR_NOMEM, "the boot needs %llu MiB but the guest has %llu MiB",
				(unsigned long long)(out->staged_pages * PV_PAGE >> 20),
				(unsigned long long)(nr_pages * PV_PAGE >> 20));
	if (!region_ok(out->virt_base, mapped))
		return pb_error(PB_ERR_CORRUPT, "VIRT_BASE 0x%llx: region is not usable guest address space",
				(unsigned long long)out->virt_base);
	return PB_OK;
}

int pv_layout_load_kernel(const struct pv_layout *l, const struct kernel_image *k,
			  uint8_t *region, uint64_t region_len)
{
	for (uint32_t i = 0; i < k->info.nr_segments; i++) {
		const struct elf_segment *s = &k->info.seg[i];
		uint64_t at = s->paddr + l->virt_offset - l->virt_base;

		/* elf_parse checked the file ranges; the plan checked the span.
		 * Check again here: this is where bytes are written. */
		if (s->filesz > s->memsz || s->offset > k->elf_len || s->filesz > k->elf_len - s->offset ||
		    at > region_len || s->memsz > region_len - at)
			return pb_error(PB_ERR_CORRUPT, "ELF segment %u does not fit the planned region", i);
		memcpy(region + at, k->elf + s->offset, s->filesz);
		memset(region + at + s->filesz, 0, s->memsz - s->filesz);
	}
	return PB_OK;
}
