# MBR disk with /boot on its own first partition (Ubuntu 22.04 grub.cfg,
# saved_entry from grubenv picking a submenu entry by id path).
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_EXTRA="pvboot.noboot"  # these cases check the menu only
CASE_REQUIRES=(@pvboot)
CASE_TIMEOUT=60
CASE_MARK='^PVBOOT-MENU-END'
CASE_EXPECT=('^config: \(hd0,msdos1\)/grub/grub.cfg' '^default: 3 ')
. "$E2E_DIR/lib/pvboot-menu.sh"
case_prepare() {
  menu_image ubuntu2204 "$CASE_WORK/disk.img" dos
  CASE_DISKS=("$CASE_WORK/disk.img")
}
case_check() { e2e_menu_matches "$1" "$CASE_WORK/disk.img"; }
