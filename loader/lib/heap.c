/* First-fit allocator with coalescing (see heap.h).  Used by the
 * freestanding build only (the host uses libc malloc), but kept portable so
 * its unit test runs on the host against private regions. */
#include "loader/lib/heap.h"

#define HEAP_MAGIC_USED 0x55534544u /* "USED" */
#define HEAP_MAGIC_FREE 0x46524545u /* "FREE" */
#define HEAP_ALIGN 16

struct block {
	uint32_t magic;
	uint32_t pad;       /* bytes between the header and the aligned start */
	size_t size;        /* bytes of the block including this header */
	struct block *next; /* next free block (address order), free only */
};

#define HDR ((sizeof(struct block) + HEAP_ALIGN - 1) & ~(size_t)(HEAP_ALIGN - 1))

static struct block *free_list;

static uintptr_t align_up(uintptr_t v, size_t a)
{
	return (v + a - 1) & ~(uintptr_t)(a - 1);
}

/* Insert b into the address-ordered free list, merging with neighbours. */
static void insert_free(struct block *b)
{
	struct block **pp = &free_list, *prev = NULL;

	b->magic = HEAP_MAGIC_FREE;
	while (*pp && *pp < b) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	b->next = *pp;
	*pp = b;
	if (b->next && (uint8_t *)b + b->size == (uint8_t *)b->next) {
		b->size += b->next->size;
		b->next = b->next->next;
	}
	if (prev && (uint8_t *)prev + prev->size == (uint8_t *)b) {
		prev->size += b->size;
		prev->next = b->next;
	}
}

void pb_heap_add_region(void *base, size_t len)
{
	uintptr_t start = align_up((uintptr_t)base, HEAP_ALIGN);

	if (len < start - (uintptr_t)base + 2 * HDR)
		return;
	len -= start - (uintptr_t)base;
	len &= ~(size_t)(HEAP_ALIGN - 1);
	struct block *b = (struct block *)start;
	b->size = len;
	insert_free(b);
}

void *pb_heap_alloc(size_t size, size_t align)
{
	return pb_heap_alloc_range(size, align, 0, UINTPTR_MAX);
}

void *pb_heap_alloc_range(size_t size, size_t align, uintptr_t lo, uintptr_t hi)
{
	if (align < HEAP_ALIGN)
		align = HEAP_ALIGN;
	if (size > SIZE_MAX / 2 || align > (1u << 20) || (align & (align - 1)))
		return NULL;
	size = (size + HEAP_ALIGN - 1) & ~(size_t)(HEAP_ALIGN - 1);
	for (struct block **pp = &free_list; *pp; pp = &(*pp)->next) {
		struct block *b = *pp;
		if (b->magic != HEAP_MAGIC_FREE)
			pb_panic("heap: free list corrupted");
		/* The user pointer must be aligned and at or above lo; the
		 * header sits just before it. */
		uintptr_t first = (uintptr_t)b + HDR;
		if (first < lo)
			first = lo > UINTPTR_MAX - align ? UINTPTR_MAX - align : lo;
		uintptr_t user = align_up(first, align);
		size_t lead = user - HDR - (uintptr_t)b; /* bytes skipped at the front */
		if (lead && lead < HDR) {
			/* The front fragment must be able to hold a header. */
			user += align;
			lead += align;
		}
		if (lead > b->size || b->size - lead < HDR + size || user > hi || hi - user < size)
			continue;
		*pp = b->next;
		size_t total = b->size;
		if (lead) { /* give the front back as its own free block */
			b->size = lead;
			insert_free(b);
			b = (struct block *)((uint8_t *)b + lead);
			total -= lead;
		}
		size_t need = HDR + size;
		if (total - need >= 2 * HDR) { /* split the tail off */
			struct block *t = (struct block *)((uint8_t *)b + need);
			t->size = total - need;
			insert_free(t);
			total = need;
		}
		b->magic = HEAP_MAGIC_USED;
		b->pad = 0;
		b->size = total;
		return (uint8_t *)b + HDR;
	}
	return NULL;
}

static struct block *header_of(const void *p)
{
	struct block *b = (struct block *)((uintptr_t)p - HDR);

	if (b->magic != HEAP_MAGIC_USED)
		pb_panic("heap: free of a pointer that is not an allocated block");
	return b;
}

void pb_heap_free(void *p)
{
	if (p)
		insert_free(header_of(p));
}

size_t pb_heap_block_size(const void *p)
{
	return header_of(p)->size - HDR;
}

size_t pb_heap_free_bytes(void)
{
	size_t n = 0;

	for (struct block *b = free_list; b; b = b->next)
		n += b->size;
	return n;
}
