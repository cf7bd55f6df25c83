# pvboot -> GRUB: Dom0 picks the entry that boots Debian's GRUB Xen image
# (pvboot.entry=pvgrub2): pvgrub2 (grub-x86_64-xen.bin) in a PV guest,
# GRUB's PVH image (grub-i386-xen_pvh.bin, entered at its PHYS32_ENTRY at
# 1 MiB, where pvboot itself runs) in a PVH guest.  GRUB then reads the
# same grub.cfg and boots its default, the generic kernel.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_REQUIRES=(@pvboot @pvgrub2 @pvgrub2-pvh)
CASE_MEMORY=512
CASE_TIMEOUT=240
# GRUB's PVH image reads the kernel through its own blkfront at tens of
# KiB/s under emulation: give it time.
CASE_TIMEOUT_PVH=420
CASE_EXTRA="pvboot.entry=pvgrub2"
CASE_EXPECT=("booting 'E2E chain to pvgrub2'" 'Booting .E2E kernel' '^PVBOOT-E2E-MARKER cmdline=.*e2e.case=pvboot-chain-pvgrub2')
. "$E2E_DIR/lib/pvboot-boot.sh"
case_prepare() {
  local r=$CASE_WORK/root grub=grub-x86_64-xen.bin img=@pvgrub2
  [ "$CASE_TYPE" = pvh ] && { grub=grub-i386-xen_pvh.bin; img=@pvgrub2-pvh; }
  e2e_menu_tree "$r" "$E2E_GENERIC_KERNEL" "$(resolve @guest-generic)" $'set default=0\nset timeout=0' \
    'E2E kernel|kernel|/boot/vmlinuz|console=hvc0 e2e.case=pvboot-chain-pvgrub2' \
    "E2E chain to pvgrub2|pvgrub2|/boot/xen/$grub|"
  mkdir -p "$r/boot/xen"
  cp "$(resolve "$img")" "$r/boot/xen/$grub"
  e2e_mkext4 "$r" "$CASE_WORK/disk.img" 64M
  CASE_DISKS=("$CASE_WORK/disk.img")
}
