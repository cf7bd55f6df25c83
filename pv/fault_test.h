/* pvboot.fault=KIND, a test hook: cause the fault KIND names, after
 * pvboot mapped its image W^X, so tests see each one stopped and reported
 * (PVH: pvboot's own handler, pv/pvh_traps.c; PV: Xen, which crashes a
 * guest that set no trap table).  Kinds: write-text (a write to
 * constants), exec-data (a jump into data), stack-overflow (runaway
 * recursion into the guard page), null (a read of address 0; PVH only
 * maps page 0 out), ud2 (an invalid opcode).  An unknown kind, or a fault
 * that did not happen, is said on the console and boot goes on. */
#ifndef PVBOOT_PV_FAULT_TEST_H
#define PVBOOT_PV_FAULT_TEST_H

void fault_test(const char *kind);

#endif
