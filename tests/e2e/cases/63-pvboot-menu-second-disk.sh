# Two disks: xvda has a filesystem without any boot configuration, the
# configuration (CentOS 6 menu.lst on a /boot partition) is on xvdb.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_EXTRA="pvboot.noboot"  # these cases check the menu only
CASE_REQUIRES=(@pvboot)
CASE_TIMEOUT=60
CASE_MARK='^PVBOOT-MENU-END'
CASE_EXPECT=('^pvboot: disk xvdb' '^config: \(hd1,msdos1\)/grub/menu.lst')
. "$E2E_DIR/lib/pvboot-menu.sh"
case_prepare() {
  mkdir -p "$CASE_WORK/data/srv"
  echo data >"$CASE_WORK/data/srv/file"
  e2e_mkext4 "$CASE_WORK/data" "$CASE_WORK/a.img" 16M
  menu_image centos6 "$CASE_WORK/b.img" dos
  CASE_DISKS=("$CASE_WORK/a.img" "$CASE_WORK/b.img")
}
case_check() { e2e_menu_matches "$1" "$CASE_WORK/a.img,$CASE_WORK/b.img"; }
