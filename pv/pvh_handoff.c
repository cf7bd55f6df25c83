/* PVH handoff (see pvh_handoff.h).  Everything that must survive until
 * the kernel runs — the staged image, the initrd, the start info, the
 * trampoline — lies below 4 GiB (it is entered with paging off) and
 * outside the image's place, so the trampoline's one copy cannot
 * overwrite what it still needs; the place itself may hold anything,
 * pvboot included (pvboot -> pvboot, GRUB's PVH image at 1 MiB). */
#include "pv/pvh_handoff.h"
#include "pv/console.h"
#include "pv/events.h"
#include "pv/frames.h"
#include "pv/hypercall.h"
#include "pv/pvh.h"
#include "pv/pvh_trampoline.h"
#include "pv/pvh_traps.h"
#include "loader/handoff/pvh_plan.h"
#include "loader/lib/err.h"
#include "loader/lib/heap.h"

#define PAGE 4096u
#define INFO_BYTES (2 * PAGE) /* start info, module, memory map; the command line in the second page */
#define INFO_MODLIST 64
#define INFO_MEMMAP 128
#define INFO_CMDLINE PAGE

struct pvh_handoff {
	struct pvh_plan p;
	uint8_t *stage;  /* p.hi - p.lo bytes: the image as it must lie */
	uint8_t *initrd; /* initrd_len bytes, read by the core */
	uint64_t initrd_len;
	uint8_t *info;   /* INFO_BYTES */
	uint8_t *tramp;  /* one page: code, then the parameter block at 2 KiB */
};

static struct pvh_handoff the_handoff; /* one entry is staged at a time */

_Static_assert(INFO_MEMMAP + PVH_MEMMAP_MAX * sizeof(struct hvm_memmap_table_entry) <= INFO_CMDLINE,
	       "memory map overlaps the command line");
_Static_assert(PVH_CMDLINE_MAX < PAGE, "command line does not fit its page");

/* Below 4 GiB and outside [lo, hi). */
static void *alloc_outside(const struct pvh_plan *p, uint64_t size, size_t align)
{
	void *a = pb_heap_alloc_range((size_t)size, align, 0, (uintptr_t)p->lo);

	return a ? a : pb_heap_alloc_range((size_t)size, align, (uintptr_t)p->hi, (uintptr_t)PVH_HIGH_LIMIT);
}

/* Page-aligned, below 4 GiB, above the image if there is room (else
 * below it). */
static void *alloc_after(const struct pvh_plan *p, uint64_t size)
{
	void *a = pb_heap_alloc_range((size_t)size, PAGE, (uintptr_t)p->hi, (uintptr_t)PVH_HIGH_LIMIT);

	return a ? a : pb_heap_alloc_range((size_t)size, PAGE, 0, (uintptr_t)p->lo);
}

static void release(struct pvh_handoff *h)
{
	pb_heap_free(h->stage);
	pb_heap_free(h->initrd);
	pb_heap_free(h->info);
	pb_heap_free(h->tramp);
	h->stage = h->initrd = h->info = h->tramp = NULL;
}

/* The guest's RAM as the plan sees it (the memory map Xen gave us). */
static size_t ram_ranges(struct pvh_ram *r, size_t max)
{
	size_t n = 0;

	for (uint32_t i = 0; i < pvh_boot.nr_memmap && n < max; i++)
		if (pvh_boot.memmap[i].type == PVH_E820_RAM) {
			r[n].start = pvh_boot.memmap[i].addr;
			r[n].end = pvh_boot.memmap[i].addr + pvh_boot.memmap[i].size;
			n++;
		}
	return n;
}

static int prepare(const uint8_t *file, size_t len, uint64_t initrd_len, const char *cmdline,
		   struct handoff_plan *out)
{
	struct pvh_handoff *h = &the_handoff;
	static struct pvh_ram ram[PVH_MEMMAP_MAX];
	struct kernel_image k;
	size_t max_elf = (size_t)PB_MIN(pb_heap_free_bytes() / 2, (uint64_t)ELF_MAX_IMAGE);
	int rc;

	memset(h, 0, sizeof(*h));
	if (strlen(cmdline) > PVH_CMDLINE_MAX)
		return pb_error(PB_ERR_LIMIT, "kernel command line of %zu bytes: a PVH kernel takes at most %d",
				strlen(cmdline), PVH_CMDLINE_MAX);
	if ((rc = pvh_plan_kernel(file, len, max_elf, ram, ram_ranges(ram, PVH_MEMMAP_MAX), &k, &h->p, out->summary,
				  sizeof(out->summary))))
		return rc;
	uint64_t image = h->p.hi - h->p.lo;
	/* As Xen's domain builder lays a PVH guest out: the initrd, then the
	 * start info, right after the kernel's image (the kernel's own
	 * early code has only ever been run that way); the staged image and
	 * the trampoline wherever they fit. */
	h->initrd = alloc_after(&h->p, initrd_len ? initrd_len : 1);
	h->info = alloc_after(&h->p, INFO_BYTES);
	h->tramp = alloc_outside(&h->p, PAGE, PAGE);
	h->stage = alloc_outside(&h->p, image, PAGE);
	if (!h->stage || !h->info || !h->tramp || !h->initrd) {
		kernel_close(&k);
		release(h);
		return pb_error(PB_ERR_NOMEM,
				"the kernel needs %llu MiB and its initrd %llu MiB below 4 GiB, outside the kernel's "
				"place; pvboot has %llu MiB free (give the guest more memory)",
				(unsigned long long)(image >> 20), (unsigned long long)(initrd_len >> 20),
				(unsigned long long)(pb_heap_free_bytes() >> 20));
	}
	pvh_plan_stage(&h->p, &k, h->stage);
	kernel_close(&k);
	memset(h->info, 0, INFO_BYTES);
	memcpy(h->info + INFO_CMDLINE, cmdline, strlen(cmdline) + 1);
	h->initrd_len = initrd_len;
	out->initrd = h->initrd;
	out->initrd_len = initrd_len;
	out->mem_bytes = image;
	out->priv = h;
	return PB_OK;
}

static void abort_plan(struct handoff_plan *plan)
{
	release(plan->priv);
}

/* The next kernel's start info: version 1, the memory map we were given
 * (all RAM is RAM again: what pvboot used is the kernel's now), the
 * command line, the initrd as module 0, the RSDP passed through. */
static uint32_t write_start_info(const struct pvh_handoff *h)
{
	struct hvm_start_info *si = (struct hvm_start_info *)h->info;
	struct hvm_modlist_entry *mod = (struct hvm_modlist_entry *)(h->info + INFO_MODLIST);

	si->magic = XEN_HVM_START_MAGIC_VALUE;
	si->version = 1;
	si->cmdline_paddr = (uintptr_t)(h->info + INFO_CMDLINE);
	si->rsdp_paddr = pvh_boot.rsdp_paddr;
	si->memmap_paddr = (uintptr_t)(h->info + INFO_MEMMAP);
	si->memmap_entries = pvh_boot.nr_memmap;
	memcpy(h->info + INFO_MEMMAP, pvh_boot.memmap, pvh_boot.nr_memmap * sizeof(pvh_boot.memmap[0]));
	if (h->initrd_len) {
		si->nr_modules = 1;
		si->modlist_paddr = (uintptr_t)mod;
		mod->paddr = (uintptr_t)h->initrd;
		mod->size = h->initrd_len;
	}
	return (uint32_t)(uintptr_t)si;
}

/* Leave no event pending and none of Xen's pages in our physmap. */
static void leave_no_trace(void)
{
	struct vcpu_info *v = &xrt_shared_info->vcpu_info[0];

	v->evtchn_upcall_mask = 1;
	memset((void *)xrt_shared_info->evtchn_pending, 0, sizeof(xrt_shared_info->evtchn_pending));
	v->evtchn_pending_sel = 0;
	v->evtchn_upcall_pending = 0;
	v->evtchn_upcall_mask = 0; /* as Xen starts a vCPU: events unmasked, no callback set */
	xrt_physmap_remove_all(); /* the grant table's frames and shared_info */
	xrt_shared_info = NULL;
}

static __attribute__((noreturn)) void start(struct handoff_plan *plan)
{
	struct pvh_handoff *h = plan->priv;
	uint8_t *params = h->tramp + 2048;
	static const uint64_t gdt[4] = {
		0,
		0x00cf9a000000ffffull, /* TPH_CS32: flat 32-bit code */
		0x00cf92000000ffffull, /* TPH_DS32: flat data */
		0x0000890000000067ull, /* TPH_TSS: 32-bit TSS, base 0, limit 0x67 (pvh.pandoc) */
	};
	uint32_t si = write_start_info(h);

	xrt_printf("pvboot: starting PVH kernel at 0x%llx (image 0x%llx-0x%llx, start info at 0x%x, "
		   "initrd %llu KiB at 0x%llx)\n",
		   (unsigned long long)h->p.entry, (unsigned long long)h->p.lo, (unsigned long long)h->p.hi, si,
		   (unsigned long long)(h->initrd_len >> 10), (unsigned long long)(uintptr_t)h->initrd);
	memcpy(h->tramp, pvh_trampoline, (size_t)(pvh_trampoline_end - pvh_trampoline));
	memcpy(params + TPH_GDT, gdt, sizeof(gdt));
	uint16_t limit = sizeof(gdt) - 1;
	uint64_t base = (uintptr_t)(params + TPH_GDT);
	memcpy(params + TPH_GDTR, &limit, 2);
	memcpy(params + TPH_GDTR + 2, &base, 8);
	uint32_t words[5] = { (uint32_t)(uintptr_t)h->stage, (uint32_t)h->p.lo, (uint32_t)(h->p.hi - h->p.lo),
			      (uint32_t)h->p.entry, si };
	memcpy(params + TPH_SRC, words, sizeof(words));
	leave_no_trace(); /* no console from here on: its events went with shared_info */
	pvh_traps_off();  /* the copy below overwrites the handlers */
	/* FS back to 0, as Xen starts a vCPU: Linux assumes it and skips
	 * rewriting an unchanged base, so ours would leak into its first
	 * user process (seen: busybox's TLS reads through it fault).  Only
	 * the decompression archives read %fs, and they are done. */
	asm volatile("wrmsr" ::"c"(0xc0000100u), "a"(0), "d"(0));
	((void (*)(void *))(uintptr_t)h->tramp)(params);
	__builtin_unreachable();
}

const struct handoff_ops pvh_handoff_ops = {
	.name = "Xen PVH",
	.cmdline_max = PVH_CMDLINE_MAX,
	.initrd_max = PVH_INITRD_MAX,
	.refuses = pvh_plan_refuses,
	.prepare = prepare,
	.abort = abort_plan,
	.start = start,
};
