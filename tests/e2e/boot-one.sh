#!/usr/bin/env bash
# Boot Xen + dom0 once, start ONE guest with KERNEL and DISKs, print the
# guest's console log.  For iterating on pvboot's ELF.
#
#   tests/e2e/boot-one.sh KERNEL [DISK_IMAGE...] [-- OPTION...]
#
# KERNEL: a file, or @pvboot @cloud @generic @pvgrub2 @pvgrub2-pvh.
# OPTIONs (xl.cfg style, one word each):
#   memory=MiB  vcpus=N  type=pv|pvh  extra="cmdline"  ramdisk=FILE|@guest-cloud
#   timeout=SECONDS (default 120; the guest is destroyed then, not an error)
#   sector=4096  (every disk gets 4096-byte logical sectors)
#   mark=REGEX   (timing marker, default PVBOOT-E2E-MARKER)
#   anything else is copied into xl.cfg verbatim (e.g. 'on_crash="preserve"').
# env: BUILD (default ./build), PVBOOT_CACHE, E2E_VERBOSE=1 (whole serial).
# Exit status: 0 if the guest ended by itself (poweroff), 1 otherwise.
set -euo pipefail
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { sed -n '2,17p' "$0"; exit 2; }
q() { printf '%q' "$1"; }
abspath() { case $1 in @*|/*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
KERNEL=$(abspath "$1"); shift
DISKS=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do DISKS+=("$(abspath "$1")"); shift; done
[ "${1:-}" = -- ] && shift
BUILD=$(mkdir -p "${BUILD:-build}" && cd "${BUILD:-build}" && pwd)
export BUILD
CF=$BUILD/e2e/boot-one.case.sh
mkdir -p "$BUILD/e2e"
{
  echo "CASE_NAME=boot-one"
  echo "CASE_KERNEL=$(q "$KERNEL")"
  echo "CASE_ALLOW_TIMEOUT=1"
  echo "CASE_TIMEOUT=120"
  printf 'CASE_DISKS=('; for d in "${DISKS[@]}"; do printf '%q ' "$d"; done; echo ')'
  echo "CASE_XL=()"
  for o in "$@"; do
    k=${o%%=*}; v=${o#*=}; v=${v#\"}; v=${v%\"}
    case $k in
      memory) echo "CASE_MEMORY=$(q "$v")" ;;
      vcpus) echo "CASE_VCPUS=$(q "$v")" ;;
      type) echo "CASE_TYPE=$(q "$v")" ;;
      extra) echo "CASE_EXTRA=$(q "$v")" ;;
      ramdisk) echo "CASE_RAMDISK=$(q "$(abspath "$v")")" ;;
      timeout) echo "CASE_TIMEOUT=$(q "$v")" ;;
      sector) echo "CASE_SECTOR=$(q "$v")" ;;
      mark) echo "CASE_MARK=$(q "$v")" ;;
      *) echo "CASE_XL+=($(q "$o"))" ;;
    esac
  done
} >"$CF"
set +e
E2E_CASES= bash "$E2E_DIR/run.sh" ${E2E_VERBOSE:+-v} "$CF" | grep -v '^=== E2E-'
set -e
echo "----- guest console ($BUILD/e2e/boot-one.console) -----"
cat "$BUILD/e2e/boot-one.console" 2>/dev/null || echo "(none)"
echo "----- end of guest console; dom0 side: $BUILD/e2e/boot-one.log -----"
grep '^dom0| ' "$BUILD/e2e/boot-one.log" 2>/dev/null | grep -v 'xl: \(Parsing\|Waiting\)' || true
end=$(grep '^=== E2E-END boot-one ' "$BUILD/e2e/boot-one.log" 2>/dev/null || true)
echo "${end:-no end line: Xen/dom0 did not get to the guest}"
[[ $end == *status=ok* ]]
