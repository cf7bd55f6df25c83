# GPT disk with /boot on partition 2: Fedora's grub.cfg with blscfg, BLS
# entries and $kernelopts from grubenv.
CASE_KERNEL=@pvboot
CASE_TYPES=(pv pvh)
CASE_EXTRA="pvboot.noboot"  # these cases check the menu only
CASE_REQUIRES=(@pvboot)
CASE_TIMEOUT=60
CASE_MARK='^PVBOOT-MENU-END'
CASE_EXPECT=('^config: \(hd0,gpt2\)/grub2/grub.cfg' 'cmdline: root=UUID=.* ro console=hvc0 rhgb quiet')
. "$E2E_DIR/lib/pvboot-menu.sh"
case_prepare() {
  menu_image fedora39 "$CASE_WORK/disk.img" gpt
  CASE_DISKS=("$CASE_WORK/disk.img")
}
case_check() { e2e_menu_matches "$1" "$CASE_WORK/disk.img"; }
