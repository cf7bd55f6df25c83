#!/usr/bin/env bash
# Boot time, in one run of the Xen-in-QEMU testbed: `xl create` -> the
# guest's marker line, for the same Debian 12 generic kernel and initramfs
#   direct   Xen's own domain builder loads the kernel (the limit)
#   pvgrub2  Debian's grub-x86_64-xen.bin reads grub.cfg from xvda
#   pvboot   this loader reads the same grub.cfg from xvda
# three runs each, interleaved; prints the medians and the ratios.
# (TCG emulation: absolute times are slow, ratios are what carry over.)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$(pwd)/${BUILD:-build}
[ "${1:-}" = --report ] || make -s host pvboot >/dev/null
out=$build/bench-boot.txt
cases=()
for i in 1 2 3; do for l in direct pvgrub2 pvboot; do cases+=("tests/bench/boot-cases/$l-$i.sh"); done; done
if [ "${1:-}" != --report ]; then  # --report: only summarise the last run
  BUILD=$build bash tests/e2e/run.sh "${cases[@]}" | tee "$out"
fi
awk '
  /^PASS bench-/ { split($2, n, "-"); t = $0; sub(/.*marker /, "", t); sub(/s,.*/, "", t); v[n[2]] = v[n[2]] " " t }
  function median(s,   a, k, i, j, t) {   # insertion sort: mawk has no asort
    k = split(s, a, " ")
    for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return a[int((k + 1) / 2)]
  }
  END {
    for (l in v) m[l] = median(v[l])
    if (!("direct" in m) || !("pvboot" in m) || !("pvgrub2" in m)) { print "boot-time: missing results"; exit 1 }
    printf "xl create -> marker (median of 3): direct %.2f s, pvgrub2 %.2f s, pvboot %.2f s\n", m["direct"], m["pvgrub2"], m["pvboot"]
    printf "ratios: pvboot/direct %.2f, pvgrub2/direct %.2f, pvgrub2/pvboot %.2f\n", m["pvboot"] / m["direct"], m["pvgrub2"] / m["direct"], m["pvgrub2"] / m["pvboot"]
  }' "$out"
