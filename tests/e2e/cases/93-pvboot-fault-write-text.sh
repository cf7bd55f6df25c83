# pvboot.fault=write-text: constants are read-only,
# so the fault stops pvboot with a report
# (PVH) or a domain crash (PV) instead of running on.
. "$E2E_DIR/lib/fault-case.sh"
e2e_fault_case write-text
CASE_TYPES=(pv pvh)
E2E_FAULT_EXPECT='14 \(page fault\) .*error code 0x3,'
CASE_BOOT_MATCH=0
