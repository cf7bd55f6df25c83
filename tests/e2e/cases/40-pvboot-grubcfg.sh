# pvboot as the PV kernel, same disk as 20-pvgrub2 (ext4 xvda, grub.cfg,
# generic xz kernel): the like-for-like comparison with pvgrub2.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=512
CASE_TIMEOUT=120
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=pvboot-grubcfg' '^PVBOOT-E2E-GUEST-DONE')
case_prepare() {
  e2e_boot_tree "$CASE_WORK/root" "$E2E_GENERIC_KERNEL" "$(resolve @guest-generic)" \
    "console=hvc0 e2e.case=pvboot-grubcfg"
  e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
