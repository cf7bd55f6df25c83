# e2e_fault_case KIND: the case body shared by the fault cases.  pvboot
# causes fault KIND (pvboot.fault=KIND, pv/fault_test.h) once it has mapped
# its own image W^X: the fault must stop it — never "no fault happened" —
# and the domain must crash.  A PVH pvboot reports the exception itself;
# in a PV guest Xen crashes it (pvboot sets no trap table).
e2e_fault_case() {
  E2E_FAULT=$1
  CASE_KERNEL=@pvboot
  CASE_REQUIRES=(@pvboot)
  CASE_MEMORY=256
  CASE_TIMEOUT=60
  CASE_EXTRA="pvboot.fault=$1"
  CASE_MARK="pvboot.fault=$1: causing it"
  CASE_ALLOW_CRASH=1
  CASE_EXPECT=("^pvboot: pvboot.fault=$1: causing it")
  CASE_REJECT=('no fault happened' 'PVBOOT-MENU-BEGIN')
  case_check() {
    grep -a 'shut down, reason code 3 ' "$2" >/dev/null || { echo "the domain did not crash"; return 1; }
    if [ "$CASE_TYPE" = pvh ]; then
      grep -aE "^pvboot: CPU exception $E2E_FAULT_EXPECT" "$1" >/dev/null ||
        { echo "no report /CPU exception $E2E_FAULT_EXPECT/ on the console"; return 1; }
      grep -a -m1 '^pvboot: CPU exception' "$1" | sed 's/^pvboot: //; s/: crashing the domain.*//' >"$CASE_WORK/summary"
    fi
  }
}
