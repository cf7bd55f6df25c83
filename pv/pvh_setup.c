/* Start of day for a PVH guest (pv/head.S has the identity map, SSE and
 * long mode up): the hypercall page through Xen's CPUID leaves and MSR,
 * FS at a TLS block (the stack-protector canary the decompression
 * archives read at %fs:0x28), the start info validated and copied, the
 * heap from the memory map, shared_info placed in the physmap, console
 * and xenstore from HVM params, then the boot core. */
#include "pv/console.h"
#include "pv/events.h"
#include "pv/frames.h"
#include "pv/hypercall.h"
#include "pv/platform.h"
#include "pv/pvh.h"
#include "pv/pvh_traps.h"
#include "pv/fault_test.h"
#include "pv/xenstore.h"
#include "loader/lib/err.h"
#include "loader/lib/heap.h"

#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/memory.h>

#define MSR_FS_BASE 0xc0000100u
#define LOW_MEMORY (1ull << 20) /* never given to the heap: real-mode area, Xen's tables */
#define PAGE_UP(a) (((uint64_t)(a) + 4095) & ~4095ull)
#define CMDLINE_MAX 2048

struct pvh_boot pvh_boot;
extern uint8_t _image_start[], _end[];
static uint64_t tls_block[16] __attribute__((aligned(64)));
static char cmdline[CMDLINE_MAX];

void pvh_main(uint32_t start_info_paddr);

static void wrmsr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	asm volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

/* Xen's CPUID leaves sit at 0x40000000 + 0x100 n (after other
 * hypervisors' when Xen emulates them); leaf base + 2 names the MSR that
 * fills a hypercall page at the physical address written to it. */
static bool hypercall_page_init(void)
{
	for (uint32_t base = 0x40000000u; base < 0x40010000u; base += 0x100) {
		uint32_t r[4];
		cpuid(base, r);
		if (r[1] == 0x566e6558u && r[2] == 0x65584d4du && r[3] == 0x4d4d566eu && r[0] >= base + 2) {
			cpuid(base + 2, r);
			wrmsr(r[1], (uint64_t)(uintptr_t)hypercall_page);
			return true;
		}
	}
	return false;
}

static __attribute__((noreturn)) void halt(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

/* Early, before the console ring: the hypervisor console (visible in
 * `xl dmesg` when Xen lets guests write there) and a crash. */
static __attribute__((noreturn)) void early_fail(const char *msg)
{
	console_mirror_to_xen(true);
	xrt_printf("pvboot: %s\n", msg);
	xrt_shutdown(SHUTDOWN_crash);
}

static bool low_mapped(uint64_t addr, uint64_t len)
{
	return len <= (4ull << 30) && addr <= (4ull << 30) - len;
}

static uint64_t hvm_param(uint32_t index)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };

	return hyp_hvm_op(HVMOP_get_param, &p) ? 0 : p.value;
}

/* The memory map: version 1 of the start info carries it, else Xen's
 * XENMEM_memory_map has it.  Bounded, sorted by address as given. */
static void read_memmap(const struct hvm_start_info *si)
{
	struct pvh_boot *b = &pvh_boot;

	if (si->version >= 1 && si->memmap_entries) {
		if (si->memmap_entries > PVH_MEMMAP_MAX)
			early_fail("start info memory map has too many entries");
		if (!low_mapped(si->memmap_paddr, (uint64_t)si->memmap_entries * sizeof(b->memmap[0])))
			early_fail("start info memory map is not below 4 GiB");
		memcpy(b->memmap, (const void *)(uintptr_t)si->memmap_paddr,
		       si->memmap_entries * sizeof(b->memmap[0]));
		b->nr_memmap = si->memmap_entries;
	} else {
		struct xen_memory_map m = { .nr_entries = PVH_MEMMAP_MAX };
		set_xen_guest_handle(m.buffer, (void *)b->memmap);
		if (hyp_memory_op(XENMEM_memory_map, &m) || !m.nr_entries || m.nr_entries > PVH_MEMMAP_MAX)
			early_fail("no memory map: neither the start info nor XENMEM_memory_map has one");
		b->nr_memmap = m.nr_entries;
	}
	for (uint32_t i = 0; i < b->nr_memmap; i++) {
		const struct hvm_memmap_table_entry *e = &b->memmap[i];
		if (e->addr + e->size < e->addr)
			early_fail("memory map entry wraps around");
		if (e->addr + e->size > b->top)
			b->top = e->addr + e->size;
		if (e->type == PVH_E820_RAM)
			b->ram_bytes += e->size;
	}
}

/* Give [start, end) to the heap, minus our image and the low megabyte. */
static void add_ram(uint64_t start, uint64_t end)
{
	uint64_t img0 = (uintptr_t)_image_start, img1 = PAGE_UP(_end);

	start = PAGE_UP(start < LOW_MEMORY ? LOW_MEMORY : start);
	end &= ~4095ull;
	if (start >= end)
		return;
	if (start < img1 && end > img0) {
		add_ram(start, img0);
		add_ram(img1, end);
		return;
	}
	pb_heap_add_region((void *)(uintptr_t)start, end - start);
}

/* RAM below 4 GiB first (mapped already, and page tables for the rest
 * come from it), then the rest once mapped. */
static void heap_from_memmap(void)
{
	const struct pvh_boot *b = &pvh_boot;

	for (int high = 0; high < 2; high++)
		for (uint32_t i = 0; i < b->nr_memmap; i++) {
			const struct hvm_memmap_table_entry *e = &b->memmap[i];
			uint64_t s = e->addr, t = e->addr + e->size, cut = 4ull << 30;
			if (e->type != PVH_E820_RAM)
				continue;
			if (!high && s < cut)
				add_ram(s, t < cut ? t : cut);
			if (high && t > cut) {
				s = s < cut ? cut : s;
				t = t > PVH_MAX_ADDR ? PVH_MAX_ADDR : t;
				if (s < t && pvh_map_identity(s, t) == PB_OK)
					add_ram(s, t);
			}
		}
}

void pvh_main(uint32_t start_info_paddr)
{
	const struct hvm_start_info *si = (const struct hvm_start_info *)(uintptr_t)start_info_paddr;
	static struct pvboot_opts opts;

	pvh_traps_init(); /* from here a fault is reported, not a silent reset */
	xrt_is_pvh = true;
	/* %fs:0 points at itself (the TLS ABI); the canary sits at 0x28. */
	tls_block[0] = (uint64_t)(uintptr_t)tls_block;
	tls_block[5] = 0x5a17c0ffee5eed00ull ^ start_info_paddr;
	wrmsr(MSR_FS_BASE, (uint64_t)(uintptr_t)tls_block);
	if (!hypercall_page_init())
		halt(); /* not on Xen: nobody to tell */
	if (!low_mapped(start_info_paddr, sizeof(*si)) || si->magic != XEN_HVM_START_MAGIC_VALUE)
		early_fail("no PVH start info at %ebx (bad magic)");
	if (si->cmdline_paddr) {
		const char *c = (const char *)(uintptr_t)si->cmdline_paddr;
		if (!low_mapped(si->cmdline_paddr, CMDLINE_MAX))
			early_fail("start info command line is not below 4 GiB");
		for (size_t i = 0; i < CMDLINE_MAX - 1 && c[i]; i++)
			cmdline[i] = c[i];
	}
	pvh_boot.rsdp_paddr = si->rsdp_paddr;
	read_memmap(si);
	/* From here on the start info's pages are free: all we need is copied. */
	heap_from_memmap();
	int prot = pvh_protect_image();
	xrt_physmap_init(pvh_boot.top);
	xrt_shared_info = xrt_physmap_add(XENMAPSPACE_shared_info, 0);
	if (!xrt_shared_info)
		early_fail("cannot place shared_info in the physmap");
	opts_parse(cmdline, sizeof(cmdline), &opts);
	console_mirror_to_xen(opts.debug);
	uint64_t con_pfn = hvm_param(HVM_PARAM_CONSOLE_PFN), store_pfn = hvm_param(HVM_PARAM_STORE_PFN);
	if (!xrt_identity_mapped(con_pfn << 12, 4096) || !xrt_identity_mapped(store_pfn << 12, 4096))
		early_fail("console or xenstore ring is outside guest memory");
	console_init((void *)(uintptr_t)(con_pfn << 12), (evtchn_port_t)hvm_param(HVM_PARAM_CONSOLE_EVTCHN));
	xs_init((void *)(uintptr_t)(store_pfn << 12), (evtchn_port_t)hvm_param(HVM_PARAM_STORE_EVTCHN));
	if (prot)
		xrt_printf("pvboot: %s; running unprotected\n", pb_errmsg());
	if (opts.fault[0])
		fault_test(opts.fault);
	int rc = pvh_platform_run(cmdline, &opts, pvh_boot.ram_bytes);
	xrt_shutdown(rc == PB_OK ? SHUTDOWN_poweroff : SHUTDOWN_crash);
}
