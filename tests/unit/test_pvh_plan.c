/* The PVH load plan (loader/handoff/pvh_plan.c) on a synthetic ELF64
 * with a PHYS32_ENTRY note, built here byte by byte: its place and entry,
 * the staged image (file bytes at their offsets, zeros for .bss and
 * gaps), relocation through PHYS32_RELOC when its own place is not RAM,
 * and the refusals: no PHYS32_ENTRY, no room, an entry outside the image,
 * a malformed PHYS32_RELOC note. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "loader/handoff/pvh_plan.h"
#include "loader/lib/err.h"

#define IMG_LEN 0x3000
#define NOTES 0x400
#define MIB (1ull << 20)
static uint8_t img[IMG_LEN];
static size_t notes_len;

static void w16(size_t o, uint16_t v) { img[o] = (uint8_t)v; img[o + 1] = (uint8_t)(v >> 8); }
static void w32(size_t o, uint32_t v) { w16(o, (uint16_t)v); w16(o + 2, (uint16_t)(v >> 16)); }
static void w64(size_t o, uint64_t v) { w32(o, (uint32_t)v); w32(o + 4, (uint32_t)(v >> 32)); }

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

/* Two PT_LOADs as Linux lays them out: text at 16 MiB (0x800 bytes of
 * 0xaa), data at 16 MiB + 8 KiB (0x800 bytes of 0xbb, then 0x2800 of
 * .bss); entry at 16 MiB + 0x100.  reloc: the PHYS32_RELOC note's bytes. */
static void build(bool phys32, uint32_t entry, const uint32_t *reloc, uint32_t reloc_len)
{
	memset(img, 0, sizeof(img));
	notes_len = 0;
	memcpy(img, "\x7f" "ELF\x02\x01\x01", 7);
	w16(16, 2);
	w16(18, 62);
	w32(20, 1);
	w64(24, 0xffffffff81000000ull);
	w64(32, 64);
	w16(52, 64);
	w16(54, 56);
	w16(56, 3);
	add_note(XEN_NOTE_GUEST_OS, "linux", 6);
	if (phys32)
		add_note(XEN_NOTE_PHYS32_ENTRY, &entry, 4);
	if (reloc)
		add_note(XEN_NOTE_PHYS32_RELOC, reloc, reloc_len);
	size_t ph = 64;
	w32(ph, 1); w32(ph + 4, 5); w64(ph + 8, 0x1000); w64(ph + 16, 0xffffffff81000000ull);
	w64(ph + 24, 16 * MIB); w64(ph + 32, 0x800); w64(ph + 40, 0x800); w64(ph + 48, 0x200000);
	ph += 56;
	w32(ph, 1); w32(ph + 4, 6); w64(ph + 8, 0x1800); w64(ph + 16, 0xffffffff81002000ull);
	w64(ph + 24, 16 * MIB + 0x2000); w64(ph + 32, 0x800); w64(ph + 40, 0x3000); w64(ph + 48, 0x1000);
	ph += 56;
	w32(ph, 4); w64(ph + 8, NOTES); w64(ph + 32, notes_len); w64(ph + 40, notes_len);
	memset(img + 0x1000, 0xaa, 0x800);
	memset(img + 0x1800, 0xbb, 0x800);
}

static int plan(const struct pvh_ram *ram, size_t nr, struct kernel_image *k, struct pvh_plan *p)
{
	char summary[256];
	pb_errclear();
	int rc = pvh_plan_kernel(img, sizeof(img), 1 << 20, ram, nr, k, p, summary, sizeof(summary));
	print_message("  -> %s\n", rc ? pb_errmsg() : summary);
	return rc;
}

static void check_stage(const struct pvh_plan *p, const struct kernel_image *k)
{
	uint8_t *stage = malloc(p->hi - p->lo);
	assert_non_null(stage);
	memset(stage, 0x55, p->hi - p->lo);
	pvh_plan_stage(p, k, stage);
	for (uint64_t i = 0; i < p->hi - p->lo; i++) {
		uint8_t want = i < 0x800 ? 0xaa : (i >= 0x2000 && i < 0x2800) ? 0xbb : 0;
		if (stage[i] != want)
			fail_msg("stage byte 0x%llx is 0x%02x, want 0x%02x", (unsigned long long)i, stage[i], want);
	}
	free(stage);
}

static void test_linux_in_place(void **state)
{
	(void)state;
	const struct pvh_ram ram[] = { { 0, 256 * MIB } };
	struct kernel_image k;
	struct pvh_plan p;

	build(true, 16 * MIB + 0x100, NULL, 0);
	assert_int_equal(plan(ram, 1, &k, &p), PB_OK);
	assert_int_equal(p.lo, 16 * MIB);
	assert_int_equal(p.hi, 16 * MIB + 0x5000);
	assert_int_equal(p.entry, 16 * MIB + 0x100);
	assert_int_equal(p.shift, 0);
	check_stage(&p, &k);
	kernel_close(&k);
}

static void test_no_phys32_entry(void **state)
{
	(void)state;
	const struct pvh_ram ram[] = { { 0, 256 * MIB } };
	struct kernel_image k;
	struct pvh_plan p;

	build(false, 0, NULL, 0);
	assert_int_equal(plan(ram, 1, &k, &p), PB_ERR_UNSUPPORTED);
	assert_non_null(strstr(pb_errmsg(), "no PHYS32_ENTRY note"));
	assert_non_null(strstr(pb_errmsg(), "type = \"pv\""));
}

static void test_entry_outside(void **state)
{
	(void)state;
	const struct pvh_ram ram[] = { { 0, 256 * MIB } };
	struct kernel_image k;
	struct pvh_plan p;

	build(true, 8 * MIB, NULL, 0);
	assert_int_equal(plan(ram, 1, &k, &p), PB_ERR_CORRUPT);
	assert_non_null(strstr(pb_errmsg(), "outside the image"));
}

static void test_no_room(void **state)
{
	(void)state;
	const struct pvh_ram small[] = { { 0, 12 * MIB } };
	const uint32_t reloc[3] = { 0x200000, 0x1000000, 0x1ffffff }; /* only 16..32 MiB allowed */
	struct kernel_image k;
	struct pvh_plan p;

	build(true, 16 * MIB + 0x100, NULL, 0);
	assert_int_equal(plan(small, 1, &k, &p), PB_ERR_NOMEM);
	assert_non_null(strstr(pb_errmsg(), "cannot be moved"));
	build(true, 16 * MIB + 0x100, reloc, sizeof(reloc));
	assert_int_equal(plan(small, 1, &k, &p), PB_ERR_NOMEM);
	assert_non_null(strstr(pb_errmsg(), "PHYS32_RELOC allows"));
}

/* RAM with a hole where the kernel wants to be: PHYS32_RELOC moves it
 * to the first aligned place in RAM, entry with it, contents unchanged. */
static void test_relocated(void **state)
{
	(void)state;
	const struct pvh_ram ram[] = { { 0, 2 * MIB + 0x1000 }, { 64 * MIB + 0x1000, 128 * MIB } };
	const uint32_t reloc[3] = { 0x400000, 0x200000, 0xffffffff };
	struct kernel_image k;
	struct pvh_plan p;

	build(true, 16 * MIB + 0x100, reloc, sizeof(reloc));
	assert_int_equal(plan(ram, 2, &k, &p), PB_OK);
	assert_int_equal(p.lo, 68 * MIB); /* 64 MiB + 4 KiB rounded up to 4 MiB */
	assert_int_equal(p.entry, 68 * MIB + 0x100);
	assert_int_equal(p.shift, (int64_t)(52 * MIB));
	check_stage(&p, &k);
	kernel_close(&k);
	/* Without an alignment word: the ELF's largest p_align (2 MiB). */
	build(true, 16 * MIB + 0x100, NULL, 0);
	add_note(XEN_NOTE_PHYS32_RELOC, NULL, 0);
	w64(64 + 2 * 56 + 32, notes_len);
	w64(64 + 2 * 56 + 40, notes_len);
	assert_int_equal(plan(ram, 2, &k, &p), PB_OK);
	assert_int_equal(p.lo, 66 * MIB);
	kernel_close(&k);
}

static void test_bad_reloc_note(void **state)
{
	(void)state;
	const struct pvh_ram ram[] = { { 0, 256 * MIB } };
	const uint32_t odd[3] = { 0x300000, 0, 0 };
	struct kernel_image k;
	struct pvh_plan p;

	build(true, 16 * MIB + 0x100, odd, 6);
	assert_int_equal(plan(ram, 1, &k, &p), PB_ERR_CORRUPT);
	assert_non_null(strstr(pb_errmsg(), "PHYS32_RELOC of 6 bytes"));
	build(true, 16 * MIB + 0x100, odd, 4);
	assert_int_equal(plan(ram, 1, &k, &p), PB_ERR_CORRUPT);
	assert_non_null(strstr(pb_errmsg(), "not a power of two"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux_in_place), cmocka_unit_test(test_no_phys32_entry),
		cmocka_unit_test(test_entry_outside),  cmocka_unit_test(test_no_room),
		cmocka_unit_test(test_relocated),      cmocka_unit_test(test_bad_reloc_note),
	};
	return cmocka_run_group_tests_name("pvh_plan", tests, NULL, NULL);
}
