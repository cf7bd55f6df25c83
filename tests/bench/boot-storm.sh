#!/usr/bin/env bash
# Boot storm, in one run of the Xen-in-QEMU testbed: four guests (two PV,
# two PVH) created at once, for each loader — direct (Xen's own domain
# builder), GRUB (pvgrub2 for PV, GRUB's PVH image for PVH), pvboot — on
# the same disks, kernel and initramfs as tests/bench/boot-time.sh; the
# time from the storm's start until the last guest's marker, and the
# ratios.  (TCG emulation: absolute times are slow, ratios carry over.)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$(pwd)/${BUILD:-build}
[ "${1:-}" = --report ] || make -s host pvboot >/dev/null
out=$build/bench-storm.txt
if [ "${1:-}" != --report ]; then  # --report: only summarise the last run
  BUILD=$build E2E_SHARDS=1 bash tests/e2e/run.sh tests/bench/storm-cases/*.sh | tee "$out"
fi
awk '
  # "PASS storm-pvboot-a@pvh (xl create -> marker 23.10s, ...)"
  /^(PASS|FAIL) storm-/ { split($2, n, "-"); l = n[2]
    if ($1 == "FAIL") { failed[l]++; next }
    t = $0; sub(/.*marker /, "", t); sub(/s,.*/, "", t); if (t + 0 > last[l]) last[l] = t + 0; ok[l]++ }
  END {
    for (l in failed) printf "%s: %d of 4 guests failed\n", l, failed[l]
    if (ok["direct"] != 4 || ok["pvboot"] != 4) { print "boot-storm: missing results"; exit 1 }
    printf "4 guests at once (2 PV + 2 PVH), start -> last marker: direct %.2f s, GRUB %s, pvboot %.2f s\n",
           last["direct"], ok["pvgrub2"] == 4 ? sprintf("%.2f s", last["pvgrub2"]) : "failed", last["pvboot"]
    printf "ratios: pvboot/direct %.2f", last["pvboot"] / last["direct"]
    if (ok["pvgrub2"] == 4) printf ", GRUB/direct %.2f, GRUB/pvboot %.2f", last["pvgrub2"] / last["direct"], last["pvgrub2"] / last["pvboot"]
    printf "\n"
  }' "$out"
