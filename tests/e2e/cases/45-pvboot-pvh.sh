# pvboot started as a PVH guest (needs the XEN_ELFNOTE_PHYS32_ENTRY note, 18).
CASE_TYPE=pvh
CASE_KERNEL=@pvboot
CASE_REQUIRES=(@pvboot)
CASE_TIMEOUT=120
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=pvboot-pvh' '^PVBOOT-E2E-GUEST-DONE')
case_enabled() {
  readelf -n "$(resolve @pvboot)" 2>/dev/null | grep -A0 -i '^ *Xen' | grep '0x00000012' >/dev/null ||
    { echo "pvboot ELF has no PHYS32_ENTRY note yet"; return 1; }
}
case_prepare() {
  e2e_boot_tree "$CASE_WORK/root" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" \
    "console=hvc0 e2e.case=pvboot-pvh"
  e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
