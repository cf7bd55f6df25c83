# Debian's one-shot `grub-reboot`: grubenv has next_entry=e2e-two; the
# config boots it, clears next_entry with save_env and sets boot_once, so
# savedefault must not touch saved_entry.  Checked on the disk afterwards.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_BOOT_MATCH=0  # keys or its own grubenv write change what it boots
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=512
CASE_TIMEOUT=120
CASE_EXPECT=("^PVBOOT-E2E-MARKER cmdline=console=$E2E_CONSOLE e2e.case=pvboot-next-2.?\$")
. "$E2E_DIR/lib/pvboot-boot.sh"
case_prepare() {
  local r=$CASE_WORK/root
  e2e_menu_tree "$r" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" \
    $'if [ -s $prefix/grubenv ]; then\n  load_env\nfi\nif [ "${next_entry}" ] ; then\n   set default="${next_entry}"\n   set next_entry=\n   save_env next_entry\n   set boot_once=true\nelse\n   set default="${saved_entry}"\nfi\nset timeout=0\nfunction savedefault {\n  if [ -z "${boot_once}" ]; then\n    saved_entry="${chosen}"\n    save_env saved_entry\n  fi\n}' \
    "E2E one|e2e-one|/boot/vmlinuz|console=$E2E_CONSOLE e2e.case=pvboot-next-1" \
    "E2E two|e2e-two|/boot/vmlinuz|console=$E2E_CONSOLE e2e.case=pvboot-next-2"
  sed -i 's/^\tlinux /\tsavedefault\n\tlinux /' "$r/boot/grub/grub.cfg"
  e2e_grubenv "$r/boot/grub/grubenv" saved_entry=e2e-one next_entry=e2e-two
  e2e_mkext4 "$r" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
case_check() {
  local env
  env=$(debugfs -R 'cat /boot/grub/grubenv' "$CASE_WORK/disk.img" 2>/dev/null | tr -d '#')
  grep -qx 'saved_entry=e2e-one' <<<"$env" && grep -qx 'next_entry=' <<<"$env" ||
    { echo "grubenv after boot: $(tr '\n' ' ' <<<"$env")"; return 1; }
}
