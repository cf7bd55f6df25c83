# Benchmark run 2: Xen's own loader starts the generic kernel (the limit).
CASE_NAME=bench-direct-2
CASE_KERNEL=@generic
CASE_RAMDISK=@guest-generic
CASE_MEMORY=512
CASE_TIMEOUT=150
CASE_EXTRA="console=hvc0 e2e.case=bench"
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=.*e2e\.case=bench')
case_prepare() {
  e2e_boot_tree "$CASE_WORK/root" "$E2E_GENERIC_KERNEL" "$(resolve @guest-generic)" "console=hvc0 e2e.case=bench"
  e2e_mkext4 "$CASE_WORK/root" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
