# A PVH guest with more than 4 GiB of RAM: pvboot maps the memory above
# 4 GiB from the memory map (and places Xen's pages above all of it), the
# kernel sees all of it after the handoff.  Needs E2E_QEMU_MEM >= 6144.
CASE_TYPE=pvh
CASE_KERNEL=@pvboot
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=4608
CASE_TIMEOUT=180
CASE_EXPECT=('^pvboot .*Xen PVH, 4608 MiB' '^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=pvboot-pvh-big' '^PVBOOT-E2E-GUEST-DONE')
case_enabled() {
  [ "${E2E_QEMU_MEM:-7168}" -ge 6144 ] || { echo "E2E_QEMU_MEM=${E2E_QEMU_MEM} leaves no room for a 4.5 GiB guest"; return 1; }
}
case_prepare() {
  e2e_boot_tree "$CASE_WORK/root" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" \
    "console=hvc0 e2e.case=pvboot-pvh-big"
  e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
case_check() {
  local total
  total=$(sed -n 's/.*Memory: [0-9]*K\/\([0-9]*\)K available.*/\1/p' "$2" | head -1)
  [ "${total:-0}" -ge 4500000 ] || { echo "kernel saw ${total:-?} KiB of memory"; return 1; }
  echo "kernel saw $((total / 1024)) MiB" >"$CASE_WORK/summary"
}
