/* x86-64 page-table entries as a PV guest writes them (the guest kernel
 * runs in ring 3, so every mapping is "user"). */
#ifndef PVBOOT_PV_PT_H
#define PVBOOT_PV_PT_H

#define PTE_PRESENT_RW_USER 0x7ull
#define PTE_RW 0x67ull /* present, writable, user, accessed, dirty */
#define PTE_RO 0x65ull /* the same without writable: page tables, the trampoline */
#define PTE_ADDR 0x000ffffffffff000ull
#define MMU_BATCH 512  /* mmu_update entries per hypercall */

#endif
