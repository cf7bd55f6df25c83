/* Xen entry points (PV and PVH), hypercall page and ELF notes.
 *
 * PV: Xen starts a 64-bit PV guest in long mode with paging on, %rsi
 * pointing at start_info and a stack inside the bootstrap region.  We
 * switch to our own stack and call pv_main(start_info).
 *
 * PVH: Xen enters at PHYS32_ENTRY in 32-bit protected mode, paging off,
 * %ebx = physical address of hvm_start_info.  We identity-map the first
 * 4 GiB with 2 MiB pages (tables in .bss; C maps more as it needs),
 * enable SSE (the decompression archives use it) and long mode, and call
 * pvh_main(start_info_paddr).  The image is linked at the physical
 * address Xen loads it to, so absolute addresses are right in both modes.
 *
 * The hypercall page is a page of the image: Xen fills it for a PV guest
 * (HYPERCALL_PAGE note); a PVH guest asks for it through an MSR
 * (pv/pvh_setup.c).  Hypercall N is at hypercall_page + 32 * N. */
#include <xen/elfnote.h>

#define ELFNOTE(type, desc_type, desc)             \
	.pushsection .note.Xen, "a", @note;        \
	.p2align 2;                                \
	.long 2f - 1f;                             \
	.long 4f - 3f;                             \
	.long type;                                \
1:	.asciz "Xen";                              \
2:	.p2align 2;                                \
3:	desc_type desc;                            \
4:	.p2align 2;                                \
	.popsection

	ELFNOTE(XEN_ELFNOTE_GUEST_OS, .asciz, "pvboot")
	ELFNOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz, "0.1")
	ELFNOTE(XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0")
	ELFNOTE(XEN_ELFNOTE_LOADER, .asciz, "generic")
	ELFNOTE(XEN_ELFNOTE_VIRT_BASE, .quad, 0)
	ELFNOTE(XEN_ELFNOTE_PADDR_OFFSET, .quad, 0)
	ELFNOTE(XEN_ELFNOTE_ENTRY, .quad, _start)
	ELFNOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad, hypercall_page)
	ELFNOTE(XEN_ELFNOTE_FEATURES, .asciz, "!writable_page_tables")
	ELFNOTE(XEN_ELFNOTE_PHYS32_ENTRY, .long, pvh_start)

	.section .text.head, "ax"
	.code64
	.globl _start
_start:
	cld
	lea	stack_top(%rip), %rsp
	mov	%rsi, %rdi
	call	pv_main
	ud2

#define CR0_PE (1 << 0)
#define CR0_MP (1 << 1)
#define CR0_EM (1 << 2)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define PDE_2M 0x83 /* present, writable, 2 MiB page */
#define PTE_TABLE 0x03 /* present, writable */

	.code32
	.globl pvh_start
pvh_start:
	cld
	cli
	mov	%ebx, %esi
	mov	$stack_top, %esp
	/* 2048 PDEs of 2 MiB: 0 .. 4 GiB. */
	mov	$pvh_pd, %edi
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$21, %eax
	or	$PDE_2M, %eax
	mov	%eax, (%edi,%ecx,8)
	mov	%ecx, %eax
	shr	$11, %eax /* bits 32+ of the address: ecx / 2048 = 0 */
	mov	%eax, 4(%edi,%ecx,8)
	inc	%ecx
	cmp	$2048, %ecx
	jne	1b
	/* PDPT[0..3] -> the four PD pages; PML4[0] -> PDPT. */
	mov	$pvh_pdpt, %edi
	xor	%ecx, %ecx
2:	mov	%ecx, %eax
	shl	$12, %eax
	add	$(pvh_pd + PTE_TABLE), %eax
	mov	%eax, (%edi,%ecx,8)
	movl	$0, 4(%edi,%ecx,8)
	inc	%ecx
	cmp	$4, %ecx
	jne	2b
	movl	$(pvh_pdpt + PTE_TABLE), pvh_pml4
	movl	$0, pvh_pml4 + 4
	mov	$pvh_pml4, %eax
	mov	%eax, %cr3
	mov	$(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	mov	%eax, %cr4
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_LME, %eax
	wrmsr
	mov	%cr0, %eax
	and	$~CR0_EM, %eax
	or	$(CR0_PG | CR0_MP | CR0_PE), %eax
	mov	%eax, %cr0
	lgdt	pvh_gdtr
	ljmp	$0x08, $pvh_long

	.code64
pvh_long:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	lea	stack_top(%rip), %rsp
	mov	%esi, %edi
	call	pvh_main
	ud2

	.section .rodata
	.p2align 3
pvh_gdt:
	.quad	0
	.quad	0x00af9a000000ffff /* 0x08: 64-bit code */
	.quad	0x00cf92000000ffff /* 0x10: data */
pvh_gdt_end:
pvh_gdtr:
	.word	pvh_gdt_end - pvh_gdt - 1
	.long	pvh_gdt

	.section .text.head, "ax"

	.p2align 12
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc

	.bss
	.p2align 12
	.globl pvh_pml4, pvh_pdpt, pvh_pd
pvh_pml4:
	.fill 4096, 1, 0
pvh_pdpt:
	.fill 4096, 1, 0
pvh_pd:
	.fill 4 * 4096, 1, 0
	/* Unmapped in a PVH pvboot: an overflowing stack faults here
	 * instead of running into the page tables above. */
	.globl stack_guard
stack_guard:
	.fill 4096, 1, 0
stack:
	.fill 65536, 1, 0
stack_top:

	.section .note.GNU-stack, "", @progbits
