# pvboot boots Debian 12's cloud kernel (LZ4 payload), which pvgrub2 2.06
# rejects ("not xen image").
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
CASE_TIMEOUT=120
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=pvboot-cloud' '^PVBOOT-E2E-GUEST-DONE')
case_prepare() {
  e2e_boot_tree "$CASE_WORK/root" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" \
    "console=hvc0 e2e.case=pvboot-cloud"
  e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
