# Benchmark run 2: pvgrub2 reads grub.cfg from the same kind of disk and boots the same kernel.
CASE_NAME=bench-pvgrub2-2
CASE_KERNEL=@pvgrub2
CASE_MEMORY=512
CASE_TIMEOUT=150
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=bench')
case_prepare() {
  e2e_boot_tree "$CASE_WORK/root" "$E2E_GENERIC_KERNEL" "$(resolve @guest-generic)" "console=hvc0 e2e.case=bench"
  e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
