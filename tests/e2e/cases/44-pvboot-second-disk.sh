# /boot lives on xvdb; xvda is blank: pvboot must look at every disk.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
CASE_TIMEOUT=120
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=pvboot-xvdb' '^PVBOOT-E2E-GUEST-DONE')
case_prepare() {
  truncate -s 16M "$CASE_WORK/blank.img"
  e2e_boot_tree "$CASE_WORK/root" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" \
    "console=hvc0 e2e.case=pvboot-xvdb"
  e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/blank.img" "$CASE_WORK/disk.img")
}
