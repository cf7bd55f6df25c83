/* Xen PV entry point, hypercall page and ELF notes.
 *
 * Xen starts a 64-bit PV guest in long mode with paging on, %rsi pointing
 * at start_info and a stack inside the bootstrap region.  We switch to our
 * own stack and call pv_main(start_info).  The hypercall page is a page of
 * the image that Xen fills (HYPERCALL_PAGE note): hypercall N is at
 * hypercall_page + 32 * N. */
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

	.section .text.head, "ax"
	.code64
	.globl _start
_start:
	cld
	lea	stack_top(%rip), %rsp
	mov	%rsi, %rdi
	call	pv_main
	ud2

	.p2align 12
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc

	.bss
	.p2align 12
stack:
	.fill 65536, 1, 0
stack_top:

	.section .note.GNU-stack, "", @progbits
