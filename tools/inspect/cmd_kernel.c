/* pvboot-inspect kernel FILE [--json] [--extract OUT]: what the loader sees
 * in a kernel file — format, compression, ELF layout and Xen notes — and
 * optionally the unpacked ELF itself. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/lib/err.h"
#include "loader/kernel/kernel.h"
#include "tools/common/host_file.h"
#include "tools/inspect/image.h"
#include "tools/inspect/inspect.h"
#include "tools/inspect/sandbox.h"

#define KERNEL_FILE_MAX (512u << 20)
#define KERNEL_ELF_MAX (1024u << 20)

static const char *string_note(const struct xen_notes *x, int t)
{
	switch (t) {
	case XEN_NOTE_GUEST_OS: return x->guest_os;
	case XEN_NOTE_GUEST_VERSION: return x->guest_version;
	case XEN_NOTE_XEN_VERSION: return x->xen_version;
	case XEN_NOTE_LOADER: return x->loader;
	case XEN_NOTE_FEATURES: return x->features;
	case XEN_NOTE_PAE_MODE: return x->pae_mode;
	case XEN_NOTE_BSD_SYMTAB: return x->bsd_symtab;
	}
	return NULL;
}

static unsigned long long number_note(const struct xen_notes *x, int t)
{
	switch (t) {
	case XEN_NOTE_ENTRY: return x->entry;
	case XEN_NOTE_HYPERCALL_PAGE: return x->hypercall_page;
	case XEN_NOTE_VIRT_BASE: return x->virt_base;
	case XEN_NOTE_PADDR_OFFSET: return x->paddr_offset;
	case XEN_NOTE_HV_START_LOW: return x->hv_start_low;
	case XEN_NOTE_L1_MFN_VALID: return x->l1_mfn_valid;
	case XEN_NOTE_SUSPEND_CANCEL: return x->suspend_cancel;
	case XEN_NOTE_INIT_P2M: return x->init_p2m;
	case XEN_NOTE_MOD_START_PFN: return x->mod_start_pfn;
	case XEN_NOTE_SUPPORTED_FEATURES: return x->supported_features;
	case XEN_NOTE_PHYS32_ENTRY: return x->phys32_entry;
	}
	return 0;
}

static void print_text(const char *path, const struct kernel_image *k)
{
	printf("file: %s\nformat: %s\n", path, kernel_format_name(k->format));
	if (k->format == KERNEL_BZIMAGE)
		printf("boot protocol: %u.%02u\nsetup sectors: %u\npayload: offset %llu, length %u\ninit_size: %u\n",
		       k->bz.version >> 8, k->bz.version & 0xff, k->bz.setup_sects,
		       (unsigned long long)k->bz.payload_offset, k->bz.payload_length, k->bz.init_size);
	printf("compression: %s\n", decomp_name(k->comp));
	printf("elf: ELF%d, machine %u, %zu bytes, entry 0x%llx\n", k->info.elf_class,
	       k->info.machine, k->elf_len, (unsigned long long)k->info.entry);
	for (uint32_t i = 0; i < k->info.nr_segments; i++) {
		const struct elf_segment *s = &k->info.seg[i];
		printf("segment %u: vaddr 0x%llx paddr 0x%llx filesz %llu memsz %llu flags %c%c%c\n", i,
		       (unsigned long long)s->vaddr, (unsigned long long)s->paddr,
		       (unsigned long long)s->filesz, (unsigned long long)s->memsz,
		       s->flags & 4 ? 'r' : '-', s->flags & 2 ? 'w' : '-', s->flags & 1 ? 'x' : '-');
	}
	if (!k->info.xen.have)
		printf("xen notes: none (not a Xen PV/PVH kernel)\n");
	else if (k->info.xen.legacy)
		printf("xen notes: legacy __xen_guest section\n");
	for (int t = 0; t <= XEN_NOTE_LAST; t++) {
		if (!xen_notes_has(&k->info.xen, t))
			continue;
		const char *s = string_note(&k->info.xen, t);
		if (s)
			printf("xen %s: %s\n", xen_note_name(t), s);
		else if (t == XEN_NOTE_PHYS32_RELOC) /* three numbers, not one */
			printf("xen %s: align 0x%x, min 0x%x, max 0x%x\n", xen_note_name(t),
			       k->info.xen.reloc_align, k->info.xen.reloc_min, k->info.xen.reloc_max);
		else
			printf("xen %s: 0x%llx\n", xen_note_name(t), number_note(&k->info.xen, t));
	}
}

static void print_json(const char *path, const struct kernel_image *k)
{
	printf("{\"file\":");
	inspect_json_string(path);
	printf(",\"format\":\"%s\",\"compression\":\"%s\"", kernel_format_name(k->format),
	       decomp_name(k->comp));
	if (k->format == KERNEL_BZIMAGE)
		printf(",\"boot_protocol\":\"%u.%02u\",\"payload_offset\":%llu,\"payload_length\":%u",
		       k->bz.version >> 8, k->bz.version & 0xff,
		       (unsigned long long)k->bz.payload_offset, k->bz.payload_length);
	printf(",\"elf_class\":%d,\"elf_size\":%zu,\"entry\":%llu,\"segments\":%u,\"xen_notes\":{",
	       k->info.elf_class, k->elf_len, (unsigned long long)k->info.entry, k->info.nr_segments);
	int first = 1;
	for (int t = 0; t <= XEN_NOTE_LAST; t++) {
		if (!xen_notes_has(&k->info.xen, t))
			continue;
		printf("%s\"%s\":", first ? "" : ",", xen_note_name(t));
		first = 0;
		const char *s = string_note(&k->info.xen, t);
		if (s)
			inspect_json_string(s);
		else if (t == XEN_NOTE_PHYS32_RELOC)
			printf("{\"align\":%u,\"min\":%u,\"max\":%u}", k->info.xen.reloc_align,
			       k->info.xen.reloc_min, k->info.xen.reloc_max);
		else
			printf("%llu", number_note(&k->info.xen, t));
	}
	printf("},\"legacy_notes\":%s}\n", k->info.xen.legacy ? "true" : "false");
}

static int run(const char *image, int argc, char **argv)
{
	const char *path = NULL, *extract = NULL;
	int json = 0;

	(void)image;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--extract") == 0 && i + 1 < argc)
			extract = argv[++i];
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else {
			fprintf(stderr, "pvboot-inspect kernel: unexpected argument '%s'\n", argv[i]);
			return INSPECT_EXIT_USAGE;
		}
	}
	if (!path) {
		fprintf(stderr, "usage: pvboot-inspect kernel FILE [--json] [--extract OUT]\n");
		return INSPECT_EXIT_USAGE;
	}
	unsigned char *buf;
	size_t len;
	struct kernel_image k;
	FILE *out = NULL;
	int rc = host_read_file(path, KERNEL_FILE_MAX, &buf, &len);
	if (rc) {
		fprintf(stderr, "pvboot-inspect: %s: %s: %s\n", path, pb_strerror(rc), pb_errmsg());
		return INSPECT_EXIT_BAD_INPUT;
	}
	/* The output is opened before the sandbox, which allows no open(). */
	if (extract && !(out = fopen(extract, "wb"))) {
		fprintf(stderr, "pvboot-inspect: %s: %s\n", extract, strerror(errno));
		free(buf);
		return INSPECT_EXIT_BAD_INPUT;
	}
	if (inspect_sandbox()) {
		free(buf);
		return INSPECT_EXIT_BAD_INPUT;
	}
	rc = kernel_open(buf, len, KERNEL_ELF_MAX, &k);
	if (rc) {
		if (out)
			fclose(out);
		free(buf);
		fprintf(stderr, "pvboot-inspect: %s: %s: %s\n", path, pb_strerror(rc), pb_errmsg());
		return INSPECT_EXIT_BAD_INPUT;
	}
	if (json)
		print_json(path, &k);
	else
		print_text(path, &k);
	if (out) {
		size_t w = fwrite(k.elf, 1, k.elf_len, out);
		if (fclose(out) != 0 || w != k.elf_len) {
			fprintf(stderr, "pvboot-inspect: %s: write failed\n", extract);
			rc = INSPECT_EXIT_BAD_INPUT;
		}
	}
	kernel_close(&k);
	free(buf);
	return rc ? INSPECT_EXIT_BAD_INPUT : INSPECT_EXIT_OK;
}

static const struct inspect_cmd cmd_kernel = {
	.name = "kernel",
	.help = "FILE [--json] [--extract OUT]: kernel format, compression, Xen notes",
	.takes_image = false,
	.run = run,
};
INSPECT_COMMAND(cmd_kernel);
