# pvboot -> pvboot: the first entry boots the guest's own copy of pvboot
# (a Xen PV ELF) with pvboot.entry=1, which then boots entry 1.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=512
CASE_TIMEOUT=120
CASE_EXPECT=("booting 'E2E chain to pvboot'" '^PVBOOT-E2E-MARKER cmdline=console=hvc0 e2e.case=pvboot-chain-pvboot.?$')
. "$E2E_DIR/lib/pvboot-boot.sh"
case_prepare() {
  local r=$CASE_WORK/root
  e2e_menu_tree "$r" "$E2E_CLOUD_KERNEL" "$(resolve @guest-cloud)" $'set default=0\nset timeout=0' \
    'E2E chain to pvboot|chain|/boot/xen/pvboot-x86_64.elf|pvboot.entry=1' \
    'E2E kernel|kernel|/boot/vmlinuz|console=hvc0 e2e.case=pvboot-chain-pvboot'
  mkdir -p "$r/boot/xen"
  cp "$(resolve @pvboot)" "$r/boot/xen/pvboot-x86_64.elf"
  e2e_mkext4 "$r" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
case_check() {
  local n; n=$(grep -c '^pvboot .*(Xen PV' "$1")
  [ "$n" -ge 2 ] || { echo "pvboot started $n time(s), expected 2"; return 1; }
}
