# A 3 GiB guest booted through pvboot: the kernel must be given all of
# it (pvgrub2 maps only the first 2 GiB for itself; the kernel gets all
# pages either way, so this checks the p2m handed over is complete).
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=3072
CASE_TIMEOUT=150
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=console=hvc0 e2e.case=pvboot-3g')
case_prepare() {
  e2e_boot_tree "$CASE_WORK/root" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" "console=hvc0 e2e.case=pvboot-3g"
  e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
case_check() {
  local total
  total=$(sed -n 's/.*Memory: [0-9]*K\/\([0-9]*\)K available.*/\1/p' "$2" | head -1)
  [ "${total:-0}" -ge 3000000 ] || { echo "kernel saw ${total:-?} KiB of memory"; return 1; }
  echo "kernel saw $((total / 1024)) MiB" >"$CASE_WORK/summary"
}
