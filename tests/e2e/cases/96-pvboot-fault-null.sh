# pvboot.fault=null: page 0 is not mapped (PVH),
# so the fault stops pvboot with a report
# (PVH) or a domain crash (PV) instead of running on.
. "$E2E_DIR/lib/fault-case.sh"
e2e_fault_case null
CASE_TYPES=(pvh)
E2E_FAULT_EXPECT='14 \(page fault\) .*error code 0x0, .*cr2 0x0:'
CASE_BOOT_MATCH=0
