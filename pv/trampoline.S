/* Jump to the new kernel (see trampoline.h).  No stack is touched between
 * the page-table switch and the jump: the old one is gone after it.
 * Hypercalls are issued with `syscall` directly (what the hypercall page
 * does), so nothing outside this page is needed. */
#include <xen/xen.h>
#include "pv/trampoline.h"

	.section .rodata.trampoline, "a"
	.code64
	.globl pv_trampoline, pv_trampoline_end
pv_trampoline:
	mov	%rdi, %rbx
	/* The stack protector's TLS base was ours; the kernel sets its own. */
	mov	$__HYPERVISOR_set_segment_base, %eax
	mov	$SEGBASE_FS, %edi
	xor	%esi, %esi
	syscall
	/* Switch to the new tables, then unpin the old ones so their pages
	 * become ordinary memory for the new kernel. */
	mov	$__HYPERVISOR_mmuext_op, %eax
	lea	TP_OPS(%rbx), %rdi
	mov	$2, %esi
	xor	%edx, %edx
	mov	$DOMID_SELF, %r10d
	syscall
	test	%rax, %rax
	jnz	1f
	mov	TP_START_INFO(%rbx), %rsi
	mov	TP_STACK(%rbx), %rsp
	mov	TP_ENTRY(%rbx), %rax
	xor	%ebx, %ebx
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%edi, %edi
	xor	%ebp, %ebp
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	jmp	*%rax
1:	/* Say why on the hypervisor console, then crash the domain: a clear
	 * "crashed" for the admin instead of a wild jump. */
	mov	$__HYPERVISOR_console_io, %eax
	mov	$CONSOLEIO_write, %edi
	mov	$TP_MSG_LEN, %esi
	lea	TP_MSG(%rbx), %rdx
	syscall
2:	mov	$__HYPERVISOR_sched_op, %eax
	mov	$TP_SCHEDOP_SHUTDOWN, %edi
	lea	TP_SHUTDOWN(%rbx), %rsi
	syscall
	jmp	2b
pv_trampoline_end:

	.section .note.GNU-stack, "", @progbits
