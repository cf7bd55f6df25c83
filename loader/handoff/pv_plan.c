/* See pv_plan.h. */
#include "loader/handoff/pv_plan.h"
#include "loader/lib/err.h"

int pv_plan_kernel(const uint8_t *file, size_t len, size_t max_elf, uint64_t initrd_len, uint64_t nr_pages,
		   struct kernel_image *k, struct pv_layout *l, char *summary, size_t size)
{
	int rc = kernel_open(file, len, max_elf, k);

	if (rc)
		return rc;
	if ((rc = pv_layout_plan(&k->info, initrd_len, nr_pages, l))) {
		kernel_close(k);
		return rc;
	}
	pb_snprintf(summary, size, "%s, %s, %llu KiB unpacked; region %llu MiB at 0x%llx, entry 0x%llx",
		    kernel_format_name(k->format), decomp_name(k->comp), (unsigned long long)(k->elf_len >> 10),
		    (unsigned long long)((l->mapped_pages * PV_PAGE) >> 20), (unsigned long long)l->virt_base,
		    (unsigned long long)l->entry);
	return PB_OK;
}

const char *pv_plan_refuses(const struct menu_entry *e)
{
	if (e->kind == MENU_LINUX || e->kind == MENU_PV_LOADER)
		return NULL;
	return e->kind == MENU_MULTIBOOT ? "a multiboot entry: a Xen PV guest boots Linux or a PV loader"
					 : "a chainloader entry: a Xen PV guest boots Linux or a PV loader";
}
