# Debian's saved-default idiom: load_env from /boot/grub/grubenv and
# `set default="${saved_entry}"`; saved_entry names the third entry by id.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=512
CASE_TIMEOUT=120
CASE_EXPECT=("^PVBOOT-E2E-MARKER cmdline=console=$E2E_CONSOLE e2e.case=pvboot-saved-3.?\$")
. "$E2E_DIR/lib/pvboot-boot.sh"
case_prepare() {
  local r=$CASE_WORK/root
  e2e_menu_tree "$r" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" \
    $'if [ -s $prefix/grubenv ]; then\n  load_env\nfi\nset default="${saved_entry}"\nset timeout=0' \
    "E2E one|e2e-one|/boot/vmlinuz|console=$E2E_CONSOLE e2e.case=pvboot-saved-1" \
    "E2E two|e2e-two|/boot/vmlinuz|console=$E2E_CONSOLE e2e.case=pvboot-saved-2" \
    "E2E three|e2e-three|/boot/vmlinuz|console=$E2E_CONSOLE e2e.case=pvboot-saved-3"
  e2e_grubenv "$r/boot/grub/grubenv" saved_entry=e2e-three
  e2e_mkext4 "$r" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
