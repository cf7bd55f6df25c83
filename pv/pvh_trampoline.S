/* See pvh_trampoline.h.  Entered in long mode, identity-mapped, with
 * %rdi = the parameter block (below 4 GiB, like this code). */
#include "pv/pvh_trampoline.h"

	.section .text
	.code64
	.globl pvh_trampoline, pvh_trampoline_end
pvh_trampoline:
	cli
	mov	%rdi, %rbp
	lgdt	TPH_GDTR(%rbp)
	/* Into a 32-bit code segment: compatibility mode. */
	lea	1f(%rip), %rax
	pushq	$TPH_CS32
	pushq	%rax
	lretq
	.code32
1:	/* Paging off leaves long mode (the code is identity-mapped), then
	 * EFER.LME off, and CR4 cleared as the PVH entry state wants. */
	mov	%cr0, %eax
	and	$0x7fffffff, %eax
	mov	%eax, %cr0
	mov	$0xc0000080, %ecx
	rdmsr
	and	$~0x900, %eax /* LME, and NXE: pvboot set it */
	wrmsr
	xor	%eax, %eax
	mov	%eax, %cr4
	mov	$TPH_DS32, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%eax, %fs
	mov	%eax, %gs
	mov	$TPH_TSS, %eax
	ltr	%ax
	/* The image to its place: source and destination never overlap. */
	mov	TPH_SRC(%ebp), %esi
	mov	TPH_DST(%ebp), %edi
	mov	TPH_LEN(%ebp), %ecx
	shr	$2, %ecx
	cld
	rep movsl
	mov	TPH_ENTRY(%ebp), %eax
	mov	TPH_START_INFO(%ebp), %ebx
	mov	$1, %ecx /* CR0: PE only */
	mov	%ecx, %cr0
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%ebp, %ebp
	xor	%esp, %esp
	jmp	*%eax
pvh_trampoline_end:

	.section .note.GNU-stack, "", @progbits
