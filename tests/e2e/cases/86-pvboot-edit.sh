# Editing an entry's command line from the console: during the countdown
# Dom0 types "e", " e2e.edited=yes" and Enter into the guest's console pty;
# the kernel must get the edited line.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh ovmf)
CASE_BOOT_MATCH=0  # keys or its own grubenv write change what it boots
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=512
CASE_TIMEOUT=120
CASE_EXPECT=("^PVBOOT-E2E-MARKER cmdline=console=$E2E_CONSOLE e2e.case=pvboot-edit e2e.edited=yes.?\$")
. "$E2E_DIR/lib/pvboot-boot.sh"
e2e_type_keys e ' e2e.edited=yes' '\r'
case_prepare() {
  local r=$CASE_WORK/root
  e2e_menu_tree "$r" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" $'set default=0\nset timeout=20' \
    "E2E edit me|edit|/boot/vmlinuz|console=$E2E_CONSOLE e2e.case=pvboot-edit"
  e2e_mkext4 "$r" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
