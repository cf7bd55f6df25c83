/* Pages for rings and shared buffers, from the heap (see frames.h). */
#include "pv/frames.h"
#include "loader/lib/heap.h"

void *xrt_alloc_pages(size_t npages)
{
	void *p = pb_heap_alloc(npages * PV_PAGE_SIZE, PV_PAGE_SIZE);

	if (p)
		memset(p, 0, npages * PV_PAGE_SIZE);
	return p;
}

void xrt_free_pages(void *va, size_t npages)
{
	(void)npages;
	pb_heap_free(va);
}
