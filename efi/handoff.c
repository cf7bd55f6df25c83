/* Starting an EFI image read from the guest's disk: a Linux kernel through
 * its EFI stub, or another EFI application (chainloader: GRUB,
 * systemd-boot, a UKI).  LoadImage takes the bytes as read (the firmware
 * copies and, under Secure Boot, verifies them), LoadOptions carry the
 * command line in UCS-2, and the initrd(s) are served through a LoadFile2
 * protocol on the LINUX_EFI_INITRD_MEDIA_GUID vendor device path, as GRUB
 * and systemd-boot do for kernels >= 5.8 (EFI stub v1.0).  Older stubs
 * cannot take an initrd that way: such an entry is refused with a message
 * (the EFI handover protocol is not implemented).  If StartImage returns,
 * everything is undone and the core shows the menu again. */
#include "efi/efi_rt.h"
#include "loader/lib/err.h"
#include "loader/lib/heap.h"

#define CMDLINE_UNITS 4096

/* Linux's include/linux/efi.h: LINUX_EFI_INITRD_MEDIA_GUID. */
static EFI_GUID initrd_media_guid = { 0x5568e427, 0x68fc, 0x4f3d, { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } };

struct initrd_dp {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH end;
} __attribute__((packed));

struct efi_plan {
	EFI_HANDLE image;
	bool linux_kind;
	CHAR16 cmdline[CMDLINE_UNITS];
	UINT32 cmdline_bytes;
	EFI_LOAD_FILE_PROTOCOL lf2; /* LoadFile2 has LoadFile's interface */
	struct initrd_dp dp;
	EFI_HANDLE lf2_handle;
	struct handoff_plan *plan;
};

static struct efi_plan *serving; /* the plan whose initrd LoadFile2 hands out */
static const struct menu_entry *cur_entry; /* set by refuses(), read by prepare() */

static EFI_STATUS EFIAPI initrd_load(EFI_LOAD_FILE_PROTOCOL *this, EFI_DEVICE_PATH *path, BOOLEAN boot_policy,
				     UINTN *size, VOID *buf)
{
	(void)path;
	if (!serving || this != &serving->lf2 || !size)
		return EFI_INVALID_PARAMETER;
	if (boot_policy)
		return EFI_UNSUPPORTED;
	if (!buf || *size < serving->plan->initrd_len) {
		*size = serving->plan->initrd_len;
		return EFI_BUFFER_TOO_SMALL;
	}
	memcpy(buf, serving->plan->initrd, serving->plan->initrd_len);
	*size = serving->plan->initrd_len;
	return EFI_SUCCESS;
}

static const char *image_refuses(const struct menu_entry *e)
{
	cur_entry = e;
	if (e->kind == MENU_LINUX || e->kind == MENU_CHAINLOADER)
		return NULL;
	return e->kind == MENU_MULTIBOOT ? "EFI: multiboot entries cannot boot from an EFI application"
					 : "EFI: a Xen PV loader cannot boot here";
}

/* PE32+ checks on untrusted bytes: "MZ", e_lfanew, "PE\0\0", the x86_64
 * machine, the optional header's magic; *stub_major is the image's major
 * version (Linux: the EFI stub's version, 1 since 5.8). */
static int check_pe(const uint8_t *k, size_t len, unsigned *stub_major)
{
	uint32_t pe;

	if (len < 0x40 || k[0] != 'M' || k[1] != 'Z')
		return pb_error(PB_ERR_FORMAT, "not an EFI image (no MZ header): a kernel without an EFI stub");
	pe = pb_le32(k + 0x3c);
	if (!pb_range_ok(pe, 24 + 48, len) || memcmp(k + pe, "PE\0\0", 4))
		return pb_error(PB_ERR_FORMAT, "not an EFI image (no PE header)");
	if (pb_le16(k + pe + 4) != 0x8664)
		return pb_error(PB_ERR_UNSUPPORTED, "EFI image for machine 0x%x, not x86_64", pb_le16(k + pe + 4));
	if (pb_le16(k + pe + 24) != 0x20b)
		return pb_error(PB_ERR_UNSUPPORTED, "not a PE32+ image");
	*stub_major = pb_le16(k + pe + 24 + 44); /* MajorImageVersion */
	return PB_OK;
}

/* A device path for the image: pvboot's own device, then a file node with
 * the file's path on the guest disk (as GRUB does for its chainloader).
 * The firmware cannot read that file (it may be on ext4); programs such
 * as systemd-boot insist on having a FilePath to show and to find their
 * own device by.  NULL if it cannot be made (LoadImage then gets none). */
static EFI_DEVICE_PATH *image_path(const char *path)
{
	EFI_DEVICE_PATH *dev = NULL;
	void *dp = NULL;
	size_t dl, pl = strlen(path), fl;
	uint8_t *out;

	if (path[0] == '(' && strchr(path, ')')) /* "(hd0,gpt2)/x.efi": the file part */
		path = strchr(path, ')') + 1, pl = strlen(path);
	if (!efi_self->DeviceHandle ||
	    efi_bs->HandleProtocol(efi_self->DeviceHandle, &efi_devpath_guid, &dp) != EFI_SUCCESS)
		return NULL;
	dev = dp;
	dl = efi_devpath_len(dev, 4096);
	fl = SIZE_OF_FILEPATH_DEVICE_PATH + (pl + 1) * sizeof(CHAR16);
	if (!dl || pl > 1024 || !(out = pb_heap_alloc(dl + fl + sizeof(EFI_DEVICE_PATH), 8)))
		return NULL;
	memcpy(out, dev, dl);
	FILEPATH_DEVICE_PATH *f = (FILEPATH_DEVICE_PATH *)(out + dl);
	f->Header.Type = MEDIA_DEVICE_PATH;
	f->Header.SubType = MEDIA_FILEPATH_DP;
	SetDevicePathNodeLength(&f->Header, fl);
	CHAR16 *name = (CHAR16 *)(out + dl + SIZE_OF_FILEPATH_DEVICE_PATH);
	for (size_t i = 0; i < pl; i++)
		name[i] = path[i] == '/' ? '\\' : ((unsigned char)path[i] < 0x80 ? path[i] : '?');
	name[pl] = 0;
	EFI_DEVICE_PATH *end = (EFI_DEVICE_PATH *)(out + dl + fl);
	SetDevicePathEndNode(end);
	return (EFI_DEVICE_PATH *)out;
}

static int image_prepare(const uint8_t *k, size_t len, uint64_t initrd_len, const char *cmdline,
			 struct handoff_plan *out)
{
	struct efi_plan *ep;
	unsigned major = 0;
	EFI_STATUS s;
	int rc = check_pe(k, len, &major);

	if (rc)
		return rc;
	bool linux_kind = cur_entry && cur_entry->kind == MENU_LINUX;
	if (linux_kind && initrd_len && major < 1)
		return pb_error(PB_ERR_UNSUPPORTED, "the kernel's EFI stub (v%u) predates LoadFile2 initrds (Linux < 5.8); "
				"pvboot does not implement the EFI handover protocol", major);
	if (!(ep = pb_heap_alloc(sizeof(*ep), 16)))
		return pb_error(PB_ERR_NOMEM, "no memory for the EFI plan");
	memset(ep, 0, sizeof(*ep));
	ep->linux_kind = linux_kind;
	if (initrd_len && !(out->initrd = pb_heap_alloc((size_t)initrd_len, 4096))) {
		pb_heap_free(ep);
		return pb_error(PB_ERR_NOMEM, "no memory for %llu KiB of initrd", (unsigned long long)(initrd_len >> 10));
	}
	out->initrd_len = initrd_len;
	EFI_DEVICE_PATH *fp = image_path(cur_entry && cur_entry->kernel[0] ? cur_entry->kernel : "/image.efi");
	s = efi_bs->LoadImage(FALSE, efi_image, fp, (VOID *)k, len, &ep->image);
	pb_heap_free(fp); /* LoadImage keeps its own copy */
	if (s != EFI_SUCCESS) {
		if (ep->image) /* EFI_SECURITY_VIOLATION loads the image but must not start it */
			efi_bs->UnloadImage(ep->image);
		pb_heap_free(out->initrd);
		out->initrd = NULL;
		pb_heap_free(ep);
		if (s == EFI_SECURITY_VIOLATION || s == EFI_ACCESS_DENIED)
			return pb_error(PB_ERR_UNSUPPORTED, "Secure Boot: the firmware refused the image (%s): "
					"it is not signed by a key the firmware trusts", efi_status_str(s));
		return pb_error(PB_ERR_CORRUPT, "the firmware cannot load the image: %s", efi_status_str(s));
	}
	efi_to_ucs2(cmdline, ep->cmdline, CMDLINE_UNITS);
	size_t units = 0;
	while (ep->cmdline[units])
		units++;
	ep->cmdline_bytes = (UINT32)((units + 1) * sizeof(CHAR16));
	ep->plan = out;
	out->priv = ep;
	out->mem_bytes = len + initrd_len;
	pb_snprintf(out->summary, sizeof(out->summary), "%s, %zu KiB%s",
		    linux_kind ? "EFI stub" : "EFI application", len >> 10,
		    initrd_len ? ", initrd through LoadFile2" : "");
	return PB_OK;
}

static void image_abort(struct handoff_plan *p)
{
	struct efi_plan *ep = p->priv;

	if (ep) {
		efi_bs->UnloadImage(ep->image);
		pb_heap_free(ep);
	}
	pb_heap_free(p->initrd);
	p->initrd = NULL;
	p->priv = NULL;
}

static void image_start(struct handoff_plan *p)
{
	struct efi_plan *ep = p->priv;
	void *li = NULL;
	UINTN exit_size = 0;
	CHAR16 *exit_data = NULL;
	EFI_STATUS s;

	if (efi_bs->HandleProtocol(ep->image, &efi_loaded_image_guid, &li) != EFI_SUCCESS) {
		pb_error(PB_ERR_IO, "the loaded image has no LoadedImage protocol");
		image_abort(p);
		return;
	}
	((EFI_LOADED_IMAGE *)li)->LoadOptions = ep->cmdline;
	((EFI_LOADED_IMAGE *)li)->LoadOptionsSize = ep->cmdline_bytes;
	if (!((EFI_LOADED_IMAGE *)li)->DeviceHandle) /* a chain-loaded loader looks for its files there */
		((EFI_LOADED_IMAGE *)li)->DeviceHandle = efi_self->DeviceHandle;
	if (p->initrd_len) {
		ep->dp.vendor.Header.Type = MEDIA_DEVICE_PATH;
		ep->dp.vendor.Header.SubType = MEDIA_VENDOR_DP;
		SetDevicePathNodeLength(&ep->dp.vendor.Header, sizeof(ep->dp.vendor));
		ep->dp.vendor.Guid = initrd_media_guid;
		SetDevicePathEndNode(&ep->dp.end);
		ep->lf2.LoadFile = initrd_load;
		serving = ep;
		s = efi_bs->InstallMultipleProtocolInterfaces(&ep->lf2_handle, &efi_devpath_guid, &ep->dp,
							       &efi_load_file2_guid, &ep->lf2, NULL);
		if (s != EFI_SUCCESS) {
			serving = NULL;
			pb_error(PB_ERR_IO, "cannot offer the initrd (LoadFile2): %s", efi_status_str(s));
			image_abort(p);
			return;
		}
	}
	s = efi_bs->StartImage(ep->image, &exit_size, &exit_data);
	/* It came back: undo everything, the core shows the menu. */
	if (ep->lf2_handle)
		efi_bs->UninstallMultipleProtocolInterfaces(ep->lf2_handle, &efi_devpath_guid, &ep->dp,
							     &efi_load_file2_guid, &ep->lf2, NULL);
	serving = NULL;
	if (exit_data)
		efi_bs->FreePool(exit_data);
	efi_bs->UnloadImage(ep->image); /* usually unloaded already by its Exit() */
	pb_error(PB_ERR_IO, "the %s returned: %s", ep->linux_kind ? "kernel's EFI stub" : "EFI application",
		 efi_status_str(s));
	pb_heap_free(ep);
	pb_heap_free(p->initrd);
	p->initrd = NULL;
	p->priv = NULL;
}

const struct handoff_ops efi_image_handoff = {
	.name = "EFI LoadImage/StartImage",
	.cmdline_max = CMDLINE_UNITS - 1,
	.initrd_max = 1ull << 32,
	.refuses = image_refuses,
	.prepare = image_prepare,
	.abort = image_abort,
	.start = image_start,
	.start_returns = true,
};
