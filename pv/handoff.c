/* PV handoff without copying: the new kernel's bootstrap region is staged
 * in ordinary pages of our heap, then the pseudo-physical map is
 * permuted so that the new kernel's pfn q names the machine frame that
 * already holds what belongs at q.  The pages the region displaces get
 * the frames the staging area leaves behind; every other pfn keeps its
 * frame.  Xen only sees machine frames, so it is enough to hand the kernel
 * the new p2m list and to update the machine-to-phys table for the pfns
 * that changed.  Then new page tables are built over the region (as Xen's
 * domain builder lays them out), pinned, and a trampoline mapped in both
 * address spaces switches to them and jumps. */
#include "pv/handoff.h"
#include "pv/trampoline.h"
#include "pv/console.h"
#include "pv/events.h"
#include "pv/hypercall.h"
#include "pv/pt.h"
#include "pv/pv_start.h"
#include "loader/lib/err.h"
#include "loader/handoff/pv_permute.h"
#include "loader/handoff/pv_plan.h"
#include "loader/lib/heap.h"

#include <xen/memory.h>

#define BATCH MMU_BATCH

struct pv_handoff {
	struct pv_layout l;
	uint8_t *stage;   /* l.staged_pages pages of the new region + the trampoline page */
	uint8_t *initrd;  /* where the core reads the initrd(s), initrd_len bytes */
	uint64_t initrd_len;
	char cmdline[PV_CMDLINE_MAX + 1];
};

static struct pv_handoff the_handoff; /* one entry is staged at a time */

_Static_assert(TP_SCHEDOP_SHUTDOWN == SCHEDOP_shutdown, "trampoline.h disagrees with sched.h");
_Static_assert(TP_ENTRY >= 2 * sizeof(struct mmuext_op), "trampoline parameter block overlaps");

static uint64_t stage_pfn(const struct pv_handoff *h)
{
	return (uintptr_t)h->stage / PV_PAGE; /* our VIRT_BASE is 0 */
}

static uint64_t trampoline_va(const struct pv_handoff *h)
{
	return (uintptr_t)h->stage + h->l.staged_pages * PV_PAGE;
}

static void abort_stage(struct pv_handoff *h)
{
	if (h->stage)
		pb_heap_free(h->stage);
	h->stage = NULL;
}

/* Stage the region for an open kernel: everything but the initrd, which
 * the core reads into h->initrd. */
static int stage_region(struct pv_handoff *h, const struct kernel_image *k)
{
	struct pv_layout *l = &h->l;
	uint64_t bytes = pv_plan_bytes(l), tva;
	int rc;

	h->stage = pb_heap_alloc(bytes, PV_PAGE);
	if (!h->stage)
		return pb_error(PB_ERR_NOMEM,
				"the kernel needs %llu MiB for its bootstrap region, pvboot has %llu MiB free "
				"(give the guest more memory)",
				(unsigned long long)(bytes >> 20), (unsigned long long)(pb_heap_free_bytes() >> 20));
	/* The trampoline must not collide with the new region's addresses
	 * (possible only for a kernel based at a low VIRT_BASE). */
	tva = trampoline_va(h);
	if (tva >= l->virt_base && tva < pv_layout_va(l, l->mapped_pages)) {
		abort_stage(h);
		return pb_error(PB_ERR_UNSUPPORTED, "VIRT_BASE 0x%llx overlaps pvboot's own memory",
				(unsigned long long)l->virt_base);
	}
	h->initrd = h->stage + l->initrd.pfn * PV_PAGE;
	/* Zero all but the initrd, which the core overwrites (its tail page too). */
	memset(h->stage, 0, l->initrd.pfn * PV_PAGE);
	memset(h->initrd + h->initrd_len, 0, bytes - l->initrd.pfn * PV_PAGE - h->initrd_len);
	if ((rc = pv_layout_load_kernel(l, k, h->stage, l->mapped_pages * PV_PAGE))) {
		abort_stage(h);
		return rc;
	}
	/* The hypercall page's contents depend on the domain, not the kernel:
	 * the one Xen filled for us serves. */
	if (l->hypercall_page)
		memcpy(h->stage + (l->hypercall_page - l->virt_base), hypercall_page, PV_PAGE);
	return PB_OK;
}

static int prepare(const uint8_t *file, size_t len, uint64_t initrd_len, const char *cmdline,
		   struct handoff_plan *out)
{
	struct pv_handoff *h = &the_handoff;
	struct kernel_image k;
	/* Leave room for the staged copy: the unpacked ELF may use half of
	 * what is free. */
	size_t max_elf = (size_t)PB_MIN(pb_heap_free_bytes() / 2, (uint64_t)ELF_MAX_IMAGE);
	int rc;

	memset(h, 0, sizeof(*h));
	if (strlen(cmdline) > PV_CMDLINE_MAX)
		return pb_error(PB_ERR_LIMIT, "kernel command line of %zu bytes: a PV kernel takes at most %d",
				strlen(cmdline), PV_CMDLINE_MAX);
	memcpy(h->cmdline, cmdline, strlen(cmdline) + 1);
	h->initrd_len = initrd_len;
	if ((rc = pv_plan_kernel(file, len, max_elf, initrd_len, xrt_start_info->nr_pages, &k, &h->l, out->summary,
				 sizeof(out->summary))))
		return rc;
	rc = stage_region(h, &k);
	kernel_close(&k);
	if (rc)
		return rc;
	out->initrd = h->initrd;
	out->initrd_len = initrd_len;
	out->mem_bytes = pv_plan_bytes(&h->l);
	out->priv = h;
	return PB_OK;
}

static void abort_plan(struct handoff_plan *p)
{
	abort_stage(p->priv);
}

/* ---- start: nothing below may fail on bad input, only on broken invariants ---- */

static __attribute__((noreturn)) void die(const char *what, long rc)
{
	xrt_printf("pvboot: handoff failed: %s (%ld)\n", what, rc);
	xrt_shutdown(SHUTDOWN_crash);
}

/* Our pfn holding machine frame mfn, found in the p2m itself: the M2P
 * may be stale when another loader started us (see permute()). */
static uint64_t pfn_of_mfn(uint64_t mfn)
{
	const unsigned long *p2m = (const unsigned long *)xrt_start_info->mfn_list;

	for (uint64_t pfn = 0; mfn && pfn < xrt_start_info->nr_pages; pfn++)
		if (p2m[pfn] == mfn)
			return pfn;
	return PV_PERM_NONE;
}

static void m2p_flush(struct mmu_update *u, unsigned int *n)
{
	unsigned int done;
	long rc = *n ? hyp_mmu_update(u, *n, &done, DOMID_SELF) : 0;

	if (rc)
		die("machine-to-phys update", rc);
	*n = 0;
}

static void m2p_set(struct mmu_update *u, unsigned int *n, uint64_t mfn, uint64_t pfn)
{
	u[*n].ptr = (mfn << 12) | MMU_MACHPHYS_UPDATE;
	u[*n].val = pfn;
	if (++*n == BATCH)
		m2p_flush(u, n);
}

/* Build the new p2m in the region and make the M2P agree with it. */
static void permute(struct pv_handoff *h, unsigned long *np2m)
{
	static struct mmu_update u[BATCH];
	const unsigned long *op2m = (const unsigned long *)xrt_start_info->mfn_list;
	uint64_t nr = h->l.nr_pages;
	unsigned int n = 0;
	struct pv_perm p = {
		.nr = nr, .stage = stage_pfn(h), .pages = h->l.staged_pages,
		.special_new = { h->l.xenstore.pfn, h->l.console.pfn },
		.special_old = { pfn_of_mfn(xrt_start_info->store_mfn),
				 pfn_of_mfn(xrt_start_info->console.domU.mfn) },
	};

	if (pv_permute(&p, op2m, np2m))
		die(pb_errmsg(), 0);
	/* Make the M2P agree with the new p2m wherever it does not: the frames
	 * that moved, and any a previous loader (pvgrub2 chaining into us)
	 * left stale.  The kernel trusts the M2P for mfn_to_pfn(). */
	const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
	uint64_t stale = 0;
	for (uint64_t q = 0; q < nr; q++)
		if (np2m[q] != op2m[q] || m2p[np2m[q]] != q) {
			stale += np2m[q] == op2m[q];
			m2p_set(u, &n, np2m[q], q);
		}
	if (stale)
		xrt_printf("pvboot: %llu machine-to-phys entries were stale; corrected\n", (unsigned long long)stale);
	m2p_flush(u, &n);
}

/* ---- page tables ---- */

struct ptb {
	struct pv_handoff *h;
	const unsigned long *np2m;
	uint64_t used;
};

static uint64_t *pt_page(struct ptb *b, uint64_t i)
{
	return (uint64_t *)(b->h->stage + (b->h->l.pt.pfn + i) * PV_PAGE);
}

static uint64_t pt_mfn(struct ptb *b, uint64_t i)
{
	return b->np2m[b->h->l.pt.pfn + i];
}

/* The table page an entry points to, by its frame (tables are few). */
static uint64_t *child(struct ptb *b, uint64_t *e)
{
	if (!(*e & 1)) {
		if (b->used == b->h->l.pt.pages)
			die("page-table pages exhausted", (long)b->used);
		*e = (pt_mfn(b, b->used) << 12) | PTE_RW;
		return pt_page(b, b->used++);
	}
	for (uint64_t i = 0; i < b->used; i++)
		if (pt_mfn(b, i) == (*e & PTE_ADDR) >> 12)
			return pt_page(b, i);
	die("page-table entry points outside the tables", 0);
}

static void map(struct ptb *b, uint64_t va, uint64_t mfn, uint64_t flags)
{
	static uint64_t *l1_cache;
	static uint64_t l1_key = UINT64_MAX;
	uint64_t *t;

	if ((va >> 21) != l1_key) {
		t = pt_page(b, 0);
		for (int shift = 39; shift > 12; shift -= 9)
			t = child(b, &t[(va >> shift) & 511]);
		l1_cache = t;
		l1_key = va >> 21;
	}
	l1_cache[(va >> 12) & 511] = (mfn << 12) | flags;
}

static uint64_t build_tables(struct pv_handoff *h, const unsigned long *np2m)
{
	struct pv_layout *l = &h->l;
	struct ptb b = { .h = h, .np2m = np2m, .used = 1 };
	const unsigned long *op2m = (const unsigned long *)xrt_start_info->mfn_list;
	struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE };
	unsigned int done;
	long rc;

	for (uint64_t q = 0; q < l->mapped_pages; q++) {
		bool is_pt = q >= l->pt.pfn && q < l->pt.pfn + l->pt.pages;
		map(&b, pv_layout_va(l, q), np2m[q], is_pt ? PTE_RO : PTE_RW);
	}
	/* INIT_P2M: the list also at its own address (Linux keeps using
	 * these tables for it until it has moved the list). */
	for (uint64_t i = 0; l->p2m_base && i < l->p2m.pages; i++)
		map(&b, l->p2m_base + i * PV_PAGE, np2m[l->p2m.pfn + i], PTE_RW);
	map(&b, trampoline_va(h), op2m[trampoline_va(h) / PV_PAGE], PTE_RO);
	/* Page-table pages may not be writable anywhere, ours included. */
	for (uint64_t i = 0; i < l->pt.pages; i++) {
		rc = hyp_update_va_mapping((uintptr_t)pt_page(&b, i), (pt_mfn(&b, i) << 12) | PTE_RO,
					   UVMF_INVLPG);
		if (rc)
			die("write-protecting a page-table page", rc);
	}
	pin.arg1.mfn = pt_mfn(&b, 0);
	if ((rc = hyp_mmuext_op(&pin, 1, &done, DOMID_SELF)))
		die("pinning the new page tables", rc);
	return pin.arg1.mfn;
}

/* Leave no event pending from our devices: the kernel starts clean. */
static void quiesce_events(void)
{
	struct vcpu_info *v = &xrt_shared_info->vcpu_info[0];

	v->evtchn_upcall_mask = 1;
	memset((void *)xrt_shared_info->evtchn_pending, 0, sizeof(xrt_shared_info->evtchn_pending));
	v->evtchn_pending_sel = 0;
	v->evtchn_upcall_pending = 0;
}

static __attribute__((noreturn)) void start(struct handoff_plan *plan)
{
	struct pv_handoff *h = plan->priv;
	struct pv_layout *l = &h->l;
	unsigned long *np2m = (unsigned long *)(h->stage + l->p2m.pfn * PV_PAGE);
	struct start_info *si = (struct start_info *)(h->stage + l->start_info.pfn * PV_PAGE);
	const struct start_info *old = xrt_start_info;
	uint8_t *tramp = (uint8_t *)(uintptr_t)trampoline_va(h), *params = tramp + 2048;
	const unsigned long *op2m = (const unsigned long *)old->mfn_list;
	struct mmuext_op *ops = (struct mmuext_op *)(params + TP_OPS);
	static const char msg[TP_MSG_LEN] = "pvboot: switching to the new kernel's page tables failed\n";

	xrt_printf("pvboot: starting kernel at 0x%llx (region %llu MiB: kernel at pfn 0x%llx, "
		   "initrd %llu KiB, %llu page-table pages, p2m at 0x%llx)\n",
		   (unsigned long long)l->entry, (unsigned long long)(l->mapped_pages >> 8),
		   (unsigned long long)l->kernel.pfn, (unsigned long long)(h->initrd_len >> 10),
		   (unsigned long long)l->pt.pages,
		   (unsigned long long)(l->p2m_base ? l->p2m_base : pv_layout_va(l, l->p2m.pfn)));
	permute(h, np2m);

	memcpy(si, old, sizeof(*si));
	si->nr_pages = l->nr_pages;
	si->mfn_list = l->p2m_base ? l->p2m_base : pv_layout_va(l, l->p2m.pfn);
	si->pt_base = pv_layout_va(l, l->pt.pfn);
	si->nr_pt_frames = l->pt.pages;
	si->first_p2m_pfn = l->p2m_base ? l->p2m.pfn : 0;
	si->nr_p2m_frames = l->p2m_base ? l->p2m.pages : 0;
	si->flags &= ~(SIF_MOD_START_PFN | SIF_MULTIBOOT_MOD);
	if (h->initrd_len) {
		si->mod_len = h->initrd_len;
		if (l->mod_start_pfn) {
			si->mod_start = l->initrd.pfn;
			si->flags |= SIF_MOD_START_PFN;
		} else {
			si->mod_start = pv_layout_va(l, l->initrd.pfn);
		}
	} else {
		si->mod_start = si->mod_len = 0;
	}
	memset(si->cmd_line, 0, sizeof(si->cmd_line));
	memcpy(si->cmd_line, h->cmdline, strlen(h->cmdline));

	memcpy(tramp, pv_trampoline, (size_t)(pv_trampoline_end - pv_trampoline));
	ops[0] = (struct mmuext_op){ .cmd = MMUEXT_NEW_BASEPTR };
	ops[0].arg1.mfn = build_tables(h, np2m);
	ops[1] = (struct mmuext_op){ .cmd = MMUEXT_UNPIN_TABLE };
	ops[1].arg1.mfn = op2m[old->pt_base / PV_PAGE];
	*(uint64_t *)(params + TP_ENTRY) = l->entry;
	*(uint64_t *)(params + TP_STACK) = pv_layout_va(l, l->stack.pfn + 1);
	*(uint64_t *)(params + TP_START_INFO) = pv_layout_va(l, l->start_info.pfn);
	*(uint32_t *)(params + TP_SHUTDOWN) = SHUTDOWN_crash;
	memcpy(params + TP_MSG, msg, TP_MSG_LEN);

	quiesce_events();
	/* FS back to 0, as Xen starts a guest (our TLS block would otherwise
	 * be the next kernel's first user process's); the decompression
	 * archives, the only readers of %fs, are done. */
	hyp_set_segment_base(SEGBASE_FS, 0);
	((void (*)(void *))(uintptr_t)tramp)(params);
	__builtin_unreachable();
}

const struct handoff_ops pv_handoff_ops = {
	.name = "Xen PV",
	.cmdline_max = PV_CMDLINE_MAX,
	.initrd_max = PV_REGION_MAX,
	.refuses = pv_plan_refuses,
	.prepare = prepare,
	.abort = abort_plan,
	.start = start,
};
