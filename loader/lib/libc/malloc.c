/* Freestanding build only: malloc and friends over loader/heap.c, for the
 * loader and for the decompression libraries. */
#include "loader/lib/heap.h"

void *malloc(size_t n)
{
	return pb_heap_alloc(n ? n : 1, 16);
}

void *calloc(size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		return NULL;
	void *p = malloc(nmemb * size);
	if (p)
		memset(p, 0, nmemb * size);
	return p;
}

void free(void *p)
{
	pb_heap_free(p);
}

void *realloc(void *p, size_t n)
{
	if (!p)
		return malloc(n);
	size_t old = pb_heap_block_size(p);
	if (n <= old)
		return p;
	void *q = malloc(n);
	if (q) {
		memcpy(q, p, old);
		free(p);
	}
	return q;
}

/* liblzma and libzstd may ask for aligned memory. */
int posix_memalign(void **out, size_t align, size_t n);
int posix_memalign(void **out, size_t align, size_t n)
{
	*out = pb_heap_alloc(n ? n : 1, align);
	return *out ? 0 : 12 /* ENOMEM */;
}
