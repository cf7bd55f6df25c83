/* Hypercalls through the hypercall page Xen filled for us (x86-64:
 * arguments in rdi, rsi, rdx, r10, r8; a PV guest's stubs use syscall,
 * which clobbers rcx and r11; a PVH guest's use vmcall / vmmcall). */
#include "pv/hypercall.h"
#include "pv/console.h"

#include <xen/memory.h>

static long hcall2(unsigned long nr_off, long a1, long a2)
{
	register long rdi asm("rdi") = a1, rsi asm("rsi") = a2;
	long ret;
	asm volatile("call *%[fn]"
		     : "=a"(ret), "+r"(rdi), "+r"(rsi)
		     : [fn] "r"(hypercall_page + nr_off)
		     : "rcx", "r11", "rdx", "r8", "r10", "memory");
	return ret;
}

static long hcall3(unsigned long nr_off, long a1, long a2, long a3)
{
	register long rdi asm("rdi") = a1, rsi asm("rsi") = a2, rdx asm("rdx") = a3;
	long ret;
	asm volatile("call *%[fn]"
		     : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx)
		     : [fn] "r"(hypercall_page + nr_off)
		     : "rcx", "r11", "r8", "r10", "memory");
	return ret;
}

static long hcall4(unsigned long nr_off, long a1, long a2, long a3, long a4)
{
	register long rdi asm("rdi") = a1, rsi asm("rsi") = a2, rdx asm("rdx") = a3;
	register long r10 asm("r10") = a4;
	long ret;
	asm volatile("call *%[fn]"
		     : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10)
		     : [fn] "r"(hypercall_page + nr_off)
		     : "rcx", "r11", "r8", "memory");
	return ret;
}

#define OFF(name) ((unsigned long)__HYPERVISOR_##name * 32)

long hyp_sched_op(int cmd, void *arg)
{
	return hcall2(OFF(sched_op), cmd, (long)arg);
}

long hyp_event_channel_op(int cmd, void *arg)
{
	return hcall2(OFF(event_channel_op), cmd, (long)arg);
}

long hyp_grant_table_op(unsigned int cmd, void *arg, unsigned int count)
{
	return hcall3(OFF(grant_table_op), cmd, (long)arg, count);
}

long hyp_memory_op(unsigned int cmd, void *arg)
{
	return hcall2(OFF(memory_op), cmd, (long)arg);
}

long hyp_hvm_op(unsigned int cmd, void *arg)
{
	return hcall2(OFF(hvm_op), cmd, (long)arg);
}

long hyp_console_io(int cmd, int count, const char *buf)
{
	return hcall3(OFF(console_io), cmd, count, (long)buf);
}

long hyp_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
{
	return hcall3(OFF(update_va_mapping), (long)va, (long)pte, (long)flags);
}

long hyp_set_segment_base(unsigned int which, unsigned long base)
{
	return hcall2(OFF(set_segment_base), which, (long)base);
}

long hyp_mmu_update(void *req, unsigned int count, unsigned int *done, unsigned int dom)
{
	return hcall4(OFF(mmu_update), (long)req, count, (long)done, dom);
}

long hyp_mmuext_op(void *ops, unsigned int count, unsigned int *done, unsigned int dom)
{
	return hcall4(OFF(mmuext_op), (long)ops, count, (long)done, dom);
}

void xrt_shutdown(unsigned int reason)
{
	struct sched_shutdown s = { .reason = reason };

	console_drain();
	for (;;)
		hyp_sched_op(SCHEDOP_shutdown, &s);
}
