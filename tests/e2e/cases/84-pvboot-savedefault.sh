# savedefault written back through blkfront: grub-mkconfig's
# `function savedefault` in every entry; Dom0 picks entry two; after the
# guest ran, the disk's grubenv must say saved_entry=e2e-two (and the
# filesystem must still be clean).
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh ovmf)
CASE_BOOT_MATCH=0  # keys or its own grubenv write change what it boots
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=512
CASE_TIMEOUT=120
CASE_EXTRA="pvboot.entry=e2e-two"
CASE_EXPECT=("^PVBOOT-E2E-MARKER cmdline=console=$E2E_CONSOLE e2e.case=pvboot-savedefault-2.?\$" "saved to \(hd0\)/boot/grub/grubenv")
. "$E2E_DIR/lib/pvboot-boot.sh"
case_prepare() {
  local r=$CASE_WORK/root
  e2e_menu_tree "$r" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" \
    $'if [ -s $prefix/grubenv ]; then\n  load_env\nfi\nset default="${saved_entry}"\nset timeout=0\nfunction savedefault {\n  if [ -z "${boot_once}" ]; then\n    saved_entry="${chosen}"\n    save_env saved_entry\n  fi\n}' \
    "E2E one|e2e-one|/boot/vmlinuz|console=$E2E_CONSOLE e2e.case=pvboot-savedefault-1" \
    "E2E two|e2e-two|/boot/vmlinuz|console=$E2E_CONSOLE e2e.case=pvboot-savedefault-2"
  sed -i 's/^\tlinux /\tsavedefault\n\tlinux /' "$r/boot/grub/grub.cfg"
  e2e_grubenv "$r/boot/grub/grubenv" saved_entry=e2e-one
  e2e_mkext4 "$r" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
case_check() {
  local env
  env=$(debugfs -R 'cat /boot/grub/grubenv' "$CASE_WORK/disk.img" 2>/dev/null | tr -d '#')
  grep -qx 'saved_entry=e2e-two' <<<"$env" || { echo "grubenv after boot: $(tr '\n' ' ' <<<"$env")"; return 1; }
  e2fsck -fn "$CASE_WORK/disk.img" >/dev/null 2>&1 || { echo "e2fsck: filesystem not clean after the write"; return 1; }
}
