/* Freestanding link check (see the Makefile's freestanding target): a
 * program that reaches every subsystem the loader uses, linked with
 * -nostdlib against Debian's static decompression archives and pvboot's
 * libc subset.  It is never run; the link must simply succeed.
 * -DONLY_<FMT> keeps a single decompressor, for size measurements. */
#include "fs/part.h"
#include "loader/lib/heap.h"
#include "loader/kernel/kernel.h"
#include "loader/handoff/pv_layout.h"
#include "menu/env_update.h"
#include "menu/menu_fsio.h"
#include "menu/menu_load.h"
#include "menu/menu_print.h"
#include "menu/menu_ui.h"
#include "loader/boot/platform.h"
#include "loader/boot/opts.h"

void _start(void);

__attribute__((noreturn)) void pb_panic(const char *msg)
{
	(void)msg;
	for (;;)
		;
}

static void line(void *ctx, const char *l)
{
	(void)ctx;
	(void)l;
}

static uint8_t heap[1 << 20];
volatile size_t sink;

void _start(void)
{
	struct kernel_image k;
	struct volset *vs = malloc(sizeof(*vs));
	struct menu m;
	size_t got;
	static uint8_t out[64];

	pb_heap_add_region(heap, sizeof(heap));
#if defined(ONLY_GZIP) || defined(ONLY_BZIP2) || defined(ONLY_LZMA) || defined(ONLY_XZ) || \
	defined(ONLY_LZO) || defined(ONLY_LZ4) || defined(ONLY_ZSTD) || defined(ONLY_NONE)
#ifdef ONLY_GZIP
	sink = (size_t)decomp_gzip(heap, 10, out, sizeof(out), &got);
#elif defined(ONLY_BZIP2)
	sink = (size_t)decomp_bzip2(heap, 10, out, sizeof(out), &got);
#elif defined(ONLY_LZMA)
	sink = (size_t)decomp_lzma(heap, 10, out, sizeof(out), &got);
#elif defined(ONLY_XZ)
	sink = (size_t)decomp_xz(heap, 10, out, sizeof(out), &got);
#elif defined(ONLY_LZO)
	sink = (size_t)decomp_lzo(heap, 10, out, sizeof(out), &got);
#elif defined(ONLY_LZ4)
	sink = (size_t)decomp_lz4(heap, 10, out, sizeof(out), &got);
#elif defined(ONLY_ZSTD)
	sink = (size_t)decomp_zstd(heap, 10, out, sizeof(out), &got);
#endif
	sink += (size_t)elf_parse(heap, 10, &k.info);
#else
	sink = (size_t)kernel_open(heap, sizeof(heap), 1 << 20, &k);
	sink += (size_t)volset_scan(NULL, 0, vs);
	if (menu_init(&m) == 0) {
		static struct pvboot_opts bp;
		static struct menu_ui_choice choice;
		static const struct menu_ui_ops ui;
		struct menu_io io;
		struct pv_layout l;
		bool written;
		sink += (size_t)menu_load(vs, &m);
		menu_print(&m, line, NULL);
		sink += (size_t)opts_parse("pvboot.entry=1", 14, &bp);
		sink += (size_t)opts_pick(&bp, &m, NULL, 0);
		sink += (size_t)opts_cmdline(&bp, "", (char *)out, sizeof(out));
		sink += (size_t)menu_ui_run(&m, &ui, 0, &choice);
		menu_fsio_init(&io, vs);
		sink += (size_t)menu_env_update(&m, &m.entries[0], &io, &written);
		sink += (size_t)pv_layout_plan(&k.info, 0, 65536, &l);
		sink += (size_t)pv_layout_load_kernel(&l, &k, heap, sizeof(heap));
		static const struct platform plat;
		sink += (size_t)core_run(&plat);
	}
	sink += (size_t)decomp_run(COMP_GZIP, heap, 10, out, sizeof(out), &got);
#endif
	for (;;)
		;
}
