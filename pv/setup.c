/* Start of day for a PV guest: validate start_info, point FS at a TLS
 * block (Debian's static archives read the stack-protector canary at
 * %fs:0x28), map all RAM and shared_info, give the console and xenstore
 * their rings, hand the heap its memory, then run the boot core. */
#include "pv/console.h"
#include "pv/events.h"
#include "pv/frames.h"
#include "pv/hypercall.h"
#include "pv/platform.h"
#include "pv/pv_start.h"
#include "pv/fault_test.h"
#include "pv/xenstore.h"
#include "loader/lib/err.h"
#include "loader/lib/heap.h"

#include <xen/xen.h>

struct start_info *xrt_start_info;
struct shared_info *xrt_shared_info;

/* No static heap: the heap is the guest's RAM after the bootstrap region
 * (the same image boots PVH, where a big .bss would sit where the next
 * kernel wants to go). */
static uint8_t shared_info_page[4096] __attribute__((aligned(4096)));
static uint64_t tls_block[16] __attribute__((aligned(64)));

void pv_main(struct start_info *si);
extern uint8_t _end[];

#define PAGE_UP(a) (((uintptr_t)(a) + 4095) & ~(uintptr_t)4095)
#define MIN_RAM_BYTES (16ul << 20) /* below this nothing useful can be booted */

static uintptr_t max_end(uintptr_t a, uintptr_t b)
{
	return a > b ? a : b;
}

uintptr_t xrt_bootstrap_end(void)
{
	const struct start_info *si = xrt_start_info;
	uintptr_t end = PAGE_UP(_end);

	end = max_end(end, PAGE_UP(si->mfn_list + si->nr_pages * sizeof(unsigned long)));
	end = max_end(end, PAGE_UP((uintptr_t)si + sizeof(*si)));
	end = max_end(end, (uintptr_t)xrt_mfn_to_virt(si->store_mfn) + 4096);
	end = max_end(end, (uintptr_t)xrt_mfn_to_virt(si->console.domU.mfn) + 4096);
	if (si->mod_len && !(si->flags & SIF_MOD_START_PFN))
		end = max_end(end, PAGE_UP(si->mod_start + si->mod_len));
	/* Xen's boot stack is the page after the page tables. */
	return max_end(end, si->pt_base + (si->nr_pt_frames + 1) * 4096ul);
}

__attribute__((noreturn)) void pb_panic(const char *msg)
{
	xrt_printf("pvboot: panic: %s\n", msg);
	xrt_shutdown(SHUTDOWN_crash);
}

void pv_main(struct start_info *si)
{
	xrt_start_info = si;
	/* %fs:0 points at itself (the TLS ABI); the canary sits at 0x28. */
	tls_block[0] = (uint64_t)(uintptr_t)tls_block;
	tls_block[5] = 0x5a17c0ffee5eed00ull ^ (uint64_t)(uintptr_t)si;
	hyp_set_segment_base(SEGBASE_FS, (unsigned long)tls_block);
	if (memcmp(si->magic, "xen-3.0-x86_64", 14) != 0)
		xrt_shutdown(SHUTDOWN_crash); /* not a 64-bit PV start_info: nothing to talk to */
	si->cmd_line[MAX_GUEST_CMDLINE - 1] = '\0'; /* bounded, whatever Xen wrote */
	static struct pvboot_opts opts;
	opts_parse((const char *)si->cmd_line, MAX_GUEST_CMDLINE, &opts);
	console_mirror_to_xen(opts.debug);
	/* The p2m list and our image must be where the start-of-day layout
	 * says; anything else means we cannot translate addresses safely. */
	if (!si->mfn_list || !si->nr_pages || si->nr_pages > (1ul << 40 >> 12) ||
	    si->nr_pages < MIN_RAM_BYTES >> 12) {
		console_mirror_to_xen(true); /* the ring cannot be found without the p2m */
		xrt_printf("pvboot: start_info is not usable (nr_pages %lu, mfn_list 0x%lx); need at least %lu MiB\n",
			   si->nr_pages, si->mfn_list, MIN_RAM_BYTES >> 20);
		xrt_shutdown(SHUTDOWN_crash);
	}
	/* The rings are pages of ours that Xen named by frame. */
	console_init(xrt_mfn_to_virt(si->console.domU.mfn), si->console.domU.evtchn);
	xs_init(xrt_mfn_to_virt(si->store_mfn), si->store_evtchn);
	/* All RAM first: it also repairs stray mappings in the bootstrap
	 * region, which must not undo the shared_info mapping made next. */
	uintptr_t boot_end = xrt_bootstrap_end(), ram_end;
	int ram_rc = xrt_map_all_ram(&ram_end);
	if (pv_protect_image())
		xrt_printf("pvboot: %s; running unprotected\n", pb_errmsg());
	xrt_map_frame(shared_info_page, si->shared_info >> 12);
	xrt_shared_info = (struct shared_info *)shared_info_page;
	if (ram_rc) {
		/* Xen maps the region up to a 4 MiB boundary, and 512 KiB more. */
		ram_end = (boot_end + (4ul << 20) - 1) & ~((4ul << 20) - 1);
		xrt_printf("pvboot: using only the first %lu MiB: %s\n", ram_end >> 20, pb_errmsg());
	}
	if (ram_end > boot_end)
		pb_heap_add_region((void *)boot_end, ram_end - boot_end);
	if (opts.fault[0])
		fault_test(opts.fault);
	int rc = pv_platform_run((const char *)si->cmd_line, &opts);
	xrt_shutdown(rc == PB_OK ? SHUTDOWN_poweroff : SHUTDOWN_crash);
}
