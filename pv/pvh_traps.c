/* PVH exception handling: an IDT whose 32 gates lead to one report. */
#include "pv/pvh_traps.h"
#include "pv/console.h"
#include "pv/hypercall.h"

#include <stdint.h>
#include <xen/sched.h>

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t ist, type; /* type 0x8e: present, ring 0, 64-bit interrupt gate */
	uint16_t off_mid;
	uint32_t off_hi, zero;
} __attribute__((packed));

struct trap_frame {
	uint64_t vector, error, rip, cs, rflags, rsp, ss;
};

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3, iomap_base;
} __attribute__((packed));

extern const char pvh_trap_stubs[]; /* pv/pvh_trap_stubs.S: 16 bytes each */
static struct idt_gate idt[32] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
/* Faults that a broken stack causes are taken on this one (IST 1). */
static uint8_t trap_stack[8192] __attribute__((aligned(16)));
/* pv/head.S's segments again, plus the TSS: in writable memory, as ltr
 * marks the TSS descriptor busy (head.S's table is read-only once
 * pvh_protect_image has run). */
static uint64_t gdt[5] __attribute__((aligned(16))) = {
	0,
	0x00af9a000000ffffull, /* 0x08: 64-bit code */
	0x00cf92000000ffffull, /* 0x10: data */
};

#define CODE_SELECTOR 0x08
#define TSS_SELECTOR 0x18

static void load_idt(const void *base, uint16_t limit)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = { limit, (uint64_t)(uintptr_t)base };
	asm volatile("lidt %0" ::"m"(idtr));
}

static void load_gdt_and_tss(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss, limit = sizeof(tss) - 1;
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };

	tss.ist[0] = (uint64_t)(uintptr_t)(trap_stack + sizeof(trap_stack));
	tss.iomap_base = sizeof(tss); /* no I/O permission map */
	/* A 64-bit available TSS (type 9), present: two GDT slots. */
	gdt[3] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ull << 40 | ((limit >> 16) & 0xf) << 48 |
		 ((base >> 24) & 0xff) << 56;
	gdt[4] = base >> 32;
	/* The selectors stay what head.S loaded: the same descriptors. */
	asm volatile("lgdt %0" ::"m"(gdtr));
	asm volatile("ltr %w0" ::"r"(TSS_SELECTOR));
}

void pvh_traps_init(void)
{
	load_gdt_and_tss();
	for (int v = 0; v < 32; v++) {
		uint64_t a = (uint64_t)(uintptr_t)(pvh_trap_stubs + 16 * v);
		uint8_t ist = v == 8 || v == 12 || v == 14; /* double, stack, page fault */
		idt[v] = (struct idt_gate){ (uint16_t)a, CODE_SELECTOR, ist, 0x8e, (uint16_t)(a >> 16),
					    (uint32_t)(a >> 32), 0 };
	}
	load_idt(idt, sizeof(idt) - 1);
}

void pvh_traps_off(void)
{
	load_idt(0, 0);
}

static const char *const names[32] = {
	[0] = "divide error",	     [1] = "debug",		   [2] = "NMI",
	[3] = "breakpoint",	     [4] = "overflow",		   [5] = "bound range",
	[6] = "invalid opcode",	     [7] = "device not available", [8] = "double fault",
	[10] = "invalid TSS",	     [11] = "segment not present", [12] = "stack fault",
	[13] = "general protection", [14] = "page fault",	   [16] = "x87 error",
	[17] = "alignment check",    [18] = "machine check",	   [19] = "SIMD error",
	[21] = "control protection",
};

__attribute__((noreturn)) void pvh_trap(const struct trap_frame *f);
__attribute__((noreturn)) void pvh_trap(const struct trap_frame *f)
{
	static int depth;
	uint64_t cr2 = 0;

	if (depth++) /* faulted while reporting: no more words */
		xrt_shutdown(SHUTDOWN_crash);
	if (f->vector == 14)
		asm volatile("mov %%cr2, %0" : "=r"(cr2));
	/* Also on the hypervisor console: the fault may be in the console code. */
	console_mirror_to_xen(true);
	xrt_printf("pvboot: CPU exception %u (%s) in pvboot at rip 0x%llx, error code 0x%llx, "
		   "rsp 0x%llx, cr2 0x%llx: crashing the domain\n",
		   (unsigned)f->vector, names[f->vector & 31] ? names[f->vector & 31] : "reserved",
		   (unsigned long long)f->rip, (unsigned long long)f->error, (unsigned long long)f->rsp,
		   (unsigned long long)cr2);
	xrt_shutdown(SHUTDOWN_crash);
}
