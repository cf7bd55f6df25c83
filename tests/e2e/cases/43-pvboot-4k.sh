# pvboot on a disk with 4096-byte logical sectors (blkfront sector-size 4096).
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
CASE_SECTOR=4096
CASE_TIMEOUT=120
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=pvboot-4k' '^PVBOOT-E2E-GUEST-DONE')
case_prepare() {
  e2e_boot_tree "$CASE_WORK/root" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" \
    "console=hvc0 e2e.case=pvboot-4k"
  e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 64M -b 4096
  CASE_DISKS=("$CASE_WORK/disk.img")
}
