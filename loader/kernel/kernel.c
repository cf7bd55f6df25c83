/* Kernel file -> bootable ELF (see kernel.h). */
#include "loader/kernel/kernel.h"
#include "loader/lib/err.h"

const char *kernel_format_name(enum kernel_format f)
{
	switch (f) {
	case KERNEL_ELF: return "ELF";
	case KERNEL_BZIMAGE: return "bzImage";
	case KERNEL_COMPRESSED_ELF: return "compressed ELF";
	}
	return "unknown";
}

/* Linux's build appends the decompressed size (u32 LE) after every payload
 * (gzip's own trailer says the same).  A hint only: used to size the output
 * buffer, never trusted for safety (the decoders are bounded anyway). */
static size_t size_hint(const uint8_t *in, size_t len, size_t max_elf)
{
	size_t hint = len >= 4 ? pb_le32(in + len - 4) : 0;

	if (hint < len || !pb_range_ok(hint, 4096, max_elf))
		return max_elf; /* implausible: fall back to the bound */
	return hint + 4096; /* slack so an exact fit never looks like a bomb */
}

static int decompress_to_elf(const uint8_t *in, size_t len, size_t max_elf,
			     struct kernel_image *k)
{
	size_t cap = size_hint(in, len, max_elf), got = 0;
	int rc;

	for (;;) {
		k->elf_buf = malloc(cap);
		if (!k->elf_buf)
			return pb_error(PB_ERR_NOMEM, "kernel: cannot allocate %zu bytes to decompress into", cap);
		rc = decomp_run(k->comp, in, len, k->elf_buf, cap, &got);
		if (rc != PB_ERR_LIMIT || cap == max_elf)
			break;
		/* The hint was wrong (not a Linux-built payload): retry with the bound. */
		free(k->elf_buf);
		cap = max_elf;
	}
	if (rc) {
		free(k->elf_buf);
		k->elf_buf = NULL;
		return rc;
	}
	k->elf = k->elf_buf;
	k->elf_len = got;
	return PB_OK;
}

int kernel_open(const void *buf, size_t len, size_t max_elf, struct kernel_image *k)
{
	const uint8_t *p = buf;
	int rc;

	memset(k, 0, sizeof(*k));
	if (max_elf < 8192)
		return pb_error(PB_ERR_INVAL, "kernel: output bound %zu too small", max_elf);
	if (elf_is_elf(buf, len)) {
		k->format = KERNEL_ELF;
		k->elf = p;
		k->elf_len = len;
	} else if (bzimage_is_bzimage(buf, len)) {
		k->format = KERNEL_BZIMAGE;
		rc = bzimage_parse(buf, len, &k->bz);
		if (rc)
			return rc;
		const uint8_t *payload = p + k->bz.payload_offset;
		k->comp = decomp_detect(payload, k->bz.payload_length);
		if (k->comp == COMP_NONE) {
			if (!elf_is_elf(payload, k->bz.payload_length))
				return pb_error(PB_ERR_UNSUPPORTED,
						"bzImage: payload is neither compressed nor ELF (starts %02x %02x %02x %02x)",
						payload[0], payload[1], payload[2], payload[3]);
			k->elf = payload;
			k->elf_len = k->bz.payload_length;
		} else {
			rc = decompress_to_elf(payload, k->bz.payload_length, max_elf, k);
			if (rc)
				return rc;
		}
	} else {
		k->comp = decomp_detect(buf, len);
		if (k->comp == COMP_NONE)
			return pb_error(PB_ERR_FORMAT, "not a kernel: neither ELF, bzImage nor a compressed file");
		k->format = KERNEL_COMPRESSED_ELF;
		rc = decompress_to_elf(p, len, max_elf, k);
		if (rc)
			return rc;
	}
	rc = elf_parse(k->elf, k->elf_len, &k->info);
	if (rc == PB_ERR_FORMAT && k->format != KERNEL_ELF)
		rc = pb_error(PB_ERR_FORMAT, "%s payload decompressed (%s) but is not an ELF image",
			      kernel_format_name(k->format), decomp_name(k->comp));
	if (rc)
		kernel_close(k);
	return rc;
}

void kernel_close(struct kernel_image *k)
{
	free(k->elf_buf);
	k->elf_buf = NULL;
	k->elf = NULL;
}
