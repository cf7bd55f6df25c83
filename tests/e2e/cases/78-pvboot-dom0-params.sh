# Parameters from Dom0 (xl extra=): choose the entry by id, replace its
# command line and append to it; the default entry must not boot.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=512
CASE_TIMEOUT=120
CASE_EXTRA="pvboot.entry=e2e-two pvboot.cmdline=console=hvc0 pvboot.append=e2e.case=pvboot-dom0-replaced"
CASE_EXPECT=('^PVBOOT-E2E-MARKER cmdline=console=hvc0 e2e.case=pvboot-dom0-replaced.?$')
. "$E2E_DIR/lib/pvboot-boot.sh"
case_prepare() {
  local r=$CASE_WORK/root
  e2e_menu_tree "$r" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" $'set default=0\nset timeout=5' \
    'E2E one|e2e-one|/boot/vmlinuz|console=hvc0 e2e.case=pvboot-dom0-1' \
    'E2E two|e2e-two|/boot/vmlinuz|console=hvc0 e2e.case=pvboot-dom0-2'
  e2e_mkext4 "$r" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
