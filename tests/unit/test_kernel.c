/* Kernel image parsing: a synthetic Xen PV ELF64 (built here byte by byte),
 * then one corruption at a time, each of which must give its own error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "loader/lib/err.h"
#include "loader/kernel/kernel.h"

#define IMG_LEN 8192
static uint8_t img[IMG_LEN];

static void w16(size_t o, uint16_t v) { img[o] = (uint8_t)v; img[o + 1] = (uint8_t)(v >> 8); }
static void w32(size_t o, uint32_t v) { w16(o, (uint16_t)v); w16(o + 2, (uint16_t)(v >> 16)); }
static void w64(size_t o, uint64_t v) { w32(o, (uint32_t)v); w32(o + 4, (uint32_t)(v >> 32)); }

/* Layout: ELF header at 0, 3 program headers at 64 (LOAD, LOAD, NOTE),
 * notes at 0x400, segment data at 0x1000 and 0x1800. */
#define NOTES 0x400
static size_t notes_len;

static void add_note(uint32_t type, const void *desc, uint32_t len)
{
	size_t o = NOTES + notes_len;
	w32(o, 4);
	w32(o + 4, len);
	w32(o + 8, type);
	memcpy(img + o + 12, "Xen", 4);
	memcpy(img + o + 16, desc, len);
	notes_len += 16 + ((len + 3) & ~3u);
}

static void build_elf(void)
{
	memset(img, 0, sizeof(img));
	notes_len = 0;
	memcpy(img, "\x7f" "ELF\x02\x01\x01", 7);
	w16(16, 2);                 /* ET_EXEC */
	w16(18, 62);                /* EM_X86_64 */
	w32(20, 1);
	w64(24, 0xffffffff80001000ull);
	w64(32, 64);                /* phoff */
	w16(52, 64);
	w16(54, 56);
	w16(56, 3);
	uint64_t v64 = 0xffffffff80000000ull, entry = 0xffffffff80001000ull;
	add_note(XEN_NOTE_GUEST_OS, "linux", 6);
	add_note(XEN_NOTE_VIRT_BASE, &v64, 8);
	add_note(XEN_NOTE_ENTRY, &entry, 8);
	uint32_t p32 = 0x1000850;
	add_note(XEN_NOTE_PHYS32_ENTRY, &p32, 4);
	add_note(XEN_NOTE_FEATURES, "!writable_page_tables", 21); /* unterminated, as Linux */
	size_t ph = 64;
	w32(ph, 1); w32(ph + 4, 5); w64(ph + 8, 0x1000); w64(ph + 16, 0xffffffff80001000ull);
	w64(ph + 24, 0x1000); w64(ph + 32, 0x800); w64(ph + 40, 0x800);
	ph += 56;
	w32(ph, 1); w32(ph + 4, 6); w64(ph + 8, 0x1800); w64(ph + 16, 0xffffffff80002000ull);
	w64(ph + 24, 0x2000); w64(ph + 32, 0x800); w64(ph + 40, 0x3000);
	ph += 56;
	w32(ph, 4); w64(ph + 8, NOTES); w64(ph + 32, notes_len); w64(ph + 40, notes_len);
}

static int open_img(size_t len, struct kernel_image *k)
{
	pb_errclear();
	int rc = kernel_open(img, len, 1 << 20, k);
	if (rc)
		print_message("  -> %s\n", pb_errmsg());
	return rc;
}

static void test_good_elf(void **state)
{
	(void)state;
	struct kernel_image k;
	build_elf();
	assert_int_equal(open_img(IMG_LEN, &k), PB_OK);
	assert_int_equal(k.format, KERNEL_ELF);
	assert_int_equal(k.info.nr_segments, 2);
	assert_true(k.info.xen.virt_base == 0xffffffff80000000ull);
	assert_true(xen_notes_has(&k.info.xen, XEN_NOTE_PHYS32_ENTRY));
	assert_int_equal(k.info.xen.phys32_entry, 0x1000850);
	assert_string_equal(k.info.xen.features, "!writable_page_tables");
	assert_string_equal(k.info.xen.guest_os, "linux");
	assert_true(k.info.pstart == 0x1000 && k.info.pend == 0x5000);
	kernel_close(&k);
}

/* Note types pvboot does not know are ignored, as Xen ignores them: one
 * past the last known type, and types with the top bit set (found by
 * fuzz_kernel: such a type went negative and shifted by it). */
static void test_unknown_notes(void **state)
{
	(void)state;
	static const uint32_t types[] = { XEN_NOTE_LAST + 1, 0x80000005u, 0xffffffffu };
	struct kernel_image k;
	uint64_t junk = 0x1234;

	build_elf();
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		add_note(types[i], &junk, 8);
	w64(64 + 112 + 32, notes_len); /* the NOTE header's sizes, grown */
	w64(64 + 112 + 40, notes_len);
	assert_int_equal(open_img(IMG_LEN, &k), PB_OK);
	assert_string_equal(k.info.xen.features, "!writable_page_tables");
	assert_true(k.info.xen.have == ((1u << XEN_NOTE_GUEST_OS) | (1u << XEN_NOTE_VIRT_BASE) | (1u << XEN_NOTE_ENTRY) |
					(1u << XEN_NOTE_PHYS32_ENTRY) | (1u << XEN_NOTE_FEATURES)));
	kernel_close(&k);
}

static void expect(void (*corrupt)(void), size_t len, int code, const char *needle)
{
	struct kernel_image k;
	build_elf();
	corrupt();
	assert_int_equal(open_img(len, &k), code);
	assert_non_null(strstr(pb_errmsg(), needle));
}

static void c_none(void) {}
static void c_phnum(void) { w16(56, 60000); }
static void c_phoff(void) { w64(32, IMG_LEN - 10); }
static void c_seg_past_end(void) { w64(64 + 32, IMG_LEN); }
static void c_filesz_gt_memsz(void) { w64(64 + 40, 0x10); }
static void c_overlap(void) { w64(64 + 56 + 24, 0x1400); }
static void c_absurd(void) { w64(64 + 40, 1ull << 40); w64(64 + 32, 0x10); }
static void c_note_past(void) { w32(NOTES + 4, 0x10000); }
static void c_bad_number(void) { w32(NOTES + 16 + 8 + 4, 3); }
static void c_class(void) { img[4] = 7; }

static void test_bad_elves(void **state)
{
	(void)state;
	expect(c_none, 40, PB_ERR_FORMAT, "not an ELF");
	expect(c_phnum, IMG_LEN, PB_ERR_CORRUPT, "60000 program headers");
	expect(c_phoff, IMG_LEN, PB_ERR_CORRUPT, "program header table");
	expect(c_seg_past_end, IMG_LEN, PB_ERR_CORRUPT, "segment 0: file range");
	expect(c_filesz_gt_memsz, IMG_LEN, PB_ERR_CORRUPT, "file size 2048 > memory size 16");
	expect(c_overlap, IMG_LEN, PB_ERR_CORRUPT, "overlap");
	expect(c_absurd, IMG_LEN, PB_ERR_CORRUPT, "absurd memory size");
	expect(c_note_past, IMG_LEN, PB_ERR_CORRUPT, "runs past its section");
	expect(c_bad_number, IMG_LEN, PB_ERR_CORRUPT, "VIRT_BASE: numeric value of 3 bytes");
	expect(c_class, IMG_LEN, PB_ERR_CORRUPT, "bad class");
	expect(c_none, 0x1000 + 0x100, PB_ERR_CORRUPT, "segment 0: file range");
}

/* A bzImage around the ELF, payload gzip-free (an uncompressed ELF payload
 * is legal for the parser), then header corruptions. */
static uint8_t bz[IMG_LEN + 0x1400];

static void build_bz(void)
{
	build_elf();
	memset(bz, 0, sizeof(bz));
	bz[0x1f1] = 4;
	bz[0x1fe] = 0x55; bz[0x1ff] = 0xaa;
	memcpy(bz + 0x202, "HdrS", 4);
	bz[0x206] = 0x0f; bz[0x207] = 0x02;
	/* pm code at 5 * 512 = 0xa00; payload 0x100 after it */
	bz[0x248] = 0x00; bz[0x249] = 0x01;
	uint32_t len = IMG_LEN;
	memcpy(bz + 0x24c, &len, 4);
	memcpy(bz + 0xa00 + 0x100, img, IMG_LEN);
}

static void test_bzimage(void **state)
{
	(void)state;
	struct kernel_image k;
	build_bz();
	assert_int_equal(kernel_open(bz, sizeof(bz), 1 << 20, &k), PB_OK);
	assert_int_equal(k.format, KERNEL_BZIMAGE);
	assert_int_equal(k.bz.payload_offset, 0xb00);
	assert_int_equal(k.info.nr_segments, 2);
	kernel_close(&k);

	build_bz();
	bz[0x24c + 1] = 0x7f; /* payload length past the end */
	assert_int_equal(kernel_open(bz, sizeof(bz), 1 << 20, &k), PB_ERR_CORRUPT);
	assert_non_null(strstr(pb_errmsg(), "payload at"));

	build_bz();
	bz[0x206] = 0x02; /* protocol 2.02: no payload fields */
	assert_int_equal(kernel_open(bz, sizeof(bz), 1 << 20, &k), PB_ERR_UNSUPPORTED);

	build_bz();
	bz[0x1f1] = 255; /* setup past the end of the file */
	assert_int_equal(kernel_open(bz, 0x1000, 1 << 20, &k), PB_ERR_TRUNCATED);

	build_bz();
	memset(bz + 0xb00, 0x42, 16); /* payload neither ELF nor compressed */
	assert_int_equal(kernel_open(bz, sizeof(bz), 1 << 20, &k), PB_ERR_UNSUPPORTED);
}

static void test_legacy_xen_guest(void **state)
{
	(void)state;
	struct xen_notes x;
	const char s[] = "GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xC0000000,"
			 "ELF_PADDR_OFFSET=0xC0000000,HYPERCALL_PAGE=0x2,LOADER=generic";
	memset(&x, 0, sizeof(x));
	assert_int_equal(xen_notes_parse_legacy(s, sizeof(s), 0xC0100000, &x), PB_OK);
	assert_true(x.legacy);
	assert_true(x.hypercall_page == 0xC0002000);
	assert_true(x.entry == 0xC0100000);
	assert_string_equal(x.loader, "generic");
	memset(&x, 0, sizeof(x));
	assert_int_equal(xen_notes_parse_legacy("nothing", 7, 0, &x), PB_ERR_FORMAT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_elf),
		cmocka_unit_test(test_unknown_notes),
		cmocka_unit_test(test_bad_elves),
		cmocka_unit_test(test_bzimage),
		cmocka_unit_test(test_legacy_xen_guest),
	};
	return cmocka_run_group_tests_name("kernel", tests, NULL, NULL);
}
