#!/usr/bin/env bash
# Boot time, in one run of the Xen-in-QEMU testbed: `xl create` -> the
# guest's marker line, for the same Debian 12 generic kernel and initramfs
#   direct   Xen's own domain builder loads the kernel (the limit)
#   pvgrub2  Debian's GRUB Xen image reads grub.cfg from xvda
#            (grub-x86_64-xen.bin for PV, grub-i386-xen_pvh.bin for PVH)
#   pvboot   this loader reads the same grub.cfg from xvda
# three runs each, as PV and as PVH guests, interleaved; prints the
# medians and the ratios per guest type.
# (TCG emulation: absolute times are slow, ratios are what carry over.)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$(pwd)/${BUILD:-build}
[ "${1:-}" = --report ] || make -s host pvboot >/dev/null
out=$build/bench-boot.txt
cases=()
for i in 1 2 3; do for l in direct pvgrub2 pvboot; do cases+=("tests/bench/boot-cases/$l-$i.sh"); done; done
if [ "${1:-}" != --report ]; then  # --report: only summarise the last run
  BUILD=$build E2E_SHARDS=1 bash tests/e2e/run.sh "${cases[@]}" | tee "$out"
fi
awk '
  # "PASS bench-pvboot-2@pvh (xl create -> marker 23.10s, ...)"
  /^PASS bench-/ { split($2, n, "-"); ty = n[3]; sub(/^[^@]*@?/, "", ty); if (ty == "") ty = "pv"
                   t = $0; sub(/.*marker /, "", t); sub(/s,.*/, "", t); v[n[2] "@" ty] = v[n[2] "@" ty] " " t }
  function median(s,   a, k, i, j, t) {   # insertion sort: mawk has no asort
    k = split(s, a, " ")
    for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return a[int((k + 1) / 2)]
  }
  END {
    for (l in v) m[l] = median(v[l])
    bad = 0
    split("pv pvh", types, " ")
    for (i = 1; i <= 2; i++) {
      ty = types[i]; d = m["direct@" ty]; g = m["pvgrub2@" ty]; p = m["pvboot@" ty]
      if (d == "" || p == "") { printf "%s: missing results (direct %s, pvboot %s)\n", ty, d, p; bad = 1; continue }
      printf "%-3s xl create -> marker (median of 3): direct %.2f s, %s %s, pvboot %.2f s\n", ty, d,
             ty == "pv" ? "pvgrub2" : "GRUB PVH", g == "" ? "failed" : sprintf("%.2f s", g), p
      printf "%-3s ratios: pvboot/direct %.2f", ty, p / d
      if (g != "") printf ", grub/direct %.2f, grub/pvboot %.2f", g / d, g / p
      printf "\n"
    }
    exit bad
  }' "$out"
