# pvboot as the PV kernel reads a whole-disk ext4 (Debian 12 grub.cfg with
# submenu, search --fs-uuid, load_video...) through blkfront and prints the
# menu; it must equal `pvboot-inspect IMAGE menu`; then a clean shutdown.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_EXTRA="pvboot.noboot"  # these cases check the menu only
CASE_REQUIRES=(@pvboot)
CASE_TIMEOUT=60
CASE_MARK='^PVBOOT-MENU-END'
CASE_EXPECT=('^pvboot .*Xen PVH?, 256 MiB' '^pvboot: disk xvda: 65536 sectors of 512 bytes' '^PVBOOT-MENU-END')
. "$E2E_DIR/lib/pvboot-menu.sh"
case_prepare() {
  menu_image debian12 "$CASE_WORK/disk.img" whole
  CASE_DISKS=("$CASE_WORK/disk.img")
}
case_check() { e2e_menu_matches "$1" "$CASE_WORK/disk.img"; }
