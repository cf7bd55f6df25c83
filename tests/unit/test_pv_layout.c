/* The PV bootstrap-region plan (loader/pv_layout.c): element order and
 * contiguity, 4 MiB end with 512 KiB slack, enough page-table pages for
 * what is mapped, and the refusals (32-bit, no notes, entry outside the
 * kernel, too big for the guest or for the one-GiB mapping). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/lib/err.h"
#include "loader/handoff/pv_layout.h"

#define LINUX_BASE 0xffffffff80000000ull

/* What Debian's x86-64 vmlinux looks like to the planner. */
static struct elf_image linux_like(uint64_t kernel_bytes)
{
	struct elf_image e = { .elf_class = 64, .machine = 62 };

	e.pstart = 0x1000000;
	e.pend = e.pstart + kernel_bytes;
	e.entry = LINUX_BASE + e.pstart + 0x1c0;
	e.xen.have = 1u << XEN_NOTE_VIRT_BASE | 1u << XEN_NOTE_PADDR_OFFSET | 1u << XEN_NOTE_ENTRY |
		     1u << XEN_NOTE_HYPERCALL_PAGE | 1u << XEN_NOTE_MOD_START_PFN;
	e.xen.virt_base = LINUX_BASE;
	e.xen.entry = LINUX_BASE + e.pstart + 0x2000;
	e.xen.hypercall_page = LINUX_BASE + e.pstart + 0x3000;
	e.xen.mod_start_pfn = 1;
	return e;
}

static void check_invariants(const struct pv_layout *l)
{
	const struct pv_range *order[] = { &l->kernel, &l->initrd, &l->p2m, &l->start_info,
					   &l->xenstore, &l->console, &l->pt, &l->stack };
	for (size_t i = 1; i < sizeof(order) / sizeof(order[0]); i++)
		assert_int_equal(order[i]->pfn, order[i - 1]->pfn + order[i - 1]->pages);
	uint64_t end = l->stack.pfn + 1;
	assert_int_equal(l->mapped_pages % 1024, 0);           /* ends on 4 MiB */
	assert_true(l->mapped_pages >= end + 128);             /* >= 512 KiB slack */
	assert_true(l->mapped_pages < end + 128 + 1024);       /* and no more than needed */
	assert_true(pv_layout_tables(l->virt_base, l->mapped_pages) + PV_TRAMPOLINE_TABLES <= l->pt.pages);
	assert_true(l->p2m.pages * 512 >= l->nr_pages);
}

static void test_linux(void **state)
{
	(void)state;
	struct elf_image e = linux_like(40u << 20);
	struct pv_layout l;

	assert_int_equal(pv_layout_plan(&e, 30u << 20, 131072, &l), PB_OK);
	check_invariants(&l);
	assert_int_equal(l.kernel.pfn, 0x1000);
	assert_int_equal(l.kernel.pages, (40u << 20) / 4096);
	assert_int_equal(l.initrd.pages, (30u << 20) / 4096);
	assert_int_equal(l.p2m.pages, 131072 * 8 / 4096);
	assert_int_equal(l.entry, e.xen.entry);
	assert_int_equal(l.hypercall_page, e.xen.hypercall_page);
	assert_true(l.mod_start_pfn);
	assert_int_equal(pv_layout_va(&l, l.kernel.pfn), LINUX_BASE + 0x1000000);
}

static void test_init_p2m(void **state)
{
	(void)state;
	struct elf_image e = linux_like(40u << 20);
	struct pv_layout l;

	/* Linux's note: the p2m list at 512 GiB, mapped by its own tables,
	 * its pages after the stack (staged past the region when it is big). */
	e.xen.have |= 1u << XEN_NOTE_INIT_P2M;
	e.xen.init_p2m = 0x8000000000ull;
	assert_int_equal(pv_layout_plan(&e, 30u << 20, 786432, &l), PB_OK);
	assert_int_equal(l.p2m_base, 0x8000000000ull);
	assert_int_equal(l.start_info.pfn, l.initrd.pfn + l.initrd.pages);
	assert_int_equal(l.p2m.pfn, l.stack.pfn + 1);
	assert_int_equal(l.p2m.pages, 786432 * 8 / 4096);
	assert_int_equal(l.mapped_pages % 1024, 0);
	assert_true(l.mapped_pages >= l.stack.pfn + 1 + 128);
	assert_int_equal(l.staged_pages, PB_MAX(l.mapped_pages, l.p2m.pfn + l.p2m.pages));
	assert_true(pv_layout_tables(l.virt_base, l.mapped_pages) + pv_layout_tables(l.p2m_base, l.p2m.pages) - 1 +
		    PV_TRAMPOLINE_TABLES <= l.pt.pages);
	/* Not page aligned, or inside the region: ignored, p2m in the region. */
	e.xen.init_p2m = 0x8000000123ull;
	assert_int_equal(pv_layout_plan(&e, 30u << 20, 131072, &l), PB_OK);
	assert_int_equal(l.p2m_base, 0);
	check_invariants(&l);
	e.xen.init_p2m = LINUX_BASE + (1u << 20);
	assert_int_equal(pv_layout_plan(&e, 30u << 20, 131072, &l), PB_OK);
	assert_int_equal(l.p2m_base, 0);
}

static void test_odd_sizes(void **state)
{
	(void)state;
	/* Sizes that are not page multiples, a guest of 3 GiB, no initrd. */
	for (uint64_t kb = 1; kb < (64u << 20); kb = kb * 3 + 4097) {
		struct elf_image e = linux_like(kb);
		struct pv_layout l;
		e.xen.entry = LINUX_BASE + e.pstart;
		e.xen.have &= ~(1u << XEN_NOTE_HYPERCALL_PAGE);
		assert_int_equal(pv_layout_plan(&e, kb / 2, 786432, &l), PB_OK);
		check_invariants(&l);
		assert_int_equal(l.initrd.pages, (kb / 2 + 4095) / 4096);
	}
}

static void test_loader_at_zero(void **state)
{
	(void)state;
	/* pvboot itself: VIRT_BASE 0, loaded from address 0. */
	struct elf_image e = { .elf_class = 64, .machine = 62, .pstart = 0, .pend = 50u << 20, .entry = 0 };
	struct pv_layout l;

	e.xen.have = 1u << XEN_NOTE_VIRT_BASE | 1u << XEN_NOTE_ENTRY;
	assert_int_equal(pv_layout_plan(&e, 0, 65536, &l), PB_OK);
	check_invariants(&l);
	assert_int_equal(l.kernel.pfn, 0);
	assert_int_equal(l.initrd.pages, 0);
	assert_false(l.mod_start_pfn);
}

static void test_refusals(void **state)
{
	(void)state;
	struct elf_image e = linux_like(40u << 20);
	struct pv_layout l;

	e.elf_class = 32;
	assert_int_equal(pv_layout_plan(&e, 0, 131072, &l), PB_ERR_UNSUPPORTED);
	e = linux_like(40u << 20);
	e.xen.have = 0;
	assert_int_equal(pv_layout_plan(&e, 0, 131072, &l), PB_ERR_FORMAT);
	e = linux_like(40u << 20);
	e.xen.entry = LINUX_BASE; /* below the kernel */
	assert_int_equal(pv_layout_plan(&e, 0, 131072, &l), PB_ERR_CORRUPT);
	e = linux_like(40u << 20);
	e.xen.hypercall_page = e.xen.entry + 12; /* not page aligned */
	assert_int_equal(pv_layout_plan(&e, 0, 131072, &l), PB_ERR_CORRUPT);
	e = linux_like(40u << 20);
	assert_int_equal(pv_layout_plan(&e, 2ull << 30, 1u << 20, &l), PB_ERR_LIMIT); /* initrd > 1 GiB */
	assert_int_equal(pv_layout_plan(&e, 980u << 20, 1u << 20, &l), PB_ERR_LIMIT); /* region > 1 GiB */
	assert_int_equal(pv_layout_plan(&e, 100u << 20, 32768, &l), PB_ERR_NOMEM);  /* 128 MiB guest */
	e = linux_like(40u << 20);
	e.xen.virt_base = 0xffff800000000000ull; /* Xen's own slice */
	e.xen.entry = e.xen.virt_base + e.pstart + 0x2000;
	e.xen.hypercall_page = e.xen.virt_base + e.pstart + 0x3000;
	assert_int_equal(pv_layout_plan(&e, 0, 131072, &l), PB_ERR_CORRUPT);
	e = linux_like(40u << 20);
	snprintf(e.xen.loader, sizeof(e.xen.loader), "elfboot");
	assert_int_equal(pv_layout_plan(&e, 0, 131072, &l), PB_ERR_UNSUPPORTED);
}

static void test_load_kernel(void **state)
{
	(void)state;
	static uint8_t elf[3 * 4096];
	struct kernel_image k = { .elf = elf, .elf_len = sizeof(elf) };
	struct pv_layout l;

	memset(elf, 0xab, sizeof(elf));
	k.info = linux_like(3 * 4096);
	k.info.xen.entry = LINUX_BASE + k.info.pstart;
	k.info.xen.have &= ~(1u << XEN_NOTE_HYPERCALL_PAGE);
	k.info.nr_segments = 1;
	k.info.seg[0] = (struct elf_segment){ .offset = 4096, .paddr = 0x1000000, .filesz = 4096, .memsz = 3 * 4096 };
	assert_int_equal(pv_layout_plan(&k.info, 0, 65536, &l), PB_OK);
	uint8_t *region = malloc(l.mapped_pages * PV_PAGE);
	assert_non_null(region);
	memset(region, 0x55, l.mapped_pages * PV_PAGE);
	assert_int_equal(pv_layout_load_kernel(&l, &k, region, l.mapped_pages * PV_PAGE), PB_OK);
	assert_int_equal(region[0x1000000], 0xab);
	assert_int_equal(region[0x1000000 + 4095], 0xab);
	assert_int_equal(region[0x1000000 + 4096], 0);     /* bss zeroed */
	assert_int_equal(region[0x1000000 + 3 * 4096 - 1], 0);
	assert_int_equal(region[0x1000000 - 1], 0x55);     /* nothing before it touched */
	/* A segment running past the region is refused, not written. */
	k.info.seg[0].memsz = l.mapped_pages * PV_PAGE;
	assert_int_equal(pv_layout_load_kernel(&l, &k, region, l.mapped_pages * PV_PAGE), PB_ERR_CORRUPT);
	free(region);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux),
		cmocka_unit_test(test_init_p2m),
		cmocka_unit_test(test_odd_sizes),
		cmocka_unit_test(test_loader_at_zero),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_load_kernel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
