# pvboot -> pvgrub2: Dom0 picks the entry that boots Debian's pvgrub2
# image (pvboot.entry=pvgrub2); pvgrub2 then reads the same grub.cfg and
# boots its default, the generic kernel.
CASE_KERNEL=@pvboot
CASE_REQUIRES=(@pvboot @pvgrub2)
CASE_MEMORY=512
CASE_TIMEOUT=150
CASE_EXTRA="pvboot.entry=pvgrub2"
CASE_EXPECT=("booting 'E2E chain to pvgrub2'" '^PVBOOT-E2E-MARKER cmdline=.*e2e.case=pvboot-chain-pvgrub2')
. "$E2E_DIR/lib/pvboot-boot.sh"
case_prepare() {
  local r=$CASE_WORK/root
  e2e_menu_tree "$r" "$E2E_GENERIC_KERNEL" "$(resolve @guest-generic)" $'set default=0\nset timeout=0' \
    'E2E kernel|kernel|/boot/vmlinuz|console=hvc0 e2e.case=pvboot-chain-pvgrub2' \
    'E2E chain to pvgrub2|pvgrub2|/boot/xen/grub-x86_64-xen.bin|'
  mkdir -p "$r/boot/xen"
  cp "$(resolve @pvgrub2)" "$r/boot/xen/grub-x86_64-xen.bin"
  e2e_mkext4 "$r" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
