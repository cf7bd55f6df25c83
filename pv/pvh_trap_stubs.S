/* PVH exception entry stubs, vectors 0-31 (pv/pvh_traps.c installs them).
 *
 * Without an IDT a fault in pvboot triple-faults and Xen resets the guest
 * without a word; with these the fault is reported and the domain crashed.
 * Each stub makes the frame uniform (a 0 where the CPU pushes no error
 * code), pushes its vector and enters pvh_trap(frame), which never returns.
 * Interrupts stay disabled in a PVH pvboot (events are polled), so only
 * exceptions arrive here. */
	.section .text, "ax"
	.code64

.macro trap_noerr vec
	.p2align 4
	pushq	$0
	pushq	$\vec
	jmp	trap_common
.endm

.macro trap_err vec
	.p2align 4
	pushq	$\vec
	jmp	trap_common
.endm

	.p2align 4
	.globl	pvh_trap_stubs
pvh_trap_stubs:
	trap_noerr 0
	trap_noerr 1
	trap_noerr 2
	trap_noerr 3
	trap_noerr 4
	trap_noerr 5
	trap_noerr 6
	trap_noerr 7
	trap_err 8
	trap_noerr 9
	trap_err 10
	trap_err 11
	trap_err 12
	trap_err 13
	trap_err 14
	trap_noerr 15
	trap_noerr 16
	trap_err 17
	trap_noerr 18
	trap_noerr 19
	trap_noerr 20
	trap_err 21
	trap_noerr 22
	trap_noerr 23
	trap_noerr 24
	trap_noerr 25
	trap_noerr 26
	trap_noerr 27
	trap_noerr 28
	trap_err 29
	trap_err 30
	trap_noerr 31

/* Frame at %rsp: vector, error code, rip, cs, rflags, rsp, ss.  The CPU
 * aligned %rsp to 16 before its 5 pushes; with our 2 it is 8 off, so one
 * more push aligns the call as the ABI wants. */
trap_common:
	cld
	mov	%rsp, %rdi
	pushq	%rax
	call	pvh_trap
	ud2

	.section .note.GNU-stack, "", @progbits
