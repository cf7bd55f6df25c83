# The interactive menu driven from Dom0 through the guest's console pty:
# a 20 s countdown on entry 0; "j", "j", Enter must boot entry 2.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh ovmf)
CASE_BOOT_MATCH=0  # keys or its own grubenv write change what it boots
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=512
CASE_TIMEOUT=120
CASE_EXPECT=('Booting .E2E key one. in' "^PVBOOT-E2E-MARKER cmdline=console=$E2E_CONSOLE e2e.case=pvboot-keys-3.?\$")
. "$E2E_DIR/lib/pvboot-boot.sh"
e2e_type_keys j j '\r'
case_prepare() {
  local r=$CASE_WORK/root
  e2e_menu_tree "$r" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" $'set default=0\nset timeout=20' \
    "E2E key one|k1|/boot/vmlinuz|console=$E2E_CONSOLE e2e.case=pvboot-keys-1" \
    "E2E key two|k2|/boot/vmlinuz|console=$E2E_CONSOLE e2e.case=pvboot-keys-2" \
    "E2E key three|k3|/boot/vmlinuz|console=$E2E_CONSOLE e2e.case=pvboot-keys-3"
  e2e_mkext4 "$r" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
