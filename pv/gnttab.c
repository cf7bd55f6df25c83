/* Grant table v1: a few frames mapped into pages of our own, entries
 * handed out from a simple free scan.  Refs below GNTTAB_NR_RESERVED_ENTRIES
 * belong to the toolstack. */
#include "pv/gnttab.h"
#include "pv/frames.h"
#include "pv/hypercall.h"
#include "loader/lib/err.h"

#define GNT_FRAMES 8 /* 4096 entries: 1024 data pages per disk, up to 3 disks */
#define GNT_ENTRIES (GNT_FRAMES * PV_PAGE_SIZE / sizeof(grant_entry_v1_t))

static uint8_t table_pages[GNT_FRAMES][4096] __attribute__((aligned(4096)));
static grant_entry_v1_t *table;
static bool used[GNT_ENTRIES];

static int setup(void)
{
	xen_pfn_t frames[GNT_FRAMES];
	struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = GNT_FRAMES };

	if (table)
		return PB_OK;
	set_xen_guest_handle(s.frame_list, frames);
	if (hyp_grant_table_op(GNTTABOP_setup_table, &s, 1) || s.status != GNTST_okay)
		return pb_error(PB_ERR_IO, "grant table setup failed (status %d)", s.status);
	for (int i = 0; i < GNT_FRAMES; i++)
		if (xrt_map_frame(table_pages[i], frames[i]))
			return pb_error(PB_ERR_IO, "cannot map grant table frame %d", i);
	table = (grant_entry_v1_t *)table_pages;
	return PB_OK;
}

int gnttab_grant(domid_t domid, uint64_t frame, bool readonly, grant_ref_t *ref)
{
	int rc = setup();

	if (rc)
		return rc;
	for (grant_ref_t r = GNTTAB_NR_RESERVED_ENTRIES; r < GNT_ENTRIES; r++) {
		if (used[r])
			continue;
		used[r] = true;
		table[r].frame = (uint32_t)frame;
		table[r].domid = domid;
		__atomic_thread_fence(__ATOMIC_RELEASE); /* frame and domid before the flags */
		table[r].flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
		*ref = r;
		return PB_OK;
	}
	return pb_error(PB_ERR_LIMIT, "grant table full");
}

int gnttab_end(grant_ref_t ref)
{
	uint16_t flags;

	if (ref >= GNT_ENTRIES || !used[ref])
		return pb_error(PB_ERR_INVAL, "grant %u not in use", ref);
	/* Only revoke when the backend has it unmapped (GTF_reading/writing clear). */
	flags = __atomic_load_n(&table[ref].flags, __ATOMIC_ACQUIRE);
	do {
		if (flags & (GTF_reading | GTF_writing))
			return pb_error(PB_ERR_PROTO, "grant %u still mapped by the backend", ref);
	} while (!__atomic_compare_exchange_n(&table[ref].flags, &flags, 0, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	used[ref] = false;
	return PB_OK;
}
