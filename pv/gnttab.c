/* Grant table v1: frames mapped into a window of our own pages, entries
 * handed out from a simple free scan.  Refs below GNTTAB_NR_RESERVED_ENTRIES
 * belong to the toolstack.
 *
 * The table starts at one frame and doubles when full, up to what Xen
 * allows the domain (GNTTABOP_query_size, max_nr_frames) and at most
 * GNT_MAX_FRAMES.  blkfront grants one pool of 1032 I/O pages per backend
 * domain plus a ring per disk: one disk or 32 on dom0 fit in 3 frames
 * (doubling gives 4), 32 disks on four backend domains in 9.  Growing is
 * GNTTABOP_setup_table with a larger nr_frames: Xen appends frames and
 * returns the whole list again; the frames in use keep their place, so
 * only the new ones are mapped.  PV maps them over a window of heap pages
 * given up for it; PVH asks Xen to put frame i at a guest frame of ours
 * (XENMEM_add_to_physmap, which also grows the table), in a window above
 * RAM that the handoff takes out again. */
#include "pv/gnttab.h"
#include "pv/frames.h"
#include "pv/hypercall.h"
#include "loader/lib/err.h"

#include <xen/memory.h>

#define GNT_MAX_FRAMES 64 /* 32768 entries: the most our window holds */
#define GNT_PER_FRAME (PV_PAGE_SIZE / sizeof(grant_entry_v1_t))
#define GNT_MAX_ENTRIES (GNT_MAX_FRAMES * GNT_PER_FRAME)

/* Where the table's frames appear, consecutively (PV: 256 KiB of heap
 * pages, only as many of them remapped as the table has frames). */
static uint8_t *window;
static grant_entry_v1_t *table;
static bool used[GNT_MAX_ENTRIES];
static uint32_t nr_frames;  /* mapped so far */
static uint32_t max_frames; /* min(Xen's limit, GNT_MAX_FRAMES); 0 until asked */
static uint32_t xen_limit;  /* the domain's max_grant_frames, as Xen says */
static uint32_t in_use;     /* refs handed out */
static grant_ref_t hint = GNTTAB_NR_RESERVED_ENTRIES; /* no free ref below it */

/* Make frames [nr_frames, want) of the table appear at window + i pages. */
static int map_frames(uint32_t want)
{
	static xen_pfn_t frames[GNT_MAX_FRAMES]; /* not on the stack: 512 bytes */

	if (xrt_is_pvh) {
		for (uint32_t i = nr_frames; i < want; i++) {
			uint8_t *va = xrt_physmap_add(XENMAPSPACE_grant_table, i);
			if (!va || (i && va != window + (size_t)i * PV_PAGE_SIZE))
				return pb_error(PB_ERR_IO, "cannot place grant table frame %u in the physmap", i);
			window = i ? window : va;
		}
		return PB_OK;
	}
	if (!window && !(window = xrt_alloc_pages(GNT_MAX_FRAMES)))
		return pb_error(PB_ERR_NOMEM, "no memory for the grant table's window");
	struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = want };
	set_xen_guest_handle(s.frame_list, frames);
	if (hyp_grant_table_op(GNTTABOP_setup_table, &s, 1) || s.status != GNTST_okay)
		return pb_error(PB_ERR_IO, "grant table setup of %u frames failed (status %d)", want, s.status);
	for (uint32_t i = nr_frames; i < want; i++)
		if (xrt_map_frame(window + (size_t)i * PV_PAGE_SIZE, frames[i]))
			return pb_error(PB_ERR_IO, "cannot map grant table frame %u", i);
	return PB_OK;
}

static int grow(void)
{
	uint32_t want;
	int rc;

	if (!max_frames) {
		struct gnttab_query_size q = { .dom = DOMID_SELF };
		if (hyp_grant_table_op(GNTTABOP_query_size, &q, 1) || q.status != GNTST_okay || !q.max_nr_frames)
			return pb_error(PB_ERR_IO, "grant table size query failed (status %d)", q.status);
		xen_limit = q.max_nr_frames;
		max_frames = PB_MIN(xen_limit, (uint32_t)GNT_MAX_FRAMES);
	}
	if (nr_frames >= max_frames)
		return pb_error(PB_ERR_LIMIT, "grant table full: %u grants in use, the limit is %u (%u frames: %s)",
				in_use, (unsigned)(max_frames * GNT_PER_FRAME - GNTTAB_NR_RESERVED_ENTRIES),
				max_frames, max_frames < xen_limit ? "pvboot's bound" : "the domain's max_grant_frames");
	want = PB_MIN(nr_frames ? nr_frames * 2 : 1, max_frames);
	if ((rc = map_frames(want)))
		return rc;
	table = (grant_entry_v1_t *)window;
	nr_frames = want;
	return PB_OK;
}

int gnttab_grant(domid_t domid, uint64_t frame, bool readonly, grant_ref_t *ref)
{
	grant_ref_t r = hint;
	int rc;

	for (;; r++) {
		if (r >= nr_frames * GNT_PER_FRAME && (rc = grow()))
			return rc;
		if (!used[r])
			break;
	}
	used[r] = true;
	in_use++;
	hint = r + 1;
	table[r].frame = (uint32_t)frame;
	table[r].domid = domid;
	__atomic_thread_fence(__ATOMIC_RELEASE); /* frame and domid before the flags */
	table[r].flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
	*ref = r;
	return PB_OK;
}

int gnttab_end(grant_ref_t ref)
{
	uint16_t flags;

	if (ref >= nr_frames * GNT_PER_FRAME || !used[ref])
		return pb_error(PB_ERR_INVAL, "grant %u not in use", ref);
	/* Only revoke when the backend has it unmapped (GTF_reading/writing clear). */
	flags = __atomic_load_n(&table[ref].flags, __ATOMIC_ACQUIRE);
	do {
		if (flags & (GTF_reading | GTF_writing))
			return pb_error(PB_ERR_PROTO, "grant %u still mapped by the backend", ref);
	} while (!__atomic_compare_exchange_n(&table[ref].flags, &flags, 0, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	used[ref] = false;
	in_use--;
	if (ref < hint)
		hint = ref;
	return PB_OK;
}
