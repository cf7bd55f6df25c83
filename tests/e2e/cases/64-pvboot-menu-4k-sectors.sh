# A disk with 4096-byte logical sectors (blkback sector-size 4096): a
# whole-disk ext4 with 4 KiB blocks holding the Amazon PV-GRUB menu.lst.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_EXTRA="pvboot.noboot"  # these cases check the menu only
CASE_REQUIRES=(@pvboot)
CASE_SECTOR=4096
CASE_TIMEOUT=60
CASE_MARK='^PVBOOT-MENU-END'
CASE_EXPECT=('^pvboot: disk xvda: [0-9]+ sectors of 4096 bytes' '^PVBOOT-MENU-END')
. "$E2E_DIR/lib/pvboot-menu.sh"
case_prepare() {
  menu_stage amazon "$CASE_WORK/tree"
  e2e_mkext4 "$CASE_WORK/tree" "$CASE_WORK/disk.img" 32M -b 4096
  CASE_DISKS=("$CASE_WORK/disk.img")
}
case_check() { e2e_menu_matches "$1" "$CASE_WORK/disk.img" --sector-size 4096; }
