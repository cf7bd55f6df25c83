/* The EFI application's entry: gnu-efi's crt0 relocates the image and calls
 * efi_main.  It takes its parameters from LoadOptions (UCS-2: the same
 * pvboot.* words as Xen's extra=), turns the watchdog off (the menu may
 * wait), gives the heap one AllocatePages pool, fills struct platform and
 * runs the core.  If nothing boots, the pool goes back to the firmware
 * and efi_main returns, so the boot manager tries its next option. */
#include "efi/efi_rt.h"
#include "loader/lib/err.h"
#include "loader/lib/heap.h"
#include "menu/menu_load.h"

EFI_SYSTEM_TABLE *efi_st;
EFI_BOOT_SERVICES *efi_bs;
EFI_HANDLE efi_image;
EFI_LOADED_IMAGE *efi_self;

EFI_GUID efi_blockio_guid = BLOCK_IO_PROTOCOL;
EFI_GUID efi_devpath_guid = DEVICE_PATH_PROTOCOL;
EFI_GUID efi_loaded_image_guid = LOADED_IMAGE_PROTOCOL;
/* UEFI 2.x EFI_LOAD_FILE2_PROTOCOL_GUID (gnu-efi 3.0.15 has no macro for it). */
EFI_GUID efi_load_file2_guid = { 0x4006c0c1, 0xfcb3, 0x403e, { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } };

#define HEAP_MIN (32ull << 20)
#define HEAP_MAX (1ull << 30)
#define PAGE 4096ull

void pb_panic(const char *msg)
{
	efi_printf("pvboot: panic: %s\n", msg);
	for (;;)
		efi_bs->Stall(1000000);
}

/* The firmware's free memory (EfiConventionalMemory), in bytes. */
static uint64_t conventional_bytes(void)
{
	UINTN size = 0, key, dsize;
	UINT32 ver;
	EFI_MEMORY_DESCRIPTOR *map = NULL;
	uint64_t total = 0;

	if (efi_bs->GetMemoryMap(&size, NULL, &key, &dsize, &ver) != EFI_BUFFER_TOO_SMALL)
		return 0;
	size += 8 * sizeof(*map) + 8 * dsize;
	if (efi_bs->AllocatePool(EfiLoaderData, size, (void **)&map) != EFI_SUCCESS)
		return 0;
	if (efi_bs->GetMemoryMap(&size, map, &key, &dsize, &ver) == EFI_SUCCESS && dsize)
		for (UINTN off = 0; off + dsize <= size; off += dsize) {
			const EFI_MEMORY_DESCRIPTOR *d = (const void *)((uint8_t *)map + off);
			if (d->Type == EfiConventionalMemory)
				total += d->NumberOfPages * PAGE;
		}
	efi_bs->FreePool(map);
	return total;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	static struct pvboot_opts opts;
	static char args[OPTS_LINE_MAX * 2];
	static const struct handoff_ops *const handoffs[] = { &efi_image_handoff, NULL };
	EFI_PHYSICAL_ADDRESS heap = 0;
	uint64_t free_bytes, want;
	void *li = NULL;
	int rc;

	efi_st = st;
	efi_bs = st->BootServices;
	efi_image = image;
	efi_console_init();
	efi_bs->SetWatchdogTimer(0, 0, 0, NULL);
	if (efi_bs->HandleProtocol(image, &efi_loaded_image_guid, &li) != EFI_SUCCESS) {
		efi_printf("pvboot: no LoadedImage protocol on our own image\n");
		return EFI_LOAD_ERROR;
	}
	efi_self = li;
	/* LoadOptions: UCS-2 from a boot entry or the shell; bytes to ASCII. */
	size_t n = 0;
	if (efi_self->LoadOptions && efi_self->LoadOptionsSize >= 2) {
		const CHAR16 *u = efi_self->LoadOptions;
		for (size_t i = 0; i < efi_self->LoadOptionsSize / 2 && u[i] && n + 1 < sizeof(args); i++)
			args[n++] = u[i] < 0x80 && u[i] >= 0x20 ? (char)u[i] : ' ';
	}
	args[n] = '\0';
	opts_parse(args, n, &opts);
	/* Half of the free memory (at most 1 GiB) for the heap: the rest is
	 * the firmware's, for the kernel's own decompression and tables. */
	free_bytes = conventional_bytes();
	want = PB_MIN(free_bytes / 2, HEAP_MAX) & ~(PAGE - 1);
	for (; want >= HEAP_MIN; want /= 2)
		if (efi_bs->AllocatePages(AllocateAnyPages, EfiLoaderData, want / PAGE, &heap) == EFI_SUCCESS)
			break;
	if (want < HEAP_MIN) {
		efi_printf("pvboot: cannot allocate %llu MiB of memory from the firmware (%llu MiB free)\n",
			   (unsigned long long)(HEAP_MIN >> 20), (unsigned long long)(free_bytes >> 20));
		return EFI_OUT_OF_RESOURCES;
	}
	pb_heap_add_region((void *)(uintptr_t)heap, (size_t)want);
	const struct platform p = {
		.name = "EFI",
		.args = args,
		.opts = &opts,
		.ram_bytes = free_bytes,
		.con = &efi_console,
		.disks = &efi_disks,
		.handoffs = handoffs,
		.loader_paths = NULL,
	};
	rc = core_run(&p);
	efi_bs->FreePages(heap, want / PAGE);
	return rc == PB_OK ? EFI_SUCCESS : EFI_NOT_FOUND;
}
