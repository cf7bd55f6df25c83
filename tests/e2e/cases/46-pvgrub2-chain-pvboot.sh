# Debian's pvgrub2 image first looks for /boot/xen/pvboot-x86_64.elf and
# chainloads it: put pvboot there (plus the usual /boot/grub/grub.cfg).
# PV only: GRUB's PVH image cannot start a PVH ELF (it boots Linux
# bzImages only; Flatcar's long-standing complaint), so there is no
# PVH → pvboot counterpart; pvboot → GRUB's PVH image is case 83.
CASE_KERNEL=@pvgrub2
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=512
CASE_TIMEOUT=150
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=pvgrub2-chain' '^PVBOOT-E2E-GUEST-DONE')
case_prepare() {
  e2e_boot_tree "$CASE_WORK/root" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" \
    "console=hvc0 e2e.case=pvgrub2-chain"
  mkdir -p "$CASE_WORK/root/boot/xen"
  cp "$(resolve @pvboot)" "$CASE_WORK/root/boot/xen/pvboot-x86_64.elf"
  e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
