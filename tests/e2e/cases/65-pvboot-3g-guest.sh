# A guest with 3 GiB of RAM: pvboot maps all of it (pvgrub2 stops at 2 GiB),
# offers it to its allocator, and reads its disk as usual.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_EXTRA="pvboot.noboot"  # these cases check the menu only
CASE_REQUIRES=(@pvboot)
CASE_MEMORY=3072
CASE_TIMEOUT=90
CASE_MARK='^PVBOOT-MENU-END'
CASE_EXPECT=('^pvboot .*Xen PVH?, 3072 MiB, (2[1-9]|30)[0-9][0-9] MiB free for loading' '^PVBOOT-MENU-END')
. "$E2E_DIR/lib/pvboot-menu.sh"
case_prepare() {
  menu_image opensuse156 "$CASE_WORK/disk.img" gpt
  CASE_DISKS=("$CASE_WORK/disk.img")
}
case_check() { e2e_menu_matches "$1" "$CASE_WORK/disk.img"; }
