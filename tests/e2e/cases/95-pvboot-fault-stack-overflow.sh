# pvboot.fault=stack-overflow: the page below the stack is not mapped,
# so the fault stops pvboot with a report
# (PVH) or a domain crash (PV) instead of running on.
. "$E2E_DIR/lib/fault-case.sh"
e2e_fault_case stack-overflow
CASE_TYPES=(pv pvh)
E2E_FAULT_EXPECT='14 \(page fault\) .*error code 0x2,'
CASE_BOOT_MATCH=0
